package io.vigia.bench;

import io.vigia.common.db.Database;
import io.vigia.common.settings.Settings;
import io.vigia.common.spark.Sessions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** What every benchmark program sets up the same way: its settings and its Spark session. */
final class BenchEnv {
  private BenchEnv() {}

  /**
   * Settings of a local benchmark run: the given database, landing and lake under {@code work}, all
   * cores, 8 shuffle partitions; {@code extra} adds or overrides keys.
   */
  static Settings settings(Database db, Path work, Map<String, ?> extra) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vigia.jdbc.url", db.url());
    m.put("vigia.jdbc.user", db.user());
    m.putAll(extra);
    return settings(work, m);
  }

  /** The same without a database (a benchmark of a Spark step alone). */
  static Settings settings(Path work, Map<String, ?> extra) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vigia.landing-dir", work.resolve("landing").toString());
    m.put("vigia.lake-dir", work.resolve("lake").toString());
    m.put("vigia.spark.master", "local[*]");
    m.put("vigia.spark.shuffle-partitions", "8");
    m.putAll(extra);
    return Settings.defaults().with(m);
  }

  /** The benchmark's Spark session (application name vigia-bench-NAME, no UI). */
  static SparkSession spark(Settings s, String name) {
    return Sessions.builder(s, "vigia-bench-" + name)
        .config("spark.ui.enabled", "false")
        .getOrCreate();
  }
}
