package io.vigia.jobs.partitions;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigia.common.db.Database;
import io.vigia.common.job.Faults;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.maintenance.ManagedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link MigrationPlan} (vigia.partitioning.migrate-online = true): prepare in one
 * transaction (skipped when the partitioned copy already exists: a resumed migration), copy in
 * batches of the integer key (each batch its own transaction; a resumed copy starts after the
 * largest key already copied, and ON CONFLICT DO NOTHING makes a repeated batch harmless), then
 * the swap in one transaction. Writes made to the table during the copy are captured by a trigger
 * and replayed under the swap's lock; the swap refuses when the row counts differ. A run killed
 * anywhere leaves the original table serving, and the next run resumes.
 */
final class OnlineMigration {
  private static final Logger LOG = LoggerFactory.getLogger(OnlineMigration.class);

  private OnlineMigration() {}

  /** Returns the rows copied by the batches. */
  static long run(Database db, Settings s, String table, JsonNode plan) throws SQLException {
    if (!plan.path("online").asBoolean(false)) {
      throw new IllegalStateException(
          "the migration plan of " + table + " has blockers: " + plan.path("blockers"));
    }
    try (Connection c = db.connect()) {
      boolean prepared;
      try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
        ps.setString(1, "public." + ManagedTable.q(table + "__vigia_new"));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          prepared = rs.getBoolean(1);
        }
      }
      if (!prepared) {
        LOG.info("partitions: migrating {} online: preparing the partitioned copy", table);
        inTransaction(db, plan.path("prepare"));
      }
      Faults.haltIfRequested(s, "partitions.migrate.after-prepare");
      JsonNode copy = plan.path("copy");
      long batch = copy.path("batch_rows").asLong();
      long max = scalar(c, copy.path("max_sql").asText());
      long lo = scalar(c, copy.path("resume_sql").asText());
      long copied = 0;
      try (PreparedStatement ps = c.prepareStatement(copy.path("sql").asText())) {
        while (lo < max) {
          ps.setLong(1, lo);
          ps.setLong(2, lo + batch);
          copied += ps.executeUpdate();
          lo += batch;
          if ((lo / batch) % 20 == 0) {
            LOG.info(
                "partitions: migrating {}: copied up to {} {} of {}",
                table,
                copy.path("column").asText(),
                lo,
                max);
          }
          Faults.haltIfRequested(s, "partitions.migrate.after-batch");
        }
      }
      LOG.info("partitions: migrating {}: {} rows copied; swapping", table, copied);
      inTransaction(db, plan.path("swap"));
      return copied;
    }
  }

  /** The plan's statements of one step, in one transaction. */
  private static void inTransaction(Database db, JsonNode statements) throws SQLException {
    db.inTransaction(c -> {
      try (Statement st = c.createStatement()) {
        for (JsonNode sql : statements) {
          st.execute(sql.asText());
        }
      }
      return null;
    });
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
