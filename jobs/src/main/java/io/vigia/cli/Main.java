package io.vigia.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.db.Database;
import io.vigia.common.db.Migrations;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.RunLock;
import io.vigia.common.job.Window;
import io.vigia.common.json.Json;
import io.vigia.common.settings.InvalidSettingsException;
import io.vigia.common.settings.Settings;
import io.vigia.common.spark.Sessions;
import io.vigia.jobs.JobRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The vigia command line. It only wires: parses arguments, loads settings, opens the database and
 * the session, calls the job, and decides the exit code (0 success; 1 the run failed; 2 bad usage
 * or settings; 3 another run of the job is in progress; 4 the schema is not current; 5 a workflow
 * step the row's status does not allow).
 */
@Command(
    name = "vigia",
    mixinStandardHelpOptions = true,
    version = "vigia 0.1.0",
    description =
        "Batch audit and optimization analytics for a multi-tenant ML/LLM platform, on Apache Spark.",
    subcommands = {
      Main.ListCmd.class,
      Main.MigrateCmd.class,
      Main.RunCmd.class,
      PipelineCmd.class,
      WorkflowCmds.Alert.class,
      WorkflowCmds.Experiment.class,
      WorkflowCmds.Suggestion.class,
      WorkflowCmds.ComplianceReport.class,
      WorkflowCmds.ErasureRequest.class,
      ReportCmd.class,
      EraseCmd.class,
      RestoreCmd.class,
      Main.NotifyCmd.class
    })
public final class Main implements Callable<Integer> {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int CONCURRENT = 3;
  public static final int SCHEMA = 4;
  /** A workflow step the row's current status does not allow (e.g. approving an implemented suggestion). */
  public static final int REFUSED = 5;

  @Option(
      names = "--conf",
      description = "settings file (default: VIGIA_CONF or conf/application.conf)")
  Path conf;

  @Option(
      names = {"-S", "--set"},
      description = "override a setting, e.g. -S vigia.drift.psi-threshold=0.25")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return USAGE;
  }

  /** The settings of this invocation (--conf, -S overrides, VIGIA_* variables). */
  public Settings settings() {
    return Settings.load(conf != null ? Optional.of(conf) : Settings.defaultSiteFile(), overrides);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (tests call this). */
  public static int run(String... args) {
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    CommandLine cl = new CommandLine(new Main());
    addDemoCommands(cl);
    cl.setExecutionExceptionHandler((e, cmd, parse) -> {
      Throwable root = e;
      while (root.getCause() != null && root.getMessage() == null) {
        root = root.getCause();
      }
      System.err.println("vigia: " + JobRunner.oneLine(root));
      org.slf4j.LoggerFactory.getLogger(Main.class).debug("failure", e);
      if (e instanceof InvalidSettingsException || e instanceof IllegalArgumentException) {
        return USAGE;
      }
      if (e instanceof RunLock.ConcurrentRunException) {
        return CONCURRENT;
      }
      if (e instanceof Migrations.SchemaNotCurrentException) {
        return SCHEMA;
      }
      if (e instanceof io.vigia.workflow.Workflow.RefusedException) {
        return REFUSED;
      }
      return FAILED;
    });
    cl.setParameterExceptionHandler((e, a) -> {
      System.err.println("vigia: " + e.getMessage());
      e.getCommandLine().usage(System.err);
      return USAGE;
    });
    return cl.execute(args);
  }

  /**
   * `vigia generate` and `vigia demo` live in the demo module (demo/, with the generator), which vigia.jar
   * does not contain: they are looked up by name, and without them the commands say where to find them.
   */
  static final List<String[]> DEMO_COMMANDS = List.of(
      new String[] {"generate", "io.vigia.demo.GenerateCmd"},
      new String[] {"demo", "io.vigia.demo.DemoCmd"});

  static void addDemoCommands(CommandLine cl) {
    for (String[] c : DEMO_COMMANDS) {
      Object command;
      try {
        command = Class.forName(c[1]).getDeclaredConstructor().newInstance();
      } catch (ClassNotFoundException absent) {
        command = new DemoModuleMissing(c[0]);
      } catch (ReflectiveOperationException broken) {
        throw new IllegalStateException("cannot create " + c[1], broken);
      }
      cl.addSubcommand(c[0], command);
    }
  }

  /** Stands in for a demo-module command when the classpath has no demo module (vigia.jar alone). */
  @Command(
      mixinStandardHelpOptions = true,
      description = "(needs the demo module: run ./vigia from a source checkout)")
  static final class DemoModuleMissing implements Callable<Integer> {
    private final String name;

    @CommandLine.Unmatched
    List<String> ignored = new ArrayList<>();

    DemoModuleMissing(String name) {
      this.name = name;
    }

    @Override
    public Integer call() {
      System.err.println("vigia: vigia " + name
          + " needs the demo module, which vigia.jar does not contain: run ./vigia " + name
          + " from a source checkout");
      return USAGE;
    }
  }

  static SparkSession session(Settings s, String app) {
    return Sessions.builder(s, app).getOrCreate();
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "list the jobs (with --json: names, descriptions and the options `run` accepts)")
  static final class ListCmd implements Callable<Integer> {
    @Option(names = "--json", description = "as JSON")
    boolean json;

    @Override
    public Integer call() {
      if (json) {
        ArrayNode jobs = Json.MAPPER.createArrayNode();
        JobRegistry.all().forEach((name, s) -> {
          Job j = s.get();
          ObjectNode o = jobs.addObject()
              .put("name", name)
              .put("description", j.description())
              .put("default_window_days", j.defaultWindowDays());
          j.rules()
              .enabledBy()
              .ifPresentOrElse(
                  p -> o.putObject("enabled_by")
                      .put("setting", p)
                      .put("env", Settings.envName(p).orElse(null)),
                  () -> o.putNull("enabled_by"));
          j.rules().directWrites().forEach(o.putArray("direct_writes")::add);
          runOptions(j).forEach(o.putArray("options")::add);
        });
        System.out.println(Json.write(jobs));
      } else {
        JobRegistry.all()
            .forEach((name, s) -> System.out.printf("%-20s %s%n", name, s.get().description()));
      }
      return OK;
    }
  }

  /** The options `vigia run JOB` accepts, read from the run command's own parser spec. */
  static List<String> runOptions(Job j) {
    List<String> out = new ArrayList<>();
    for (CommandLine.Model.OptionSpec o :
        new CommandLine(new RunCmd()).getCommandSpec().options()) {
      String n = o.longestName();
      if (o.usageHelp() || o.versionHelp() || (n.equals("--tenant") && !j.acceptsTenant())) {
        continue;
      }
      out.add(n);
    }
    return out;
  }

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = "create or update the Phase 5 schema in PostgreSQL")
  static final class MigrateCmd implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main parent;

    @Override
    public Integer call() {
      Settings s = parent.settings();
      try (Database db = Database.open(s)) {
        int n = Migrations.migrate(db);
        System.out.println("schema at version " + Migrations.currentVersion(db) + " (" + n
            + " migrations applied)");
      }
      return OK;
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "run one job over the window [--from, --to)")
  static final class RunCmd implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main parent;

    @Parameters(index = "0", description = "the job (see `vigia list`)")
    String job;

    @Option(
        names = "--from",
        required = true,
        description = "window start: ISO date (midnight UTC) or instant")
    String from;

    @Option(names = "--to", required = true, description = "window end (exclusive)")
    String to;

    @Option(names = "--tenant", description = "only this tenant")
    String tenant;

    @Option(
        names = "--validate-only",
        description = "check the job name, window, options and settings, then exit "
            + "without connecting to the database or starting Spark (schedulers' tests use it)")
    boolean validateOnly;

    @Override
    public Integer call() throws Exception {
      Job j = JobRegistry.get(job);
      Window w = Window.of(from, to);
      if (tenant != null && (tenant.isBlank() || !j.acceptsTenant())) {
        throw new IllegalArgumentException(
            tenant.isBlank()
                ? "--tenant must not be empty"
                : j.name()
                    + " does not take --tenant (its output is not split by tenant): run it without --tenant");
      }
      Settings s = parent.settings();
      if (validateOnly) {
        System.out.println(
            "valid: run " + j.name() + " " + w + (tenant == null ? "" : " tenant " + tenant));
        return OK;
      }
      return runJob(j, s, w, Optional.ofNullable(tenant));
    }
  }

  /** Runs the job over the window (a SparkSession only when the job uses Spark) and prints its result. */
  static int runJob(Job j, Settings s, Window w, Optional<String> tenant) throws Exception {
    try (Database db = Database.openCurrent(s)) {
      SparkSession spark = j.usesSpark() ? session(s, "vigia " + j.name()) : null;
      try {
        JobResult r = JobRunner.run(j, spark, s, db, w, tenant, Clock.systemUTC());
        if (r.skipped()) {
          System.out.println(j.name() + " " + w + ": " + r.message());
          return OK;
        }
        System.out.println(j.name() + " " + w + ": in=" + r.recordsIn() + " ok=" + r.recordsOk()
            + " quarantined=" + r.recordsQuarantined() + " " + r.outputs());
      } finally {
        if (spark != null) {
          spark.stop();
        }
      }
    }
    return OK;
  }

  @Command(
      name = "notify",
      mixinStandardHelpOptions = true,
      description = "deliver the pending notifications now: "
          + "`vigia run notify` over the day ending now (every notification created before now is delivered; see "
          + "docs/jobs/notify.md)")
  static final class NotifyCmd implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main parent;

    @Override
    public Integer call() throws Exception {
      java.time.Instant now = Clock.systemUTC().instant();
      return runJob(
          JobRegistry.get(io.vigia.jobs.notify.NotifyJob.NAME),
          parent.settings(),
          new Window(now.minus(java.time.Duration.ofDays(1)), now),
          Optional.empty());
    }
  }
}
