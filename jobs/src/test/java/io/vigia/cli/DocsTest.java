package io.vigia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README is the front door (at most about 250 lines, the test command CI runs) and every relative
 * link and anchor in README.md, notebooks/README.md and docs/ resolves (scripts/check-doc-links.py).
 */
class DocsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void readmeIsShortAndNamesTheCiTestCommand() throws Exception {
    var lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    assertThat(lines.size()).isLessThanOrEqualTo(250);
    String ci = Files.readString(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
    String command =
        ci.lines().filter(l -> l.contains("mvn")).findFirst().orElseThrow().trim();
    assertThat(lines)
        .as("README carries the command .ci/run runs")
        .anyMatch(l -> l.trim().equals(command));
  }

  @Test
  void everyRelativeLinkResolves() throws Exception {
    assertThat(check(ROOT)).as("scripts/check-doc-links.py output").contains(", 0 broken");
  }

  @Test
  void theLinkCheckFindsABrokenLinkAndAnchor(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(
        dir.resolve("README.md"),
        "# T\n[a](docs/a.md) [b](docs/missing.md) [c](docs/a.md#nope) [d](#t)\n");
    Files.writeString(dir.resolve("docs/a.md"), "# A\n");
    assertThat(check(dir))
        .contains("MISSING README.md -> docs/missing.md")
        .contains("NO ANCHOR README.md -> docs/a.md#nope")
        .contains("4 relative links in")
        .contains(", 2 broken");
  }

  private static String check(Path root) throws Exception {
    Process p = new ProcessBuilder(
            "python3", ROOT.resolve("scripts/check-doc-links.py").toString(), root.toString())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
