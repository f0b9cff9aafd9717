package io.vigia.common.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.testing.TestEnv;
import java.io.FileNotFoundException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;

/** The process-free local file system does what Hadoop's own does, for both of Hadoop's APIs. */
class LocalFileSystemsTest {
  static Configuration conf() {
    Configuration c = new Configuration(false);
    LocalFileSystems.SETTINGS.forEach((k, v) -> c.set(k.substring("spark.hadoop.".length()), v));
    c.setBoolean("fs.file.impl.disable.cache", true);
    return c;
  }

  @Test
  void permissionsAndLinkStatusEqualHadoopsOwn() throws Exception {
    java.nio.file.Path dir = TestEnv.tempDir("localfs");
    RawLocalFileSystem hadoop = new RawLocalFileSystem();
    hadoop.initialize(URI.create("file:///"), new Configuration(false));
    LocalFileSystems.Raw ours = new LocalFileSystems.Raw();
    ours.initialize(URI.create("file:///"), new Configuration(false));
    for (String mode : new String[] {"644", "600", "755", "750", "421", "000", "777"}) {
      FsPermission p = new FsPermission(mode);
      Path a = new Path(dir.toUri().toString(), "hadoop-" + mode);
      Path b = new Path(dir.toUri().toString(), "ours-" + mode);
      hadoop.create(a).close();
      ours.create(b).close();
      hadoop.setPermission(a, p);
      ours.setPermission(b, p);
      assertThat(Files.getPosixFilePermissions(dir.resolve("ours-" + mode)))
          .as(mode)
          .isEqualTo(Files.getPosixFilePermissions(dir.resolve("hadoop-" + mode)))
          .isEqualTo(PosixFilePermissions.fromString(p.toString()));
      // a directory made with a permission (after the umask, as Hadoop's)
      assertThat(ours.mkdirs(new Path(b + "-dir"), p)).isTrue();
      assertThat(hadoop.mkdirs(new Path(a + "-dir"), p)).isTrue();
      assertThat(Files.getPosixFilePermissions(dir.resolve("ours-" + mode + "-dir")))
          .isEqualTo(Files.getPosixFilePermissions(dir.resolve("hadoop-" + mode + "-dir")));
    }
    assertThatThrownBy(() ->
            ours.setPermission(new Path(dir.toUri().toString(), "absent"), new FsPermission("644")))
        .isInstanceOf(FileNotFoundException.class);

    Path file = new Path(dir.toUri().toString(), "ours-644");
    FileStatus plain = ours.getFileLinkStatus(file);
    assertThat(plain.isSymlink()).isFalse();
    assertThat(plain).isEqualTo(hadoop.getFileLinkStatus(file));
    assertThat(plain.getLen()).isEqualTo(hadoop.getFileLinkStatus(file).getLen());
    java.nio.file.Path link =
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("ours-644"));
    FileStatus viaLink = ours.getFileLinkStatus(new Path(link.toString()));
    assertThat(viaLink.isSymlink()).isTrue();
    assertThat(viaLink.getSymlink().toUri().getPath())
        .isEqualTo(dir.resolve("ours-644").toString());
    assertThatThrownBy(() -> ours.getFileLinkStatus(new Path(dir.toUri().toString(), "absent")))
        .isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void bothHadoopApisUseItWithChecksumsAndRenameAsHadoops() throws Exception {
    java.nio.file.Path dir = TestEnv.tempDir("localfs-api");
    Configuration c = conf();
    FileSystem fs = FileSystem.get(dir.toUri(), c);
    assertThat(fs).isInstanceOf(LocalFileSystems.Checksummed.class);
    Path f = new Path(dir.toUri().toString(), "a.json");
    try (FSDataOutputStream out = fs.create(f)) {
      out.write("{\"v\":1}".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(Files.exists(dir.resolve(".a.json.crc"))).as("checksum file").isTrue();

    FileContext fc = FileContext.getFileContext(dir.toUri(), c);
    assertThat(fc.getDefaultFileSystem()).isInstanceOf(LocalFileSystems.Context.class);
    Path tmp = new Path(dir.toUri().toString(), ".b.json.tmp");
    try (FSDataOutputStream out =
        fc.create(tmp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write("{\"v\":2}".getBytes(StandardCharsets.UTF_8));
    }
    Path b = new Path(dir.toUri().toString(), "b.json");
    fc.rename(tmp, b, Options.Rename.NONE);
    assertThat(Files.readString(dir.resolve("b.json"))).isEqualTo("{\"v\":2}");
    // a commit's rename never replaces an existing file (what Delta's log store relies on)
    Path tmp2 = new Path(dir.toUri().toString(), ".b2.json.tmp");
    fc.create(tmp2, EnumSet.of(CreateFlag.CREATE)).close();
    assertThatThrownBy(() -> fc.rename(tmp2, b, Options.Rename.NONE))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(dir.resolve("b.json"))).isEqualTo("{\"v\":2}");
  }

  @Test
  void theSessionsFilePathsUseIt() throws Exception {
    Configuration c = TestEnv.spark().sparkContext().hadoopConfiguration();
    assertThat(c.get("fs.file.impl")).isEqualTo(LocalFileSystems.Checksummed.class.getName());
    assertThat(c.get("fs.AbstractFileSystem.file.impl"))
        .isEqualTo(LocalFileSystems.Context.class.getName());
    assertThat(FileSystem.newInstance(URI.create("file:///"), c))
        .isInstanceOf(LocalFileSystems.Checksummed.class);
  }
}
