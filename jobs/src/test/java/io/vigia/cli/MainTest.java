package io.vigia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI's exit codes and one-line errors (no Spark session is started by these). */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  /** Every command and subcommand answers --help (exit 0, its usage), without settings or a database. */
  @Test
  void everyCommandAnswersHelp() {
    picocli.CommandLine root = new picocli.CommandLine(new Main());
    Main.addDemoCommands(root);
    java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
    collect(root, new java.util.ArrayList<>(), paths);
    assertThat(paths)
        .extracting(p -> String.join(" ", p))
        .contains("run", "notify", "list", "erase", "alert", "demo");
    for (java.util.List<String> path : paths) {
      out.reset();
      java.util.List<String> args = new java.util.ArrayList<>(path);
      args.add("--help");
      assertThat(Main.run(args.toArray(String[]::new)))
          .as("vigia %s --help", String.join(" ", path))
          .isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .as("vigia %s --help", String.join(" ", path))
          .contains("Usage:");
    }
  }

  private static void collect(
      picocli.CommandLine cl,
      java.util.List<String> path,
      java.util.List<java.util.List<String>> paths) {
    for (java.util.Map.Entry<String, picocli.CommandLine> e :
        cl.getSubcommands().entrySet()) {
      if (e.getValue().getCommandSpec().aliases().length > 0
          && !e.getKey().equals(e.getValue().getCommandName())) {
        continue;
      }
      java.util.List<String> p = new java.util.ArrayList<>(path);
      p.add(e.getKey());
      paths.add(p);
      collect(e.getValue(), p, paths);
    }
  }

  @Test
  void listJsonNamesEveryJob() {
    assertThat(Main.run("list", "--json")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("[{\"name\":\"ingest\"");
  }

  /** The Airflow gates read airflow-dags/vigia_jobs.json: it must be this jar's own list. */
  @Test
  void theDagsJobListIsTheJarsList() throws Exception {
    assertThat(Main.run("list", "--json")).isZero();
    java.nio.file.Path committed = java.nio.file.Path.of("..", "airflow-dags", "vigia_jobs.json");
    assertThat(java.nio.file.Files.readString(committed).strip())
        .as("airflow-dags/vigia_jobs.json differs from `vigia list --json`: regenerate it with "
            + "./vigia list --json > airflow-dags/vigia_jobs.json")
        .isEqualTo(out.toString(StandardCharsets.UTF_8).strip());
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("\"name\":\"drift\"")
        .contains("{\"setting\":\"vigia.drift.enabled\",\"env\":\"DRIFT_DETECTION_ENABLED\"}");
  }

  @Test
  void eraseNeedsTenantSubjectAndAKnownMode() {
    assertThat(Main.run("erase", "--tenant", "t001")).isEqualTo(Main.USAGE);
    assertThat(Main.run("erase", "--tenant", "t001", "--subject", "u1", "--mode", "shred"))
        .isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--subject")
        .contains("--mode must be delete or pseudonymise");
  }

  @Test
  void anUnknownJobIsAUsageErrorListingTheKnownOnes() {
    assertThat(Main.run("run", "nosuchjob", "--from", "2026-11-01", "--to", "2026-11-02"))
        .isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown job 'nosuchjob'")
        .contains("ingest");
  }

  @Test
  void aPipelineRefusesAnUnknownJobAndNoDaysBeforeStartingAnything() {
    assertThat(Main.run(
            "pipeline", "--first-day", "2026-11-01", "--days", "3", "--jobs", "ingest,nosuchjob"))
        .isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown job 'nosuchjob'");
    assertThat(Main.run("pipeline", "--first-day", "2026-11-01", "--days", "0"))
        .isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--days must be at least 1");
  }

  @Test
  void aBadWindowNamesTheOption() {
    assertThat(Main.run("run", "ingest", "--from", "yesterday", "--to", "2026-11-02"))
        .isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--from 'yesterday'");
    assertThat(Main.run("run", "ingest", "--from", "2026-11-03", "--to", "2026-11-02"))
        .isEqualTo(Main.USAGE);
  }

  @Test
  void anInvalidSettingStopsTheRunNamingIt() {
    assertThat(Main.run("-S", "vigia.drift.psi-threshold=abc", "migrate")).isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("vigia.drift.psi-threshold (DRIFT_PSI_THRESHOLD) = 'abc': not a number");
  }

  @Test
  void anUnreachableDatabaseIsNamedWithoutItsPassword() throws Exception {
    java.nio.file.Path pw = java.nio.file.Files.createTempFile("vigia-pw", ".txt");
    java.nio.file.Files.writeString(pw, "hunter2\n");
    int code = Main.run(
        "-S",
        "vigia.jdbc.url=jdbc:postgresql://127.0.0.1:1/nowhere",
        "-S",
        "vigia.jdbc.password-file=" + pw,
        "migrate");
    assertThat(code).isEqualTo(Main.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere")
        .contains("VIGIA_JDBC_URL")
        .doesNotContain("hunter2");
  }

  @Test
  void aPasswordOnTheCommandLineIsRefusedWithoutBeingShown() {
    assertThat(Main.run("-S", "vigia.jdbc.password=hunter2", "migrate")).isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("vigia.jdbc.password (VIGIA_JDBC_PASSWORD)")
        .contains("VIGIA_JDBC_PASSWORD_FILE")
        .doesNotContain("hunter2");
  }
}
