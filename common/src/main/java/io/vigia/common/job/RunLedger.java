package io.vigia.common.job;

import io.vigia.common.db.Database;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The job_runs ledger: one row per run, from 'running' to 'succeeded' or 'failed'. */
public final class RunLedger {
  private RunLedger() {}

  static void start(Database db, String job, Window w, Optional<String> tenant, UUID runId)
      throws SQLException {
    insert(db, job, w, tenant, runId, "running", null);
  }

  /** Records a run the runner did not start (the job is switched off), with the reason. */
  static void skipped(
      Database db, String job, Window w, Optional<String> tenant, UUID runId, String reason)
      throws SQLException {
    insert(db, job, w, tenant, runId, "skipped", reason);
  }

  private static void insert(
      Database db,
      String job,
      Window w,
      Optional<String> tenant,
      UUID runId,
      String status,
      String message)
      throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO job_runs (job, window_start, window_end, run_id, "
                + "tenant_filter, status, records_in, records_ok, records_quarantined, started_at, ended_at, message, host) "
                + "VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, now(), CASE WHEN ? = 'running' THEN NULL ELSE now() END, ?, ?)")) {
      ps.setString(1, job);
      ps.setTimestamp(2, Timestamp.from(w.start()));
      ps.setTimestamp(3, Timestamp.from(w.end()));
      ps.setObject(4, runId);
      ps.setString(5, tenant.orElse(null));
      ps.setString(6, status);
      ps.setString(7, status);
      ps.setString(8, message);
      ps.setString(9, host());
      ps.executeUpdate();
    }
  }

  /**
   * Marks runs of this job left 'running' by a process that died as failed. Only called while
   * holding the job's run lock, so no live run can be among them. Returns their run ids.
   */
  static List<UUID> markAbandoned(Database db, String job) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("UPDATE job_runs SET status = 'failed', ended_at = now(), "
                + "message = 'abandoned: the process ended before the run finished; its partial work was rolled back' "
                + "WHERE job = ? AND status = 'running' RETURNING run_id")) {
      ps.setString(1, job);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add((UUID) rs.getObject(1));
        }
      }
    }
    return ids;
  }

  /** Records success inside the writer's transaction (the caller commits). */
  static void succeed(Connection tx, UUID runId, JobResult r, Map<String, Long> deltaVersions)
      throws SQLException {
    List<String> paths = new ArrayList<>(deltaVersions.keySet());
    String[] versions =
        paths.stream().map(p -> String.valueOf(deltaVersions.get(p))).toArray(String[]::new);
    try (PreparedStatement ps = tx.prepareStatement(
        "UPDATE job_runs SET status = 'succeeded', records_in = ?, "
            + "records_ok = ?, records_quarantined = ?, ended_at = now(), message = ?, "
            + "details = details || jsonb_build_object('delta', jsonb_object(?::text[], ?::text[])) WHERE run_id = ?")) {
      ps.setLong(1, r.recordsIn());
      ps.setLong(2, r.recordsOk());
      ps.setLong(3, r.recordsQuarantined());
      ps.setString(4, r.message());
      ps.setArray(5, tx.createArrayOf("text", paths.toArray()));
      ps.setArray(6, tx.createArrayOf("text", versions));
      ps.setObject(7, runId);
      if (ps.executeUpdate() != 1) {
        throw new SQLException("run " + runId + " is missing from job_runs");
      }
    }
  }

  static void fail(Database db, UUID runId, String message) {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("UPDATE job_runs SET status = 'failed', ended_at = now(), "
                + "message = ? WHERE run_id = ? AND status = 'running'")) {
      ps.setString(1, message.length() > 4000 ? message.substring(0, 4000) : message);
      ps.setObject(2, runId);
      ps.executeUpdate();
    } catch (SQLException e) {
      org.slf4j.LoggerFactory.getLogger(RunLedger.class)
          .warn("could not record the failure of run {}: {}", runId, e.getMessage());
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
