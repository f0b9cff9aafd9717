package io.vigia.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shaded vigia.jar (built by the jobs module before this one in `mvn verify`) holds no class of the generator
 * or of this module, and none of its vigia classes refers to them. Skipped with a message when the jar has not
 * been built (`mvn test`); GeneratorOutsideJobsTest in jobs/ checks the classes it is made of in any case.
 */
class VigiaJarTest {
  static final Path JAR = Path.of("..", "jobs", "target", "vigia.jar");

  @Test
  void vigiaJarHasNoGeneratorOrDemoClassAndNoReferenceToThem() throws IOException {
    if (!Files.isRegularFile(JAR)) {
      System.out.println("SKIPPED: VigiaJarTest: " + JAR.toAbsolutePath().normalize()
          + " not built (mvn package)");
      Assumptions.abort("vigia.jar not built");
    }
    List<String> generatorOrDemo = new ArrayList<>();
    List<String> referring = new ArrayList<>();
    int vigiaClasses = 0;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (JarEntry e : Collections.list(jar.entries())) {
        String name = e.getName();
        if (name.startsWith("io/vigia/generate/")
            || name.startsWith("io/vigia/demo/")
            || name.startsWith("io/vigia/jobs/generate/")) {
          generatorOrDemo.add(name);
        }
        if (name.startsWith("io/vigia/") && name.endsWith(".class")) {
          vigiaClasses++;
          try (InputStream in = jar.getInputStream(e)) {
            String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (bytes.contains("io/vigia/generate")
                || bytes.contains("io.vigia.generate")
                || bytes.contains("io/vigia/demo/")) {
              referring.add(name);
            }
          }
        }
      }
      assertThat(jar.getEntry("io/vigia/cli/Main.class"))
          .as("the CLI is in vigia.jar")
          .isNotNull();
    }
    assertThat(vigiaClasses).isGreaterThan(100);
    assertThat(generatorOrDemo).as("generator or demo classes in vigia.jar").isEmpty();
    assertThat(referring)
        .as("vigia.jar classes referring to the generator or the demo module")
        .isEmpty();
  }
}
