package io.vigia.common.db;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/** The Phase 5 schema as Flyway migrations (classpath:db/migration). */
public final class Migrations {
  private Migrations() {}

  private static Flyway flyway(Database db) {
    return configure(db).load();
  }

  private static FluentConfiguration configure(Database db) {
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(db.url(), db.user(), passwordOf(db))
        .locations("classpath:db/migration")
        .table("vigia_schema_history")
        .baselineOnMigrate(false)
        .cleanDisabled(true);
  }

  private static String passwordOf(Database db) {
    return db.password();
  }

  /** Applies pending migrations; returns the number applied. */
  public static int migrate(Database db) {
    return migrate(db, "latest");
  }

  /**
   * Applies pending migrations up to and including version {@code target} ("latest": all; a
   * benchmark measures a schema before a later migration, then migrates on); returns the number
   * applied.
   */
  public static int migrate(Database db, String target) {
    MigrateResult r = configure(db).target(target).load().migrate();
    applySecurity(db);
    return r.migrationsExecuted;
  }

  /**
   * Grants and row-level security (V11's vigia_apply_security()) again after every migrate, so tables
   * a later migration adds are covered. A Java step rather than a Flyway afterMigrate.sql callback: the
   * plain and the shaded jar may both be on a classpath, and Flyway refuses a callback found twice.
   */
  private static void applySecurity(Database db) {
    try (java.sql.Connection c = db.connect();
        java.sql.Statement st = c.createStatement()) {
      try (java.sql.ResultSet rs =
          st.executeQuery("SELECT to_regprocedure('vigia_apply_security()') IS NOT NULL")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return;
        }
      }
      st.execute("SELECT vigia_apply_security()");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(
          "migrated, but could not apply grants and row-level security: " + e.getMessage(), e);
    }
  }

  /** The version the database is at, or "none". */
  public static String currentVersion(Database db) {
    MigrationInfo cur = flyway(db).info().current();
    return cur == null ? "none" : cur.getVersion().getVersion();
  }

  /** Refuses to go on when migrations are pending or failed: every job calls this first. */
  public static void requireCurrent(Database db) {
    MigrationInfoService info = flyway(db).info();
    MigrationInfo[] pending = info.pending();
    if (pending.length > 0) {
      MigrationInfo cur = info.current();
      throw new SchemaNotCurrentException("the database schema is at version "
          + (cur == null ? "none" : cur.getVersion().getVersion()) + " but vigia needs "
          + pending[pending.length - 1].getVersion().getVersion() + " (pending: "
          + Arrays.stream(pending)
              .map(m -> m.getVersion() + " " + m.getDescription())
              .collect(Collectors.joining(", "))
          + "): run `vigia migrate`");
    }
    MigrationInfo[] failed = Arrays.stream(info.all())
        .filter(m -> m.getState().isFailed())
        .toArray(MigrationInfo[]::new);
    if (failed.length > 0) {
      throw new SchemaNotCurrentException(
          "migration " + failed[0].getVersion() + " failed earlier; repair the schema "
              + "history (vigia_schema_history) before running jobs");
    }
  }

  /** Thrown when a job starts against an out-of-date schema. */
  public static final class SchemaNotCurrentException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SchemaNotCurrentException(String m) {
      super(m);
    }
  }
}
