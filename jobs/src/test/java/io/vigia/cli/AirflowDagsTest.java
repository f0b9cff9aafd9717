package io.vigia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Airflow DAGs (airflow-dags/) against this jar, without Airflow: runs airflow-dags/tests with
 * python3 (parsing, schedules, dependencies, gates; job names and options checked against
 * {@code vigia list --json} of this build), then hands every task's rendered arguments to the CLI's
 * own validation ({@code vigia run ... --validate-only}). A negative fixture DAG must be rejected.
 * Where Airflow is installed, test_dagbag.py imports the DAGs with a real DagBag; otherwise it is
 * skipped and says so. Needs python3 with jinja2 (Debian: python3-jinja2); skipped visibly without.
 */
class AirflowDagsTest {
  static final Path DAGS = Path.of("..", "airflow-dags").toAbsolutePath().normalize();
  static final Path OUT = Path.of("target", "airflow-dags-test").toAbsolutePath();
  static Path listJson;

  @BeforeAll
  static void jarJobList() throws Exception {
    Assumptions.assumeTrue(
        python("-c", "import jinja2").exitCode == 0,
        "SKIPPED: python3 with jinja2 is needed for the DAG tests (Debian: apt-get install python3 python3-jinja2)");
    Files.createDirectories(OUT);
    listJson = OUT.resolve("vigia-list.json");
    Files.writeString(listJson, cli("list", "--json").out());
  }

  @Test
  void theDagsParseKeepTheDesignSchedulesAndRunOnlyJobsTheJarAccepts() throws Exception {
    Path tasks = OUT.resolve("dag-tasks.json");
    Files.deleteIfExists(tasks);
    Proc p = python(
        Map.of("VIGIA_LIST_JSON", listJson.toString(), "VIGIA_DAG_TASKS_OUT", tasks.toString()),
        "-m",
        "unittest",
        "-v",
        "test_dags");
    System.out.println(p.out);
    assertThat(p.exitCode).as(p.out).isZero();
    assertThat(p.out).contains("test_schedules_equal_the_design").contains("Ran ");

    List<String> lines = Files.readAllLines(Path.of(tasks + ".tsv"));
    // every job this jar has is scheduled and its arguments are checked here, not skipped
    List<String> checkedJobs = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split("\t");
      String[] args = Arrays.copyOfRange(f, 1, f.length + 1);
      args[args.length - 1] = "--validate-only";
      Cli.Result r = cli(args);
      assertThat(r.code())
          .as(f[0] + ": vigia " + String.join(" ", args) + "\n" + r.err())
          .isZero();
      assertThat(r.out()).startsWith("valid: run " + f[2]);
      checkedJobs.add(f[2]);
    }
    assertThat(checkedJobs).containsAll(io.vigia.jobs.JobRegistry.all().keySet());
  }

  @Test
  void aBadDagIsRejected() throws Exception {
    Proc p = python(
        Map.of(
            "VIGIA_LIST_JSON",
            listJson.toString(),
            "VIGIA_DAGS_DIR",
            DAGS.resolve("tests/fixtures/bad").toString()),
        "-m",
        "unittest",
        "-v",
        "test_dags");
    assertThat(p.exitCode).as(p.out).isNotZero();
    assertThat(p.out)
        .contains("runs job 'ingset', which the jar does not list")
        .contains("ingest does not accept --tenant")
        .contains("drift does not accept --lookback")
        .contains("'0 2 * * *' != '0 * * * *'"); // drift hourly
  }

  @Test
  void theValidationRefusesWhatTheJarWouldRefuse() {
    assertThat(cli(
                "run",
                "ingest",
                "--from",
                "2026-11-27T02:00:00+00:00",
                "--to",
                "2026-11-28T02:00:00+00:00",
                "--validate-only")
            .code())
        .isZero();
    Cli.Result tenant = cli(
        "run",
        "ingest",
        "--from",
        "2026-11-27",
        "--to",
        "2026-11-28",
        "--tenant",
        "t001",
        "--validate-only");
    assertThat(tenant.code()).isEqualTo(Main.USAGE);
    assertThat(tenant.err()).contains("ingest does not take --tenant");
    Cli.Result window = cli(
        "run",
        "drift",
        "--from",
        "{{ data_interval_start }}",
        "--to",
        "2026-11-28",
        "--validate-only");
    assertThat(window.code()).isEqualTo(Main.USAGE);
    assertThat(window.err()).contains("--from '{{ data_interval_start }}'");
  }

  @Test
  void withAirflowInstalledTheDagBagImportsEveryDag() throws Exception {
    Proc p = python(Map.of(), "-m", "unittest", "-v", "test_dagbag");
    System.out.println(p.out);
    assertThat(p.exitCode).as(p.out).isZero();
    if (p.out.contains("skipped")) {
      System.out.println("SKIPPED: DagBag import test (Airflow is not installed for python3)");
      Assumptions.abort(
          "Airflow is not installed: DagBag import test skipped (pip install apache-airflow "
              + "apache-airflow-providers-apache-spark to run it)");
    }
  }

  static Cli.Result cli(String... args) {
    return Cli.run(args);
  }

  record Proc(int exitCode, String out) {}

  static Proc python(String... args) throws IOException, InterruptedException {
    return python(Map.of(), args);
  }

  static Proc python(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("python3"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).directory(DAGS.resolve("tests").toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Proc(127, "python3 not found: " + e.getMessage());
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("python3 " + cmd + " did not finish");
    }
    return new Proc(p.exitValue(), out);
  }
}
