package io.vigia.workflow;

import io.vigia.common.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The human steps of the design's REST API as batch commands: each moves one row along its status
 * workflow, writes only that table's human-owned columns, and records the actor in
 * {@code workflow_actions}, in one transaction with the row locked. An action the row's status
 * does not allow is refused with {@link RefusedException} naming the status and who set it.
 *
 * <p>Workflows (schema.md): drift_alerts open -> acknowledged -> resolved (open -> resolved too);
 * ab_experiments draft -> running -> stopped (completed is the experiments job's); improvement
 * suggestions pending -> approved | rejected, approved -> implemented; compliance_reports draft |
 * pending_review -> approved | rejected.
 */
public final class Workflow {
  /** The current status does not allow the action (exit code 5). */
  public static final class RefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }

  /** One action: the table, the statuses it starts from, the status it sets, and the extra columns. */
  public enum Action {
    ACKNOWLEDGE_ALERT(
        "drift_alert",
        "drift_alerts",
        true,
        Set.of("open"),
        "acknowledged",
        "acknowledged_by = ?actor, acknowledged_at = ?now",
        false),
    RESOLVE_ALERT(
        "drift_alert",
        "drift_alerts",
        true,
        Set.of("open", "acknowledged"),
        "resolved",
        "resolved_at = ?now, resolution_notes = ?note",
        true),
    START_EXPERIMENT(
        "ab_experiment",
        "ab_experiments",
        false,
        Set.of("draft"),
        "running",
        "started_at = ?now, ended_at = NULL",
        false),
    STOP_EXPERIMENT(
        "ab_experiment",
        "ab_experiments",
        false,
        Set.of("running"),
        "stopped",
        "ended_at = ?now",
        false),
    APPROVE_SUGGESTION(
        "improvement_suggestion",
        "improvement_suggestions",
        true,
        Set.of("pending"),
        "approved",
        "approved_by = ?actor, approved_at = ?now",
        false),
    REJECT_SUGGESTION(
        "improvement_suggestion",
        "improvement_suggestions",
        true,
        Set.of("pending"),
        "rejected",
        "",
        false),
    IMPLEMENT_SUGGESTION(
        "improvement_suggestion",
        "improvement_suggestions",
        true,
        Set.of("approved"),
        "implemented",
        "implemented_at = ?now",
        false),
    APPROVE_REPORT(
        "compliance_report",
        "compliance_reports",
        true,
        Set.of("draft", "pending_review"),
        "approved",
        "reviewed_by = ?actor, reviewed_at = ?now",
        false),
    REJECT_REPORT(
        "compliance_report",
        "compliance_reports",
        true,
        Set.of("draft", "pending_review"),
        "rejected",
        "reviewed_by = ?actor, reviewed_at = ?now",
        true);

    final String entity;
    final String table;
    final boolean numericId;
    final Set<String> from;
    final String to;
    final String assignments;
    final boolean noteRequired;

    Action(
        String entity,
        String table,
        boolean numericId,
        Set<String> from,
        String to,
        String assignments,
        boolean noteRequired) {
      this.entity = entity;
      this.table = table;
      this.numericId = numericId;
      this.from = from;
      this.to = to;
      this.assignments = assignments;
      this.noteRequired = noteRequired;
    }

    public String entity() {
      return entity;
    }

    String verb() {
      return name().substring(0, name().indexOf('_')).toLowerCase();
    }
  }

  /** What an accepted action did. */
  public record Outcome(
      String entity, String id, String tenant, String from, String to, String actor, Instant at) {
    @Override
    public String toString() {
      return entity.replace('_', ' ') + " " + id + " (tenant " + tenant + "): " + from + " -> " + to
          + " by " + actor + " at " + at;
    }
  }

  private final Database db;
  private final Clock clock;

  public Workflow(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Applies the action to the row `id`.
   *
   * @param tenant when present, the row must belong to this tenant (a guard against a wrong id)
   */
  public Outcome apply(
      Action a, String id, String actor, Optional<String> tenant, Optional<String> note)
      throws SQLException {
    String who = requireActor(actor);
    Object key = parseId(a, id);
    if (a.noteRequired && note.map(String::isBlank).orElse(true)) {
      throw new IllegalArgumentException(
          a.verb() + " " + a.entity.replace('_', ' ') + " needs --note (why)");
    }
    Instant now = clock.instant();
    return db.inTransaction(c -> {
      String status;
      String rowTenant;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT status, tenant_id FROM " + a.table + " WHERE id = ? FOR UPDATE")) {
        ps.setObject(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalArgumentException(
                "no " + a.entity.replace('_', ' ') + " with id " + id + " (" + a.table + ")");
          }
          status = rs.getString(1);
          rowTenant = rs.getString(2);
        }
      }
      if (tenant.isPresent() && !tenant.get().equals(rowTenant)) {
        throw new IllegalArgumentException(a.entity.replace('_', ' ') + " " + id
            + " belongs to tenant " + rowTenant + ", not " + tenant.get());
      }
      if (a == Action.START_EXPERIMENT && a.from.contains(status)) {
        checkStartable(c, id);
      }
      if (!a.from.contains(status)) {
        throw new RefusedException(
            "cannot " + a.verb() + " " + a.entity.replace('_', ' ') + " " + id + ": it is "
                + status + lastAction(c, a.entity, id) + "; " + a.verb() + " needs status "
                + String.join(" or ", a.from.stream().sorted().toList()));
      }
      List<Object> params = new ArrayList<>();
      StringBuilder set = new StringBuilder("status = ?");
      params.add(a.to);
      if (!a.assignments.isEmpty()) {
        for (String part : a.assignments.split(",\\s*")) {
          String[] kv = part.split("\\s*=\\s*");
          set.append(", ").append(kv[0]).append(" = ");
          switch (kv[1]) {
            case "?actor" -> {
              set.append('?');
              params.add(who);
            }
            case "?now" -> {
              set.append('?');
              params.add(Timestamp.from(now));
            }
            case "?note" -> {
              set.append('?');
              params.add(note.orElse(null));
            }
            default -> set.append(kv[1]);
          }
        }
      }
      params.add(key);
      params.add(status);
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE " + a.table + " SET " + set + " WHERE id = ? AND status = ?")) {
        for (int i = 0; i < params.size(); i++) {
          ps.setObject(i + 1, params.get(i));
        }
        if (ps.executeUpdate() != 1) {
          throw new IllegalStateException(
              a.entity + " " + id + " changed while being updated; try again");
        }
      }
      record(c, a.entity, id, rowTenant, a.verb(), status, a.to, who, note.orElse(null), now);
      return new Outcome(a.entity, id, rowTenant, status, a.to, who, now);
    });
  }

  /** Queues an erasure request for a data subject; refused when one is already open for them. */
  public Outcome queueErasure(String tenant, String subject, String actor, Optional<String> note)
      throws SQLException {
    String who = requireActor(actor);
    if (tenant == null || tenant.isBlank()) {
      throw new IllegalArgumentException("--tenant is required");
    }
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException(
          "--subject is required (the platform's user id of the data subject)");
    }
    Instant now = clock.instant();
    return db.inTransaction(c -> {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT id, status, requested_by, requested_at FROM erasure_requests "
              + "WHERE tenant_id = ? AND subject_id = ? AND status = 'pending' FOR UPDATE")) {
        ps.setString(1, tenant);
        ps.setString(2, subject);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            throw new RefusedException(
                "an erasure request for this subject of tenant " + tenant + " is already "
                    + rs.getString(2) + " (request " + rs.getLong(1) + ", by " + rs.getString(3)
                    + " at "
                    + rs.getTimestamp(4).toInstant() + ")");
          }
        }
      }
      long id;
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO erasure_requests (tenant_id, subject_id, status, "
              + "requested_by, requested_at, message) VALUES (?, ?, 'pending', ?, ?, ?) RETURNING id")) {
        ps.setString(1, tenant);
        ps.setString(2, subject);
        ps.setString(3, who);
        ps.setTimestamp(4, Timestamp.from(now));
        ps.setString(5, note.orElse(null));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
      }
      record(
          c,
          "erasure_request",
          Long.toString(id),
          tenant,
          "queue",
          null,
          "pending",
          who,
          note.orElse(null),
          now);
      return new Outcome(
          "erasure_request", Long.toString(id), tenant, "(new)", "pending", who, now);
    });
  }

  /** An experiment starts only with a definition the analysis can use (the job would mark it invalid). */
  private static void checkStartable(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT traffic_split, control_model_id, treatment_model_id, "
            + "primary_metric FROM ab_experiments WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        double split = rs.getDouble(1);
        List<String> bad = new ArrayList<>();
        if (!(split > 0 && split < 1)) {
          bad.add("traffic_split " + rs.getBigDecimal(1) + " must be strictly between 0 and 1");
        }
        if (rs.getString(2).equals(rs.getString(3))) {
          bad.add("control and treatment are the same model (" + rs.getString(2) + ")");
        }
        if (rs.getString(4) == null || rs.getString(4).isBlank()) {
          bad.add("primary_metric is empty");
        }
        if (!bad.isEmpty()) {
          throw new RefusedException(
              "cannot start ab experiment " + id + ": " + String.join("; ", bad));
        }
      }
    }
  }

  private static String requireActor(String actor) {
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException(
          "--by is required: who does this (recorded in workflow_actions)");
    }
    return actor.trim();
  }

  private static Object parseId(Action a, String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("the " + a.entity.replace('_', ' ') + " id is required");
    }
    if (!a.numericId) {
      return id;
    }
    try {
      return Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          a.entity.replace('_', ' ') + " id '" + id + "' is not a number (" + a.table + ".id)");
    }
  }

  private static String lastAction(Connection c, String entity, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT action, actor, acted_at FROM workflow_actions "
            + "WHERE entity = ? AND entity_id = ? ORDER BY acted_at DESC, id DESC LIMIT 1")) {
      ps.setString(1, entity);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? " (" + rs.getString(1) + " by " + rs.getString(2) + " at "
                + rs.getTimestamp(3).toInstant() + ")"
            : "";
      }
    }
  }

  private static void record(
      Connection c,
      String entity,
      String id,
      String tenant,
      String action,
      String from,
      String to,
      String actor,
      String note,
      Instant at)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO workflow_actions (entity, entity_id, tenant_id, action, "
            + "from_status, to_status, actor, note, acted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, entity);
      ps.setString(2, id);
      ps.setString(3, tenant);
      ps.setString(4, action);
      ps.setString(5, from);
      ps.setString(6, to);
      ps.setString(7, actor);
      ps.setString(8, note);
      ps.setTimestamp(9, Timestamp.from(at));
      ps.executeUpdate();
    }
  }
}
