package io.vigia.common.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validated vigia settings: the infrastructure (database, directories, Spark) here, and one typed,
 * immutable record per concern ({@link #ingest()}, {@link #drift()}, {@link #experiments()},
 * {@link #cost()}, {@link #privacy()}, {@link #feedback()}, {@link #improvements()},
 * {@link #partitioning()}, {@link #retention()}). Layers, highest first: command-line overrides,
 * environment variables ({@link EnvironmentVariable}: the Phase 5 design's .env names and VIGIA_*), the
 * site file (conf/application.conf, or --conf / VIGIA_CONF), then reference.conf. Every value is read
 * and checked once here; invalid values stop the run with one message naming each bad setting and its
 * environment variable. Secrets never appear in {@link #toString()} or in any message.
 */
public final class Settings implements Serializable {
  private static final long serialVersionUID = 2L;

  private final String jdbcUrl;
  private final String jdbcUser;
  private final String jdbcPassword;
  private final String embeddedDir;
  private final int embeddedPort;
  private final String landingDir;
  private final String lakeDir;
  private final String sparkMaster;
  private final int shufflePartitions;
  private final Codegen codegen;
  private final long interpretBelowBytes;

  private final IngestSettings ingest;
  private final DriftSettings drift;
  private final ExperimentSettings experiments;
  private final CostSettings cost;
  private final PrivacySettings privacy;
  private final FeedbackSettings feedback;
  private final ImprovementSettings improvements;
  private final PartitioningSettings partitioning;
  private final RetentionSettings retention;
  private final NotifySettings notify;

  private final String testingHaltAt;

  private final transient Config config;

  private Settings(Config c) {
    this.config = c;
    SettingsReader r = new SettingsReader(c);
    jdbcUrl = r.str("vigia.jdbc.url");
    jdbcUser = r.str("vigia.jdbc.user");
    jdbcPassword = r.secret("vigia.jdbc.password", "vigia.jdbc.password-file");
    embeddedDir = r.nonEmpty("vigia.embedded.dir");
    embeddedPort = r.intIn("vigia.embedded.port", 0, 65535);
    landingDir = r.nonEmpty("vigia.landing-dir");
    lakeDir = r.nonEmpty("vigia.lake-dir");
    sparkMaster = r.str("vigia.spark.master");
    shufflePartitions = r.intIn("vigia.spark.shuffle-partitions", 1, 100_000);
    codegen = r.choice("vigia.spark.codegen", Codegen.class, Codegen.AUTO);
    interpretBelowBytes = r.longIn("vigia.spark.interpret-below-mb", 0, 1L << 30) << 20;

    ingest = IngestSettings.read(r);
    drift = DriftSettings.read(r);
    experiments = ExperimentSettings.read(r);
    cost = CostSettings.read(r);
    privacy = PrivacySettings.read(r);
    feedback = FeedbackSettings.read(r);
    improvements = ImprovementSettings.read(r);
    partitioning = PartitioningSettings.read(r);
    retention = RetentionSettings.read(r);
    notify = NotifySettings.read(r);

    testingHaltAt = r.str("vigia.testing.halt-at");

    if (!r.ok()) {
      throw new InvalidSettingsException(r.errors);
    }
  }

  /** Loads the layers: environment over the site file (if any) over reference.conf. */
  public static Settings load(Optional<Path> siteFile, Map<String, String> extraOverrides) {
    return load(siteFile, System.getenv(), extraOverrides);
  }

  /** As {@link #load(Optional, Map)} with an explicit environment (tests pass their own). */
  public static Settings load(
      Optional<Path> siteFile,
      Map<String, String> environment,
      Map<String, String> extraOverrides) {
    Config reference = ConfigFactory.defaultReference();
    Config site = ConfigFactory.empty();
    if (siteFile.isPresent()) {
      Path p = siteFile.get();
      if (!Files.isRegularFile(p)) {
        throw new InvalidSettingsException(
            List.of("settings file " + p + " does not exist (given by --conf or VIGIA_CONF)"));
      }
      try {
        site = ConfigFactory.parseFile(
            p.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new InvalidSettingsException(List.of("settings file " + p + ": " + e.getMessage()));
      }
    }
    Config env = EnvironmentVariable.layer(environment);
    Config overrides = ConfigFactory.parseMap(extraOverrides, "command line");
    Config all;
    try {
      all =
          overrides.withFallback(env).withFallback(site).withFallback(reference).resolve();
      all.checkValid(reference, "vigia");
    } catch (ConfigException e) {
      throw new InvalidSettingsException(List.of(e.getMessage()));
    }
    return new Settings(all);
  }

  /** The default site file: VIGIA_CONF if set, else conf/application.conf when it exists. */
  public static Optional<Path> defaultSiteFile() {
    String env = System.getenv("VIGIA_CONF");
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env));
    }
    Path p = Path.of("conf", "application.conf");
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  public static Settings defaults() {
    return load(Optional.empty(), Map.of());
  }

  /** A copy with some keys replaced (tests and the demo use this). */
  public Settings with(Map<String, ?> values) {
    Config c = ConfigFactory.parseMap(values, "override").withFallback(config);
    return new Settings(c);
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String jdbcUser() {
    return jdbcUser;
  }

  public String jdbcPassword() {
    return jdbcPassword;
  }

  /** Data directory of the embedded PostgreSQL (used when {@link #jdbcUrl()} is empty). */
  public String embeddedDir() {
    return embeddedDir;
  }

  /** Port of the embedded PostgreSQL; 0 = a free one. */
  public int embeddedPort() {
    return embeddedPort;
  }

  /** Raw JSON Lines landing: landing-dir/dt=YYYY-MM-DD/. */
  public String landingDir() {
    return landingDir;
  }

  /** Delta Lake root. */
  public String lakeDir() {
    return lakeDir;
  }

  /** Spark master; empty = spark-submit decides. */
  public String sparkMaster() {
    return sparkMaster;
  }

  public int shufflePartitions() {
    return shufflePartitions;
  }

  /**
   * Whether a run's Spark queries are compiled to Java (Spark's code generation) or interpreted.
   * Both give the same rows; compiling pays off on large inputs and costs more than it saves on
   * small ones (docs/operations/settings.md#code-generation).
   */
  public enum Codegen {
    /** Interpret when the run's input in its window is under {@link #interpretBelowBytes()}. */
    AUTO,
    /** Always compile (Spark's defaults). */
    ON,
    /** Always interpret. */
    OFF
  }

  /** vigia.spark.codegen. */
  public Codegen codegen() {
    return codegen;
  }

  /** vigia.spark.interpret-below-mb, in bytes: the input size under which auto interprets. */
  public long interpretBelowBytes() {
    return interpretBelowBytes;
  }

  public IngestSettings ingest() {
    return ingest;
  }

  public DriftSettings drift() {
    return drift;
  }

  public ExperimentSettings experiments() {
    return experiments;
  }

  public CostSettings cost() {
    return cost;
  }

  public PrivacySettings privacy() {
    return privacy;
  }

  public FeedbackSettings feedback() {
    return feedback;
  }

  public ImprovementSettings improvements() {
    return improvements;
  }

  public PartitioningSettings partitioning() {
    return partitioning;
  }

  public RetentionSettings retention() {
    return retention;
  }

  /** vigia.notify.*: the notify job's channels (secrets only from the environment or a file), retries, digest. */
  public NotifySettings notifications() {
    return notify;
  }

  /** Fault injection point of the crash-safety tests (vigia.testing.halt-at); empty in production. */
  public String testingHaltAt() {
    return testingHaltAt;
  }

  public boolean hasExternalDatabase() {
    return !jdbcUrl.isBlank();
  }

  /**
   * A boolean setting by its path (e.g. a job's enable flag, {@code vigia.drift.enabled}). The path
   * must be one reference.conf declares as a boolean; anything else is a programming error.
   */
  public boolean flag(String path) {
    try {
      return config.getBoolean(path);
    } catch (com.typesafe.config.ConfigException e) {
      throw new IllegalArgumentException(
          "not a boolean setting: " + path + " (" + e.getMessage() + ")");
    }
  }

  /** The raw value of a path with its origin (tests check which layer a value came from). */
  com.typesafe.config.ConfigValue rawValue(String path) {
    return config.getValue(path);
  }

  /** A setting's name for messages: "path (ENV_VAR)" when an environment variable overrides it. */
  public static String userName(String path) {
    return envName(path).map(e -> path + " (" + e + ")").orElse(path);
  }

  /** The environment variable that overrides a setting path, if any. */
  public static Optional<String> envName(String path) {
    return EnvironmentVariable.nameOf(path);
  }

  /** Setting path -> environment variable, in declaration order ({@link EnvironmentVariable}). */
  public static Map<String, String> envNames() {
    return EnvironmentVariable.names();
  }

  /** A JDBC URL with any password parameter blanked, for logs. */
  public static String redactUrl(String url) {
    return url == null ? "" : url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  @Override
  public String toString() {
    return "Settings{jdbc=" + (hasExternalDatabase() ? redactUrl(jdbcUrl) : "<embedded>")
        + ", user=" + jdbcUser + ", password=" + (jdbcPassword.isEmpty() ? "<none>" : "***")
        + ", landing=" + landingDir + ", lake=" + lakeDir + "}";
  }
}
