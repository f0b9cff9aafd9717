package io.vigia.jobs.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigia.common.db.Relations;
import io.vigia.common.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table of partition_management with what the catalog says about it: whether it exists, whether
 * it is partitioned (and on which column), the type of its partition key, and its leaf relations
 * with their monthly bounds.
 */
public record ManagedTable(
    String name,
    String strategy,
    String key,
    double sizeThresholdGb,
    long rowThreshold,
    JsonNode config,
    boolean exists,
    boolean partitioned,
    String keyType) {
  private static final Pattern MONTH_BOUND = Pattern.compile(
      "FOR VALUES FROM \\('(\\d{4}-\\d{2}-\\d{2})(?: 00:00:00(?:\\+00)?)?'\\) TO \\('(\\d{4}-\\d{2}-\\d{2})(?: 00:00:00(?:\\+00)?)?'\\)");

  /** One leaf relation: a monthly partition [lo, hi), the default partition, or the table itself. */
  public record Leaf(
      String relname, LocalDate lo, LocalDate hi, boolean isDefault, double estimate, long bytes) {
    public boolean monthly() {
      return lo != null && lo.getDayOfMonth() == 1 && lo.plusMonths(1).equals(hi);
    }
  }

  /** Every row of partition_management, with the catalog's view of each table. */
  public static List<ManagedTable> load(Connection c) throws SQLException {
    List<ManagedTable> out = new ArrayList<>();
    String sql =
        "SELECT pm.table_name, pm.partition_strategy, pm.partition_key, pm.size_threshold_gb::float8, "
            + "pm.row_threshold, pm.config::text, cl.relkind::text, "
            + "(SELECT a.attname FROM pg_partitioned_table pt JOIN pg_attribute a ON a.attrelid = pt.partrelid "
            + "   AND a.attnum = pt.partattrs[0] WHERE pt.partrelid = cl.oid AND pt.partnatts = 1) AS actual_key "
            + "FROM partition_management pm "
            + "LEFT JOIN pg_class cl ON cl.oid = to_regclass('public.' || quote_ident(pm.table_name)) "
            + "ORDER BY pm.table_name";
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String relkind = rs.getString(7);
        boolean partitioned = "p".equals(relkind);
        String key = partitioned && rs.getString(8) != null ? rs.getString(8) : rs.getString(3);
        JsonNode config;
        try {
          config = Json.read(rs.getString(6));
        } catch (Exception e) {
          throw new SQLException(
              "partition_management.config of " + rs.getString(1) + " is not JSON", e);
        }
        out.add(new ManagedTable(
            rs.getString(1),
            rs.getString(2),
            key,
            rs.getDouble(4),
            rs.getLong(5),
            config,
            relkind != null,
            partitioned,
            null));
      }
    }
    List<ManagedTable> typed = new ArrayList<>();
    for (ManagedTable t : out) {
      typed.add(t.exists ? t.withKeyType(columnType(c, t.name, t.key)) : t);
    }
    return typed;
  }

  private ManagedTable withKeyType(String type) {
    return new ManagedTable(
        name, strategy, key, sizeThresholdGb, rowThreshold, config, exists, partitioned, type);
  }

  public static String columnType(Connection c, String table, String column) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
            + "WHERE a.attrelid = to_regclass('public.' || quote_ident(?)) AND a.attname = ? AND NOT a.attisdropped")) {
      ps.setString(1, table);
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The table's columns in order. */
  public static List<String> columns(Connection c, String table) throws SQLException {
    List<String> cols = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = "
            + "to_regclass('public.' || quote_ident(?)) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          cols.add(rs.getString(1));
        }
      }
    }
    return cols;
  }

  /** Whether the partition key is a date or timestamp (monthly range partitions are possible). */
  public boolean timeKeyed() {
    return keyType != null && (keyType.equals("date") || keyType.startsWith("timestamp"));
  }

  /** An integer setting of the table's config, or the fallback when absent. */
  public int configInt(String field, int fallback) {
    JsonNode n = config.get(field);
    return n != null && n.canConvertToInt() ? n.asInt() : fallback;
  }

  /** The leaf relations (for an unpartitioned table: the table itself). */
  public List<Leaf> leaves(Connection c) throws SQLException {
    List<Leaf> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT cl.relname, pg_get_expr(cl.relpartbound, cl.oid), "
            + "cl.reltuples::float8, pg_total_relation_size(cl.oid) FROM pg_class cl WHERE cl.oid IN ("
            + Relations.LEAVES_OF_TABLE
            + ") ORDER BY cl.relname")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String bound = rs.getString(2);
          LocalDate lo = null;
          LocalDate hi = null;
          if (bound != null) {
            Matcher m = MONTH_BOUND.matcher(bound);
            if (m.matches()) {
              lo = LocalDate.parse(m.group(1));
              hi = LocalDate.parse(m.group(2));
            }
          }
          out.add(new Leaf(
              rs.getString(1), lo, hi, "DEFAULT".equals(bound), rs.getDouble(3), rs.getLong(4)));
        }
      }
    }
    return out;
  }

  /** A SQL literal of the key's type for midnight UTC of a date. */
  public String literal(LocalDate d) {
    return literal(d.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /**
   * A SQL literal of the key's type for an instant (dates: the UTC date it falls on). Only for the
   * retention statements that cannot take a bound parameter: the predicate of a {@code COPY (SELECT
   * ...) TO STDOUT} export, repeated in the count, verify and delete of the same slice so that all
   * four read the same rows. The text is java.time's ISO form of a typed date or instant (digits,
   * '-', ':', 'T', '.'), never text from input, so it reads the same to PostgreSQL under any
   * quoting rule.
   */
  public String literal(Instant t) {
    if (keyType.equals("date")) {
      return "DATE '" + LocalDate.ofInstant(t, ZoneOffset.UTC) + "'";
    }
    if (keyType.startsWith("timestamp with")) {
      return "TIMESTAMPTZ '" + t + "'";
    }
    return "TIMESTAMP '" + t.toString().replace("Z", "") + "'";
  }

  public static String q(String ident) {
    return "\"" + ident.replace("\"", "\"\"") + "\"";
  }

  public String qname() {
    return "public." + q(name);
  }
}
