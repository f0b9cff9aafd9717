package io.vigia.common.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) without a process per file. Without Hadoop's native
 * library (which Spark does not ship), {@link RawLocalFileSystem} runs {@code chmod} for every file and
 * directory it creates and {@code readlink} for every rename: about 1,000 child processes in a demo
 * run, each a fork of the driver JVM. These classes do the same two things through java.nio and are
 * otherwise Hadoop's own: {@link Sessions#builder} sets them for the {@code file:} scheme
 * ({@link #SETTINGS}), for both of Hadoop's file system APIs (FileSystem, which Spark's writers and
 * readers use, and FileContext, which Delta's log store commits through).
 */
public final class LocalFileSystems {
  private LocalFileSystems() {}

  /** Spark settings that put these classes behind {@code file:} paths, on the driver and executors. */
  public static final Map<String, String> SETTINGS = Map.of(
      "spark.hadoop.fs.file.impl",
      Checksummed.class.getName(),
      "spark.hadoop.fs.AbstractFileSystem.file.impl",
      Context.class.getName());

  /** The raw local file system, with permissions set and links read through java.nio. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (permission.getStickyBit()) {
        super.setPermission(p, permission); // java.nio cannot set it
        return;
      }
      Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
      add(
          perms,
          permission.getUserAction(),
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
      add(
          perms,
          permission.getGroupAction(),
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE);
      add(
          perms,
          permission.getOtherAction(),
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), perms);
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("File " + p + " does not exist");
      }
    }

    private static void add(
        Set<PosixFilePermission> perms,
        FsAction a,
        PosixFilePermission read,
        PosixFilePermission write,
        PosixFilePermission execute) {
      if (a.implies(FsAction.READ)) {
        perms.add(read);
      }
      if (a.implies(FsAction.WRITE)) {
        perms.add(write);
      }
      if (a.implies(FsAction.EXECUTE)) {
        perms.add(execute);
      }
    }

    /** Not a link (nearly always): the file's status, as Hadoop's returns it, without readlink. */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      if (Files.isSymbolicLink(pathToFile(f).toPath())) {
        return super.getFileLinkStatus(f);
      }
      return getFileStatus(f);
    }
  }

  /** {@code fs.file.impl}: Hadoop's checksummed local file system over {@link Raw}. */
  public static class Checksummed extends LocalFileSystem {
    public Checksummed() {
      super(new Raw());
    }
  }

  /**
   * {@code fs.AbstractFileSystem.file.impl} (FileContext): Hadoop's checksummed local one over
   * {@link Raw}, with the raw local one's defaults (hadoop's LocalFs and RawLocalFs, whose constructors
   * are not public). FileContext builds it through the (URI, Configuration) constructor.
   */
  public static class Context extends ChecksumFs {
    public Context(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawContext(uri, conf));
    }
  }

  static class RawContext extends DelegateToFileSystem {
    RawContext(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1; // no port in a file: URI
    }

    @Override
    @SuppressWarnings("deprecation")
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true; // any local path is valid
    }
  }
}
