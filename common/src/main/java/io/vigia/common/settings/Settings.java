package io.vigia.common.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validated vigia settings. Layers, highest first: environment variables (the Phase 5 design's
 * .env names and VIGIA_*; see vigia-env.conf), the site file (conf/application.conf, or --conf /
 * VIGIA_CONF), then reference.conf. Every value is read and checked once here; an invalid value stops
 * the run with a message naming the setting and its environment variable. The password never
 * appears in {@link #toString()} or in any message.
 */
public final class Settings implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern ENV_LINE = Pattern.compile("^\\s*(\\S+)\\s*=\\s*\\$\\{\\?(\\w+)\\}\\s*$");
  private static final Map<String, String> ENV_OF_PATH = loadEnvNames();

  public final String jdbcUrl;
  public final String jdbcUser;
  private final String jdbcPassword;
  public final String embeddedDir;
  public final int embeddedPort;
  public final String landingDir;
  public final String lakeDir;
  public final String sparkMaster;
  public final int shufflePartitions;

  public final double ingestQuarantineAlertShare;
  public final long ingestQuarantineAlertMinLines;
  public final int ingestDedupLookbackDays;

  public final boolean driftEnabled;
  public final double driftMapeThreshold;
  public final double driftAccuracyThreshold;
  public final double driftKsThreshold;
  public final double driftPsiThreshold;
  public final int driftNBins;
  /** Largest (group, feature) value count the drift job sorts in memory; above it, one Spark sort of every value. */
  public final long driftInMemoryKeyValues;
  public final long driftMinSampleSize;
  public final double driftFdrAlpha;
  public final int driftOutcomeLatenessDays;
  public final String driftReferenceMode;
  public final String driftBaselineStart;
  public final String driftBaselineEnd;
  /** Seasonal reference: this many earlier weeks, the same weekdays and hours as the run window. */
  public final int driftSeasonalWeeks;
  /** No new alert of a tenant/model/version/type within this many hours after the last one, unless severity rises. */
  public final long driftAlertCooldownHours;
  /** A bad-input rate (missing, non-numeric, quarantined, orphan outcomes) above this raises a data_quality alert. */
  public final double driftQualityAlertShare;

  public final boolean abEnabled;
  public final long abMinSampleSize;
  public final double abConfidenceLevel;
  /** Tolerated relative worsening of latency_ms (non-inferiority margin), e.g. 0.10 = 10 %. */
  public final double abLatencyMargin;
  /** Tolerated relative worsening of cost_usd (non-inferiority margin). */
  public final double abCostMargin;
  /** Confidence-sequence tuning tau; 0 = 2 x the experiment's min_sample_size (its planned sample). */
  public final double abSequentialTuning;
  /** Experiments with at most this many primary observations also get the Hodges-Lehmann shift (0 = never). */
  public final long abHodgesLehmannMaxSample;

  public final double costAlertThresholdPercent;
  public final double costCriticalThresholdPercent;
  /** Seed CSV of the LLM price catalog (upserted into llm_price_catalog by the cost jobs); empty = none. */
  public final String costPriceCatalogFile;
  /** Provider invoice export (CSV provider,model,month,amount_usd) to reconcile against; empty = none. */
  public final String costInvoiceFile;
  /** Events may land this many days after their ts date (cost jobs read dt up to window end + this). */
  public final int costLatenessDays;
  public final java.math.BigDecimal costComputeUsdPerCoreHour;
  public final java.math.BigDecimal costMemoryUsdPerGbHour;
  public final java.math.BigDecimal costStorageUsdPerGbDay;
  public final java.math.BigDecimal costVectorUsdPerEmbedding;
  public final java.math.BigDecimal costVectorUsdPerSearch;
  public final java.math.BigDecimal costCacheLookupUsd;
  /** Robust z (|x - median| / (1.4826 MAD)) above which a day's cost is an anomaly. */
  public final double costAnomalyThreshold;
  public final int costAnomalyHistoryDays;
  public final int costAnomalyMinHistory;

  public final boolean privacyAuditEnabled;
  public final boolean privacyHighRiskReviewRequired;
  private final String privacyHashSecret;
  public final double privacyMinConfidence;
  /** Sanitization method (mask, remove, hash) per PII type wire name, every type present. */
  public final Map<String, String> privacyMethods;
  public final String privacyDefaultCountry;
  public final double privacyMediumReviewSample;
  public final long privacyBulkExportRecords;
  public final int privacyMaxTextChars;
  public final int privacyErasureVacuumRetentionHours;

  public final boolean feedbackProcessingEnabled;
  public final int feedbackMinRatingForReview;
  public final double feedbackRatingPriorWeight;
  public final double feedbackNeutralBand;
  public final int feedbackMaxCommentChars;
  public final int feedbackPredictionLookbackDays;
  public final int feedbackReviewBurstMinCount;
  public final int feedbackReviewBaselineDays;

  public final long improvementsMinFeedback;
  public final double improvementsNegativeShare;
  public final double improvementsDriftScore;
  public final double improvementsCostGrowth;
  public final double improvementsSemanticCacheHitRate;
  public final long improvementsMinCacheLookups;

  public final boolean partitioningEnabled;
  public final double partitioningSizeThresholdGb;
  public final long partitioningRowThreshold;
  /** Issue 8: partitions and retention jobs (see reference.conf for each). */
  public final int partitioningMonthsAhead;
  public final boolean partitioningMigrateOnline;
  public final long partitioningMigrateBatchRows;
  public final long partitioningExactCountMaxRows;
  public final String partitioningWatch;
  public final int partitioningLogKeep;
  public final boolean retentionEnabled;
  public final int retentionHotDays;
  public final int retentionWarmDays;
  public final int retentionColdYears;
  public final int retentionLowRiskPrivacyHotDays;
  public final double retentionVacuumRetainHours;
  public final long retentionColdRowsPerFile;

  public final String testingHaltAt;

  private final transient Config config;

  private Settings(Config c) {
    this.config = c;
    Reader r = new Reader(c);
    jdbcUrl = r.str("vigia.jdbc.url");
    jdbcUser = r.str("vigia.jdbc.user");
    jdbcPassword = r.secret("vigia.jdbc.password", "vigia.jdbc.password-file");
    embeddedDir = r.nonEmpty("vigia.embedded.dir");
    embeddedPort = (int) r.longIn("vigia.embedded.port", 0, 65535);
    landingDir = r.nonEmpty("vigia.landing-dir");
    lakeDir = r.nonEmpty("vigia.lake-dir");
    sparkMaster = r.str("vigia.spark.master");
    shufflePartitions = (int) r.longIn("vigia.spark.shuffle-partitions", 1, 100_000);

    ingestQuarantineAlertShare = r.dblIn("vigia.ingest.quarantine-alert-share", 0, 1);
    ingestQuarantineAlertMinLines = r.longIn("vigia.ingest.quarantine-alert-min-lines", 0, Long.MAX_VALUE);
    ingestDedupLookbackDays = (int) r.longIn("vigia.ingest.dedup-lookback-days", 0, 366);

    driftEnabled = r.bool("vigia.drift.enabled");
    driftMapeThreshold = r.dblPositive("vigia.drift.mape-threshold");
    driftAccuracyThreshold = r.dblPositive("vigia.drift.accuracy-threshold");
    driftKsThreshold = r.dblIn("vigia.drift.ks-threshold", 0, 1);
    driftPsiThreshold = r.dblPositive("vigia.drift.psi-threshold");
    driftNBins = (int) r.longIn("vigia.drift.n-bins", 2, 1000);
    driftInMemoryKeyValues = r.longIn("vigia.drift.in-memory-key-values", 0, Integer.MAX_VALUE - 64);
    driftMinSampleSize = r.longIn("vigia.drift.min-sample-size", 2, Long.MAX_VALUE);
    driftFdrAlpha = r.dblOpen("vigia.drift.fdr-alpha", 0, 1);
    driftOutcomeLatenessDays = (int) r.longIn("vigia.drift.outcome-lateness-days", 0, 366);
    driftReferenceMode = r.str("vigia.drift.reference-mode");
    driftBaselineStart = r.str("vigia.drift.baseline-start");
    driftBaselineEnd = r.str("vigia.drift.baseline-end");
    driftSeasonalWeeks = (int) r.longIn("vigia.drift.seasonal-weeks", 1, 52);
    driftAlertCooldownHours = r.longIn("vigia.drift.alert-cooldown-hours", 0, 24L * 366);
    driftQualityAlertShare = r.dblIn("vigia.drift.quality-alert-share", 0, 1);
    if (!driftReferenceMode.equals("preceding") && !driftReferenceMode.equals("baseline")
        && !driftReferenceMode.equals("seasonal")) {
      r.errors.add(r.name("vigia.drift.reference-mode") + " = " + driftReferenceMode
          + ": must be preceding, baseline or seasonal");
    } else if (driftReferenceMode.equals("baseline")) {
      try {
        if (!java.time.LocalDate.parse(driftBaselineStart).isBefore(java.time.LocalDate.parse(driftBaselineEnd))) {
          r.errors.add(r.name("vigia.drift.baseline-start") + " = " + driftBaselineStart + ": must be before "
              + r.name("vigia.drift.baseline-end") + " = " + driftBaselineEnd);
        }
      } catch (java.time.format.DateTimeParseException e) {
        r.errors.add(r.name("vigia.drift.baseline-start") + "/" + r.name("vigia.drift.baseline-end") + " = '"
            + driftBaselineStart + "'/'" + driftBaselineEnd + "': reference-mode baseline needs two ISO dates");
      }
    }

    abEnabled = r.bool("vigia.ab.enabled");
    abMinSampleSize = r.longIn("vigia.ab.min-sample-size", 2, Long.MAX_VALUE);
    abConfidenceLevel = r.dblOpen("vigia.ab.confidence-level", 0, 1);
    abLatencyMargin = r.dblIn("vigia.ab.latency-margin", 0, 10);
    abCostMargin = r.dblIn("vigia.ab.cost-margin", 0, 10);
    abSequentialTuning = r.dblIn("vigia.ab.sequential-tuning", 0, 1e12);
    abHodgesLehmannMaxSample = r.longIn("vigia.ab.hodges-lehmann-max-sample", 0, 5_000_000);

    costAlertThresholdPercent = r.dblIn("vigia.cost.alert-threshold-percent", 0, 1000);
    costCriticalThresholdPercent = r.dblIn("vigia.cost.critical-threshold-percent", 0, 1000);
    if (r.errors.isEmpty() && costCriticalThresholdPercent < costAlertThresholdPercent) {
      r.errors.add(r.name("vigia.cost.critical-threshold-percent") + " = " + costCriticalThresholdPercent
          + ": must be >= " + r.name("vigia.cost.alert-threshold-percent") + " = " + costAlertThresholdPercent);
    }
    costPriceCatalogFile = r.str("vigia.cost.price-catalog-file");
    costInvoiceFile = r.str("vigia.cost.invoice-file");
    costLatenessDays = (int) r.longIn("vigia.cost.lateness-days", 0, 31);
    costComputeUsdPerCoreHour = r.money("vigia.cost.compute-usd-per-core-hour");
    costMemoryUsdPerGbHour = r.money("vigia.cost.memory-usd-per-gb-hour");
    costStorageUsdPerGbDay = r.money("vigia.cost.storage-usd-per-gb-day");
    costVectorUsdPerEmbedding = r.money("vigia.cost.vector-usd-per-embedding");
    costVectorUsdPerSearch = r.money("vigia.cost.vector-usd-per-search");
    costCacheLookupUsd = r.money("vigia.cost.cache-lookup-usd");
    costAnomalyThreshold = r.dblPositive("vigia.cost.anomaly-threshold");
    costAnomalyHistoryDays = (int) r.longIn("vigia.cost.anomaly-history-days", 7, 366);
    costAnomalyMinHistory = (int) r.longIn("vigia.cost.anomaly-min-history", 3, 366);

    privacyAuditEnabled = r.bool("vigia.privacy.audit-enabled");
    privacyHighRiskReviewRequired = r.bool("vigia.privacy.high-risk-review-required");
    privacyHashSecret = r.secret("vigia.privacy.hash-secret", "vigia.privacy.hash-secret-file");
    privacyMinConfidence = r.dblIn("vigia.privacy.min-confidence", 0, 1);
    privacyDefaultCountry = r.str("vigia.privacy.default-country");
    if (!privacyDefaultCountry.matches("[A-Z]{2}")) {
      r.errors.add(r.name("vigia.privacy.default-country") + " = '" + privacyDefaultCountry + "': must be an ISO 3166 code like ES");
    }
    privacyMediumReviewSample = r.dblIn("vigia.privacy.medium-review-sample", 0, 1);
    privacyBulkExportRecords = r.longIn("vigia.privacy.bulk-export-records", 1, Long.MAX_VALUE);
    privacyMaxTextChars = (int) r.longIn("vigia.privacy.max-text-chars", 1, 100_000_000);
    privacyErasureVacuumRetentionHours = (int) r.longIn("vigia.privacy.erasure-vacuum-retention-hours", 0, 100_000);
    Map<String, String> methods = new java.util.TreeMap<>();
    String defaultMethod = r.str("vigia.privacy.default-method");
    java.util.Set<String> methodNames = java.util.Set.of("mask", "remove", "hash");
    if (!methodNames.contains(defaultMethod)) {
      r.errors.add(r.name("vigia.privacy.default-method") + " = '" + defaultMethod + "': must be mask, remove or hash");
    }
    for (io.vigia.common.privacy.PiiType t : io.vigia.common.privacy.PiiType.values()) {
      methods.put(t.wire, defaultMethod);
    }
    try {
      for (Map.Entry<String, com.typesafe.config.ConfigValue> e : c.getConfig("vigia.privacy.methods").root().entrySet()) {
        String v = String.valueOf(e.getValue().unwrapped());
        if (!methods.containsKey(e.getKey())) {
          r.errors.add("vigia.privacy.methods." + e.getKey() + ": unknown PII type; known: " + methods.keySet());
        } else if (!methodNames.contains(v)) {
          r.errors.add("vigia.privacy.methods." + e.getKey() + " = '" + v + "': must be mask, remove or hash");
        } else {
          methods.put(e.getKey(), v);
        }
      }
    } catch (ConfigException e) {
      r.errors.add("vigia.privacy.methods: " + e.getMessage());
    }
    privacyMethods = Collections.unmodifiableMap(methods);
    if (privacyMethods.containsValue("hash") && privacyHashSecret.isBlank()) {
      r.errors.add(r.name("vigia.privacy.hash-secret") + ": required because a PII type is sanitized with method hash ("
          + r.name("vigia.privacy.default-method") + " / vigia.privacy.methods.*); give it in the environment");
    }

    feedbackProcessingEnabled = r.bool("vigia.feedback.processing-enabled");
    feedbackMinRatingForReview = (int) r.longIn("vigia.feedback.min-rating-for-review", 1, 5);
    feedbackRatingPriorWeight = r.dblIn("vigia.feedback.rating-prior-weight", 0, 100);
    feedbackNeutralBand = r.dblIn("vigia.feedback.neutral-band", 0, 0.99);
    feedbackMaxCommentChars = (int) r.longIn("vigia.feedback.max-comment-chars", 1, 10_000_000);
    feedbackPredictionLookbackDays = (int) r.longIn("vigia.feedback.prediction-lookback-days", 0, 366);
    feedbackReviewBurstMinCount = (int) r.longIn("vigia.feedback.review-burst-min-count", 1, 1_000_000);
    feedbackReviewBaselineDays = (int) r.longIn("vigia.feedback.review-baseline-days", 1, 366);

    improvementsMinFeedback = r.longIn("vigia.improvements.min-feedback", 1, Long.MAX_VALUE);
    improvementsNegativeShare = r.dblIn("vigia.improvements.negative-share", 0, 1);
    improvementsDriftScore = r.dblIn("vigia.improvements.drift-score", 0, 1);
    improvementsCostGrowth = r.dblPositive("vigia.improvements.cost-growth");
    improvementsSemanticCacheHitRate = r.dblIn("vigia.improvements.semantic-cache-hit-rate", 0, 1);
    improvementsMinCacheLookups = r.longIn("vigia.improvements.min-cache-lookups", 1, Long.MAX_VALUE);

    partitioningEnabled = r.bool("vigia.partitioning.enabled");
    partitioningSizeThresholdGb = r.dblPositive("vigia.partitioning.size-threshold-gb");
    partitioningRowThreshold = r.longIn("vigia.partitioning.row-threshold", 1, Long.MAX_VALUE);
    partitioningMonthsAhead = (int) r.longIn("vigia.partitioning.months-ahead", 0, 120);
    partitioningMigrateOnline = r.bool("vigia.partitioning.migrate-online");
    partitioningMigrateBatchRows = r.longIn("vigia.partitioning.migrate-batch-rows", 1, 100_000_000);
    partitioningExactCountMaxRows = r.longIn("vigia.partitioning.exact-count-max-rows", 0, Long.MAX_VALUE);
    partitioningWatch = r.str("vigia.partitioning.watch");
    if (!partitioningWatch.isBlank() && !partitioningWatch.matches("\\s*[a-z_][a-z0-9_]*:[a-z_][a-z0-9_]*\\s*(,\\s*[a-z_][a-z0-9_]*:[a-z_][a-z0-9_]*\\s*)*")) {
      r.errors.add(r.name("vigia.partitioning.watch") + " = '" + partitioningWatch
          + "': must be a comma-separated list of table:partition_column");
    }
    partitioningLogKeep = (int) r.longIn("vigia.partitioning.log-keep", 1, 100_000);
    retentionEnabled = r.bool("vigia.retention.enabled");
    retentionHotDays = (int) r.longIn("vigia.retention.hot-days", 1, 36_500);
    retentionWarmDays = (int) r.longIn("vigia.retention.warm-days", 1, 36_500);
    retentionColdYears = (int) r.longIn("vigia.retention.cold-years", 1, 100);
    retentionLowRiskPrivacyHotDays = (int) r.longIn("vigia.retention.low-risk-privacy-hot-days", 0, 36_500);
    retentionVacuumRetainHours = r.dblIn("vigia.retention.vacuum-retain-hours", 0, 1e6);
    retentionColdRowsPerFile = r.longIn("vigia.retention.cold-rows-per-file", 1000, Long.MAX_VALUE);
    if (r.errors.isEmpty() && retentionWarmDays <= retentionHotDays) {
      r.errors.add(r.name("vigia.retention.warm-days") + " = " + retentionWarmDays + ": must be more than "
          + r.name("vigia.retention.hot-days") + " = " + retentionHotDays);
    }

    testingHaltAt = r.str("vigia.testing.halt-at");

    if (!r.errors.isEmpty()) {
      throw new InvalidSettingsException(r.errors);
    }
  }

  /** Loads the layers: environment over the site file (if any) over reference.conf. */
  public static Settings load(Optional<Path> siteFile, Map<String, String> extraOverrides) {
    return load(siteFile, System.getenv(), extraOverrides);
  }

  /** As {@link #load(Optional, Map)} with an explicit environment (tests pass their own). */
  public static Settings load(Optional<Path> siteFile, Map<String, String> environment,
      Map<String, String> extraOverrides) {
    Config reference = ConfigFactory.defaultReference();
    Config site = ConfigFactory.empty();
    if (siteFile.isPresent()) {
      Path p = siteFile.get();
      if (!Files.isRegularFile(p)) {
        throw new InvalidSettingsException(List.of("settings file " + p + " does not exist (given by --conf or VIGIA_CONF)"));
      }
      try {
        site = ConfigFactory.parseFile(p.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new InvalidSettingsException(List.of("settings file " + p + ": " + e.getMessage()));
      }
    }
    Map<String, String> known = new LinkedHashMap<>();
    for (String name : ENV_OF_PATH.values()) {
      String v = environment.get(name);
      if (v != null) {
        known.put(name, v);
      }
    }
    // parseURL of the first copy: the file may sit in several jars of a classpath (shaded + plain)
    java.net.URL envFile = Settings.class.getResource("/vigia-env.conf");
    if (envFile == null) {
      throw new IllegalStateException("vigia-env.conf missing from the classpath");
    }
    Config env = ConfigFactory.parseURL(envFile)
        .resolveWith(ConfigFactory.parseMap(known, "environment"),
            ConfigResolveOptions.noSystem().setUseSystemEnvironment(false));
    Config overrides = ConfigFactory.parseMap(extraOverrides, "command line");
    Config all;
    try {
      all = overrides.withFallback(env).withFallback(site).withFallback(reference).resolve();
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

  public String jdbcPassword() {
    return jdbcPassword;
  }

  /** The secret of the privacy scan's keyed hashes (never logged); empty when not given. */
  public String privacyHashSecret() {
    return privacyHashSecret;
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
      throw new IllegalArgumentException("not a boolean setting: " + path + " (" + e.getMessage() + ")");
    }
  }

  /** A setting's name for messages: "path (ENV_VAR)" when an environment variable overrides it. */
  public static String userName(String path) {
    return envName(path).map(e -> path + " (" + e + ")").orElse(path);
  }

  /** The environment variable that overrides a setting path, if any. */
  public static Optional<String> envName(String path) {
    return Optional.ofNullable(ENV_OF_PATH.get(path));
  }

  public static Map<String, String> envNames() {
    return Collections.unmodifiableMap(ENV_OF_PATH);
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

  private static Map<String, String> loadEnvNames() {
    Map<String, String> m = new LinkedHashMap<>();
    try (InputStream in = Settings.class.getResourceAsStream("/vigia-env.conf")) {
      if (in == null) {
        throw new IllegalStateException("vigia-env.conf missing from the classpath");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        Matcher mm = ENV_LINE.matcher(line);
        if (mm.matches()) {
          m.put(mm.group(1), mm.group(2));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }

  /** Reads typed values, collecting every problem instead of stopping at the first. */
  private static final class Reader {
    final Config c;
    final List<String> errors = new ArrayList<>();

    Reader(Config c) {
      this.c = c;
    }

    String name(String path) {
      return userName(path);
    }

    private <T> T get(String path, Supplier<T> f, T fallback) {
      try {
        return f.get();
      } catch (ConfigException.Missing e) {
        errors.add(name(path) + ": missing");
      } catch (ConfigException e) {
        String shown = path.endsWith("password") || path.endsWith("secret") ? "***" : safeRaw(path);
        errors.add(name(path) + " = '" + shown + "': " + simplify(e));
      }
      return fallback;
    }

    private String safeRaw(String path) {
      try {
        return c.getValue(path).unwrapped().toString();
      } catch (ConfigException e) {
        return "?";
      }
    }

    private static String simplify(ConfigException e) {
      String m = e.getMessage();
      if (m.contains("has type STRING rather than NUMBER") || m.contains("NUMBER")) {
        return "not a number";
      }
      if (m.contains("BOOLEAN")) {
        return "not a boolean (use true or false)";
      }
      return m;
    }

    String str(String path) {
      return get(path, () -> c.getString(path), "");
    }

    /**
     * A secret: only from the environment or from a file whose path is setting {@code filePath} (a
     * secret in a settings file or on the command line would sit in version control or in `ps`). The
     * value is never part of a message.
     */
    String secret(String path, String filePath) {
      String file = str(filePath);
      String v = str(path);
      if (!v.isEmpty()) {
        String origin = c.getValue(path).origin().description();
        if (!origin.startsWith("environment")) {
          errors.add(name(path) + ": a secret may come only from the environment or from a file named by "
              + name(filePath) + "; it is set in " + origin.replaceAll(":\\s*\\d+$", ""));
        }
        if (!file.isEmpty()) {
          errors.add(name(path) + " and " + name(filePath) + ": give one of them, not both");
        }
        return v;
      }
      if (file.isEmpty()) {
        return v;
      }
      try {
        return Files.readString(Path.of(file)).strip();
      } catch (IOException | RuntimeException e) {
        errors.add(name(filePath) + " = '" + file + "': cannot read the file (" + e.getClass().getSimpleName() + ")");
        return "";
      }
    }

    String nonEmpty(String path) {
      String v = str(path);
      if (v.isBlank() && errors.stream().noneMatch(x -> x.startsWith(name(path)))) {
        errors.add(name(path) + ": must not be empty");
      }
      return v;
    }

    boolean bool(String path) {
      return get(path, () -> c.getBoolean(path), false);
    }

    long longIn(String path, long lo, long hi) {
      Long v = get(path, () -> c.getLong(path), null);
      if (v == null) {
        return lo;
      }
      if (v < lo || v > hi) {
        errors.add(name(path) + " = " + v + ": must be between " + lo + " and " + hi);
      }
      return v;
    }

    double dblIn(String path, double lo, double hi) {
      Double v = get(path, () -> c.getDouble(path), null);
      if (v == null) {
        return lo;
      }
      if (!(v >= lo && v <= hi)) {
        errors.add(name(path) + " = " + v + ": must be between " + lo + " and " + hi);
      }
      return v;
    }

    double dblOpen(String path, double lo, double hi) {
      Double v = get(path, () -> c.getDouble(path), null);
      if (v == null) {
        return lo;
      }
      if (!(v > lo && v < hi)) {
        errors.add(name(path) + " = " + v + ": must be strictly between " + lo + " and " + hi);
      }
      return v;
    }

    /** A non-negative exact decimal amount (money is never a double). */
    java.math.BigDecimal money(String path) {
      String v = get(path, () -> c.getString(path), null);
      if (v == null) {
        return java.math.BigDecimal.ZERO;
      }
      try {
        java.math.BigDecimal d = new java.math.BigDecimal(v.trim());
        if (d.signum() < 0) {
          errors.add(name(path) + " = " + v + ": must be >= 0");
        }
        return d;
      } catch (NumberFormatException e) {
        errors.add(name(path) + " = '" + v + "': not a decimal number");
        return java.math.BigDecimal.ZERO;
      }
    }

    double dblPositive(String path) {
      Double v = get(path, () -> c.getDouble(path), null);
      if (v == null) {
        return 0;
      }
      if (!(v > 0) || v.isInfinite()) {
        errors.add(name(path) + " = " + v + ": must be a positive number");
      }
      return v;
    }
  }
}
