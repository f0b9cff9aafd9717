package io.vigia.jobs.maintenance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.db.Database;
import io.vigia.common.job.JobContext;
import io.vigia.common.json.Json;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The retention_moves ledger and partition_management.maintenance_log. A move is opened once and
 * resumed by every later run until it is done; its batch tags its rows in the archive, so a resumed
 * export replaces what a killed one wrote instead of adding to it.
 */
public final class Moves {
  private Moves() {}

  public record Move(
      long id, String batch, String status, Long rowCount, String checksum, LocalDate month) {}

  /** A new maintenance_log entry: when (the window's end), which job and run, what. */
  public static ObjectNode logEntry(JobContext ctx, String action) {
    return Json.object()
        .put("at", ctx.window().end().toString())
        .put("job", ctx.jobName())
        .put("run_id", ctx.runId().toString())
        .put("action", action);
  }

  /** Appends one entry to a table's maintenance_log, keeping the newest {@code ?} entries. */
  private static final String APPEND_LOG =
      "UPDATE partition_management SET maintenance_log = (SELECT coalesce(jsonb_agg(e "
          + "ORDER BY o), '[]'::jsonb) FROM jsonb_array_elements(maintenance_log || jsonb_build_array(?::jsonb)) "
          + "WITH ORDINALITY x(e, o) WHERE o > jsonb_array_length(maintenance_log) + 1 - ?) WHERE table_name = ?";

  public static void appendLog(Connection c, String table, ObjectNode entry, int keep)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(APPEND_LOG)) {
      ps.setString(1, Json.write(entry));
      ps.setInt(2, keep);
      ps.setString(3, table);
      ps.executeUpdate();
    }
  }

  /** As {@link #appendLog}, staged in the run's commit: it commits with the run's results or not at all. */
  public static void appendLogAtCommit(JobContext ctx, String table, ObjectNode entry, int keep) {
    ctx.writer().alsoInCommit(APPEND_LOG, List.of(Json.write(entry), keep, table));
  }

  /** The open move of this slice, or a new one. */
  public static Move open(
      Database db,
      String table,
      String from,
      String to,
      LocalDate month,
      String source,
      String selection,
      UUID runId)
      throws SQLException {
    try (Connection c = db.connect()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
          + " FROM retention_moves WHERE table_name = ? AND tier_from = ? AND tier_to = ? AND month = ? AND source = ? "
          + "AND selection = ? AND status <> 'done'")) {
        bind(ps, table, from, to, month, source, selection);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return read(rs);
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement("WITH n AS (SELECT nextval('retention_moves_id_seq') AS id) "
              + "INSERT INTO retention_moves (id, table_name, tier_from, tier_to, month, source, selection, batch, run_id) "
              + "SELECT n.id, ?, ?, ?, ?, ?, ?, 'b' || n.id, ? FROM n "
              + "RETURNING " + COLUMNS)) {
        bind(ps, table, from, to, month, source, selection);
        ps.setObject(7, runId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return read(rs);
        }
      }
    }
  }

  /** Open moves of a table between two tiers (to finish those whose last step already happened). */
  public static List<Move> openMoves(Database db, String table, String from, String to)
      throws SQLException {
    List<Move> out = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
            + " FROM retention_moves WHERE table_name = ? AND tier_from = ? AND tier_to = ? "
            + "AND status <> 'done' ORDER BY id")) {
      ps.setString(1, table);
      ps.setString(2, from);
      ps.setString(3, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
    }
    return out;
  }

  public static void status(
      Database db, long id, String status, Long rowCount, String checksum, String details)
      throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("UPDATE retention_moves SET status = ?, "
            + "row_count = coalesce(?, row_count), checksum = coalesce(?, checksum), "
            + "details = details || coalesce(?::jsonb, '{}'::jsonb) WHERE id = ?")) {
      ps.setString(1, status);
      ps.setObject(2, rowCount);
      ps.setString(3, checksum);
      ps.setString(4, details);
      ps.setLong(5, id);
      ps.executeUpdate();
    }
  }

  /** Marks the move done inside the caller's transaction (with the step that completes it). */
  public static void done(Connection tx, long id, long rowCount, String checksum, UUID runId)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("UPDATE retention_moves SET status = 'done', row_count = ?, "
            + "checksum = coalesce(?, checksum), finished_at = now(), run_id = ? WHERE id = ?")) {
      ps.setLong(1, rowCount);
      ps.setString(2, checksum);
      ps.setObject(3, runId);
      ps.setLong(4, id);
      ps.executeUpdate();
    }
  }

  private static void bind(
      PreparedStatement ps,
      String table,
      String from,
      String to,
      LocalDate month,
      String source,
      String selection)
      throws SQLException {
    ps.setString(1, table);
    ps.setString(2, from);
    ps.setString(3, to);
    ps.setDate(4, Date.valueOf(month));
    ps.setString(5, source);
    ps.setString(6, selection);
  }

  /** The columns {@link #read} reads, in its order. */
  private static final String COLUMNS = "id, batch, status, row_count, checksum, month";

  private static Move read(ResultSet rs) throws SQLException {
    long rc = rs.getLong(4);
    Long rowCount = rs.wasNull() ? null : rc;
    return new Move(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rowCount,
        rs.getString(5),
        rs.getDate(6).toLocalDate());
  }
}
