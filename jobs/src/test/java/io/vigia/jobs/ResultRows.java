package io.vigia.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A compute step's rows in a test, found by the values of their key columns. */
public final class ResultRows {
  private ResultRows() {}

  /** A timestamp column's value as an Instant (the session gives Instant or Timestamp). */
  public static Instant instant(Object o) {
    return o instanceof Timestamp ts ? ts.toInstant() : (Instant) o;
  }

  /**
   * The rows by their key: the key columns' values joined by spaces (timestamps as instants, e.g.
   * "t1 hourly 2026-03-02T10:00:00Z"); a key found twice fails.
   */
  public static Map<String, Row> byKey(Dataset<Row> rows, String... keyColumns) {
    Map<String, Row> got = new TreeMap<>();
    for (Row r : rows.collectAsList()) {
      StringBuilder key = new StringBuilder();
      for (String c : keyColumns) {
        Object v = r.get(r.fieldIndex(c));
        key.append(key.length() == 0 ? "" : " ")
            .append(v instanceof Timestamp || v instanceof Instant ? instant(v) : v);
      }
      assertThat(got.put(key.toString(), r)).as("duplicate row " + key).isNull();
    }
    return got;
  }
}
