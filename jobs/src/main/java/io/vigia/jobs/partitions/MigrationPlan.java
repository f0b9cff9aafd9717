package io.vigia.jobs.partitions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.json.Json;
import io.vigia.jobs.maintenance.ManagedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan to turn an unpartitioned table that crossed its threshold into monthly range partitions
 * online: what changes (unique keys must include the partition key), what blocks it (foreign keys
 * pointing at the table, no integer key to copy in batches), and the SQL in phases: prepare (a
 * partitioned twin, its partitions, keys and indexes, a change-capture trigger; one transaction),
 * copy (batches of the integer key, each its own transaction, resumable), swap (one transaction:
 * lock, replay captured changes, compare counts, rename, sequences, dependent views) and the cleanup
 * left to an operator after review. The copy-then-swap pattern of pg_repack and pg_partman's
 * partition_data_proc; {@link OnlineMigration} runs it when vigia.partitioning.migrate-online is set.
 */
final class MigrationPlan {
  /** Names the plan may write into its SQL text. */
  static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]*");

  private MigrationPlan() {}

  static ObjectNode build(
      Connection c, ManagedTable t, LocalDate ref, int monthsAhead, long batchRows)
      throws SQLException {
    String table = t.name();
    String key = t.key();
    String qt = "public." + ManagedTable.q(table);
    String newName = table + "__vigia_new";
    String qn = "public." + ManagedTable.q(newName);
    ObjectNode plan = Json.object();
    if (!PLAIN.matcher(table).matches() || !PLAIN.matcher(key).matches()) {
      // the plan is SQL text an operator reviews and OnlineMigration runs, and names the table in
      // string literals too (the partition helper's argument, the trigger's rename): only plain
      // names go into it
      return plan.put("table", table)
          .put("partition_key", key)
          .put("online", false)
          .set(
              "blockers",
              Json.MAPPER.valueToTree(List.of("table " + table + " or its key " + key
                  + " is not a plain lower-case name ([a-z_][a-z0-9_]*): rename it to plan an"
                  + " online migration")));
    }
    plan.put("table", table)
        .put("partition_key", key)
        .put("strategy", "range")
        .put("interval", "month");
    List<String> blockers = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    List<String> steps = new ArrayList<>();
    List<String> swap = new ArrayList<>();
    List<String> cleanup = new ArrayList<>();

    if (t.keyType() == null) {
      blockers.add("partition key column " + key + " does not exist in " + table);
    } else if (!t.timeKeyed()) {
      blockers.add("partition key " + key + " is " + t.keyType() + ", not a date or timestamp");
    }
    Boolean notNull = scalarBool(
        c,
        "SELECT a.attnotnull FROM pg_attribute a WHERE a.attrelid = ?::regclass AND a.attname = ?",
        qt,
        key);
    if (Boolean.FALSE.equals(notNull)) {
      changes.add(key + " is nullable: rows with a NULL key go to the default partition");
    }
    String first = null;
    if (t.timeKeyed()) {
      String month = t.keyType().startsWith("timestamp with")
          ? "date_trunc('month', min(" + ManagedTable.q(key) + ") AT TIME ZONE 'UTC')::date"
          : "date_trunc('month', min(" + ManagedTable.q(key) + "))::date";
      first = scalarText(c, "SELECT " + month + " FROM " + qt);
    }
    LocalDate from = first == null ? ref.withDayOfMonth(1) : LocalDate.parse(first);
    LocalDate to = ref.withDayOfMonth(1).plusMonths(monthsAhead + 1L);
    plan.put("first_month", from.toString()).put("months_until", to.toString());

    steps.add("CREATE TABLE " + qn + " (LIKE " + qt
        + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE "
        + "INCLUDING COMMENTS) PARTITION BY RANGE (" + ManagedTable.q(key) + ")");
    steps.add("CREATE TABLE public." + ManagedTable.q(newName + "_default") + " PARTITION OF " + qn
        + " DEFAULT");
    steps.add(
        "SELECT vigia_ensure_monthly_partitions('" + newName + "', '" + from + "', '" + to + "')");

    String batchColumn = null;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT co.conname, co.contype::text, "
            + "array_to_string(ARRAY(SELECT a.attname FROM unnest(co.conkey) k JOIN pg_attribute a ON a.attrelid = "
            + "co.conrelid AND a.attnum = k), ','), (SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
            + "WHERE a.attrelid = co.conrelid AND a.attnum = co.conkey[1]) "
            + "FROM pg_constraint co WHERE co.conrelid = ?::regclass AND co.contype IN ('p', 'u') ORDER BY co.conname")) {
      ps.setString(1, qt);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> cols = new ArrayList<>(List.of(rs.getString(3).split(",")));
          boolean pk = rs.getString(2).equals("p");
          if (pk
              && cols.size() == 1
              && List.of("bigint", "integer", "smallint").contains(rs.getString(4))) {
            batchColumn = cols.get(0);
          }
          if (!cols.contains(key)) {
            changes.add((pk ? "primary key " : "unique constraint ") + rs.getString(1) + " ("
                + String.join(", ", cols)
                + ") becomes (" + String.join(", ", cols) + ", " + key
                + "): PostgreSQL requires the partition key "
                + "in every unique constraint of a partitioned table");
            cols.add(key);
          }
          steps.add("ALTER TABLE " + qn + " ADD " + (pk ? "PRIMARY KEY" : "UNIQUE") + " ("
              + String.join(", ", cols.stream().map(ManagedTable::q).toList()) + ")");
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
            + "WHERE i.indrelid = ?::regclass AND NOT i.indisunique ORDER BY i.indexrelid")) {
      ps.setString(1, qt);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String def = rs.getString(1);
          int on = def.indexOf(" ON ");
          int using = def.indexOf(" USING ");
          if (on > 0 && using > on) {
            steps.add("CREATE INDEX ON " + qn + def.substring(using));
          }
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT conname, conrelid::regclass::text, "
        + "pg_get_constraintdef(oid), confrelid = conrelid FROM pg_constraint WHERE contype = 'f' "
        + "AND (confrelid = ?::regclass OR conrelid = ?::regclass) ORDER BY conname")) {
      ps.setString(1, qt);
      ps.setString(2, qt);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          boolean outbound = rs.getString(2).equals(table) || rs.getString(2).equals(qt);
          if (outbound) {
            steps.add("ALTER TABLE " + qn + " ADD " + rs.getString(3));
          } else {
            blockers.add(
                "foreign key " + rs.getString(1) + " of " + rs.getString(2) + " references " + table
                    + ": it must include " + key + " (or be dropped) before the swap");
          }
        }
      }
    }
    if (batchColumn == null) {
      blockers.add(
          "no single-column integer primary key to copy in batches: copy offline (INSERT ... SELECT in one "
              + "transaction under a lock) instead");
      batchColumn = "id";
    }
    String changesTable = "public." + ManagedTable.q(table + "__vigia_changes");
    String bc = ManagedTable.q(batchColumn);
    steps.add("CREATE TABLE " + changesTable + " (" + bc + " bigint NOT NULL)");
    steps.add("CREATE FUNCTION public." + ManagedTable.q(table + "__vigia_capture")
        + "() RETURNS trigger LANGUAGE "
        + "plpgsql AS $$BEGIN IF TG_OP <> 'INSERT' THEN INSERT INTO " + changesTable
        + " VALUES (OLD." + bc
        + "); END IF; IF TG_OP <> 'DELETE' THEN INSERT INTO " + changesTable + " VALUES (NEW." + bc
        + "); END IF; RETURN NULL; END$$");
    steps.add("CREATE TRIGGER vigia_capture AFTER INSERT OR UPDATE OR DELETE ON " + qt
        + " FOR EACH ROW EXECUTE " + "FUNCTION public." + ManagedTable.q(table + "__vigia_capture")
        + "()");
    ObjectNode copy = plan.putObject("copy");
    copy.put("column", batchColumn)
        .put("batch_rows", batchRows)
        .put(
            "sql",
            "INSERT INTO " + qn + " SELECT * FROM " + qt + " WHERE " + bc + " > ? AND " + bc
                + " <= ? " + "ON CONFLICT DO NOTHING")
        .put("max_sql", "SELECT coalesce(max(" + bc + "), 0) FROM " + qt)
        .put("resume_sql", "SELECT coalesce(max(" + bc + "), 0) FROM " + qn);
    swap.add("LOCK TABLE " + qt + " IN EXCLUSIVE MODE");
    swap.add(
        "DELETE FROM " + qn + " WHERE " + bc + " IN (SELECT " + bc + " FROM " + changesTable + ")");
    swap.add("INSERT INTO " + qn + " SELECT * FROM " + qt + " WHERE " + bc + " IN (SELECT " + bc
        + " FROM " + changesTable + ")");
    swap.add("DO $$BEGIN IF (SELECT count(*) FROM " + qt + ") <> (SELECT count(*) FROM " + qn
        + ") THEN RAISE " + "EXCEPTION 'vigia: row counts of " + table
        + " and its partitioned copy differ; nothing swapped'; END IF; END$$");
    // the table's own triggers (e.g. V15's notification enqueue) follow it, created after the copy
    // so that
    // copied rows do not fire them
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t "
            + "WHERE t.tgrelid = ?::regclass AND NOT t.tgisinternal AND t.tgname <> 'vigia_capture' ORDER BY t.tgname")) {
      ps.setString(1, qt);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String def = rs.getString(1);
          int on = def.indexOf(" ON ");
          int each = def.indexOf(" FOR EACH ", on);
          if (on < 0 || each < 0) {
            blockers.add("trigger definition not understood, re-create it by hand: " + def);
            continue;
          }
          swap.add(def.substring(0, on) + " ON " + qn + def.substring(each));
          changes.add("trigger re-created on the partitioned table at the swap: " + def);
        }
      }
    }
    swap.add("DROP TRIGGER vigia_capture ON " + qt);
    swap.add("ALTER TABLE " + qt + " RENAME TO " + ManagedTable.q(table + "__vigia_old"));
    swap.add("ALTER TABLE " + qn + " RENAME TO " + ManagedTable.q(table));
    swap.add(
        "DO $$DECLARE r record; BEGIN FOR r IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = "
            + "i.inhrelid WHERE i.inhparent = '" + qt + "'::regclass AND starts_with(c.relname, '"
            + newName + "_') LOOP "
            + "EXECUTE format('ALTER TABLE public.%I RENAME TO %I', r.relname, '" + table
            + "' || substr(r.relname, "
            + (newName.length() + 1) + ")); END LOOP; END$$");
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT s.oid::regclass::text, a.attname FROM pg_depend d "
            + "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_attribute a ON a.attrelid = d.refobjid "
            + "AND a.attnum = d.refobjsubid WHERE d.refobjid = ?::regclass AND d.deptype IN ('a', 'i')")) {
      ps.setString(1, qt);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          swap.add("ALTER SEQUENCE " + rs.getString(1) + " OWNED BY " + qt + "."
              + ManagedTable.q(rs.getString(2)));
        }
      }
    }
    ArrayNode views = plan.putArray("dependent_views");
    try (PreparedStatement ps =
        c.prepareStatement("SELECT DISTINCT v.oid::regclass::text, pg_get_viewdef(v.oid) "
            + "FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class "
            + "WHERE d.refobjid = ?::regclass AND v.oid <> d.refobjid ORDER BY 1")) {
      ps.setString(1, qt);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          views.add(rs.getString(1));
          swap.add("CREATE OR REPLACE VIEW " + rs.getString(1) + " AS "
              + rs.getString(2).trim());
        }
      }
    }
    swap.add(
        "UPDATE partition_management SET is_partitioned = true WHERE table_name = '" + table + "'");
    cleanup.add("DROP TABLE public." + ManagedTable.q(table + "__vigia_old"));
    cleanup.add("DROP TABLE " + changesTable);
    cleanup.add("DROP FUNCTION public." + ManagedTable.q(table + "__vigia_capture") + "()");
    changes.add("grants and row-level policies of " + table
        + " are not copied: re-grant them after the swap");

    plan.put("online", blockers.isEmpty());
    plan.set("blockers", Json.MAPPER.valueToTree(blockers));
    plan.set("changes", Json.MAPPER.valueToTree(changes));
    plan.set("prepare", Json.MAPPER.valueToTree(steps));
    plan.set("swap", Json.MAPPER.valueToTree(swap));
    plan.set("cleanup_after_review", Json.MAPPER.valueToTree(cleanup));
    return plan;
  }

  private static Boolean scalarBool(Connection c, String sql, String... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getBoolean(1) : null;
      }
    }
  }

  private static String scalarText(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
