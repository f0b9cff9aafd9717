package io.vigia.common.testing;

import io.vigia.common.db.Database;
import io.vigia.common.db.EmbeddedPostgres;
import io.vigia.common.db.Migrations;
import io.vigia.common.settings.Settings;
import io.vigia.common.spark.Sessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;

/**
 * One SparkSession and one embedded PostgreSQL per test JVM, shared by every test class (started
 * on first use, stopped at JVM exit). Tests that need a clean schema take a fresh database.
 */
public final class TestEnv {
  private static EmbeddedPostgres pg;
  private static SparkSession spark;
  private static Path root;
  private static final AtomicInteger DBS = new AtomicInteger();

  private TestEnv() {}

  public static synchronized EmbeddedPostgres postgres() {
    if (pg == null) {
      try {
        root = Files.createTempDirectory("vigia-test-");
        pg = EmbeddedPostgres.start(root.resolve("pg"), 0, true);
        EmbeddedPostgres started = pg;
        Path tree = root;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            started.deleteData();
            // the tests' lakes and landings (about 200 MB a JVM)
            io.vigia.common.io.LocalFiles.deleteTree(tree);
          } catch (IOException ignored) {
            // temp data; the OS cleans up
          }
        }));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return pg;
  }

  /** A new, empty database on the shared server; migrated when asked. */
  public static Database freshDatabase(String prefix, boolean migrate) {
    EmbeddedPostgres p = postgres();
    String name = (prefix + "_" + DBS.incrementAndGet()).toLowerCase();
    try (Connection c = Database.embedded(p, "postgres").connect();
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name);
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    Database db = Database.embedded(p, name);
    if (migrate) {
      Migrations.migrate(db);
    }
    return db;
  }

  public static synchronized SparkSession spark() {
    if (spark == null) {
      spark = Sessions.forTests(Settings.defaults()).getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
    }
    return spark;
  }

  /** Settings for a test: the database of the given Database, lake and landing under a temp dir. */
  public static Settings settings(Database db, Path work, Map<String, ?> more) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(more);
    m.put("vigia.jdbc.url", db.url());
    m.put("vigia.jdbc.user", db.user());
    m.putIfAbsent("vigia.landing-dir", work.resolve("landing").toString());
    m.putIfAbsent("vigia.lake-dir", work.resolve("lake").toString());
    return Settings.defaults().with(m);
  }

  public static Path tempDir(String prefix) {
    try {
      postgres();
      return Files.createTempDirectory(root, prefix);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
