package io.vigia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.job.Job;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The generator (io.vigia.generate) and the demo commands (io.vigia.demo) are no part of the product: no class
 * of the jobs or of common — what vigia.jar is made of, besides libraries — refers to them (a reference to a
 * class leaves its name in the class file's constant pool; a by-name lookup leaves the dotted name), and the
 * product's sources do not mention them. Without the demo module, `vigia demo` and `vigia generate` say where
 * they are. (VigiaJarTest in demo/ checks the built vigia.jar itself.)
 */
class GeneratorOutsideJobsTest {
  /** What a class file of the product must not contain. Main names io.vigia.demo's commands by name only. */
  static final List<String> FORBIDDEN =
      List.of("io/vigia/generate", "io.vigia.generate", "io/vigia/demo/", "io/vigia/jobs/generate");

  @Test
  void noClassOfTheJobsOrOfCommonRefersToTheGeneratorOrTheDemoModule() throws Exception {
    Map<String, String> offenders = new TreeMap<>();
    int scanned = 0;
    for (Class<?> anchor : new Class<?>[] {Main.class, Job.class}) {
      Path where = location(anchor);
      for (Map.Entry<String, byte[]> c : classes(where).entrySet()) {
        scanned++;
        String found = firstForbidden(c.getValue());
        if (found != null) {
          offenders.put(c.getKey(), found);
        }
      }
    }
    assertThat(scanned).as("class files scanned").isGreaterThan(100);
    assertThat(offenders)
        .as("product classes referring to the generator or the demo module")
        .isEmpty();
  }

  @Test
  void theScanFindsAReferenceToTheGenerator() throws Exception {
    // this test class refers to nothing forbidden; a class of the jobs' tests that uses the
    // generator does
    byte[] uses = Files.readAllBytes(
        location(getClass()).resolve("io/vigia/jobs/drift/DetectionQualityHarness.class"));
    assertThat(firstForbidden(uses)).isEqualTo("io/vigia/generate");
  }

  @Test
  void theProductSourcesDoNotMentionTheGenerator() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (String root : new String[] {"src/main", "../common/src/main"}) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String text = Files.readString(f, StandardCharsets.ISO_8859_1);
          if (text.contains("io.vigia.generate") || text.contains("io.vigia.jobs.generate")) {
            offenders.add(f.toString());
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void withoutTheDemoModuleDemoAndGenerateSayWhereTheyAre() {
    // the jobs' test classpath has the generator (test scope) but not the demo module, like
    // vigia.jar alone
    for (String cmd : new String[] {"demo", "generate"}) {
      Cli.Result r = Cli.run(cmd, "--tenants", "2");
      assertThat(r.code()).as(cmd).isEqualTo(Main.USAGE);
      assertThat(r.err().strip())
          .as(cmd)
          .doesNotContain("\n")
          .isEqualTo("vigia: vigia " + cmd
              + " needs the demo module, which vigia.jar does not contain: run ./vigia " + cmd
              + " from a source checkout");
    }
  }

  static String firstForbidden(byte[] classFile) {
    String text = new String(classFile, StandardCharsets.ISO_8859_1);
    for (String f : FORBIDDEN) {
      if (text.contains(f)) {
        return f;
      }
    }
    return null;
  }

  static Path location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Class files under a classes directory or in a jar, by name. */
  static Map<String, byte[]> classes(Path where) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    if (Files.isDirectory(where)) {
      try (Stream<Path> files = Files.walk(where)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          out.put(where.relativize(f).toString(), Files.readAllBytes(f));
        }
      }
    } else {
      try (JarFile jar = new JarFile(where.toFile())) {
        for (JarEntry e : java.util.Collections.list(jar.entries())) {
          if (e.getName().endsWith(".class")) {
            try (InputStream in = jar.getInputStream(e)) {
              out.put(e.getName(), in.readAllBytes());
            }
          }
        }
      }
    }
    return out;
  }
}
