package io.vigia.common.job;

import static io.vigia.common.testing.Jdbc.count;
import static io.vigia.common.testing.Jdbc.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.testing.TestEnv;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * ResultWriter.copyInto: rows Spark read from PostgreSQL go back by COPY value for value, whatever the
 * text holds (tabs, newlines, backslashes, quotes, braces, NULL in arrays) and whatever the type.
 */
class ResultWriterCopyTest {
  static final String COLS =
      "s text, n numeric, ts timestamptz, d date, b boolean, arr text[], j jsonb, f double precision, "
          + "by bytea, i bigint, u uuid";

  @Test
  void copiesEveryValueBackExactly() throws SQLException {
    Database db = TestEnv.freshDatabase("copy_into", false);
    exec(db, "CREATE TABLE src (" + COLS + ")");
    exec(db, "CREATE SCHEMA vigia_staging");
    exec(db, "CREATE TABLE vigia_staging.dst (" + COLS + ")");
    exec(
        db,
        "INSERT INTO src VALUES "
            + "(E'tab\\there\\nnew line\\\\back slash \\r end', 123456789012.123456789012345678, "
            + "'2025-06-01T12:34:56.123456Z', '2025-06-30', true, "
            + "ARRAY['a,b', 'quote \"x\"', '{brace}', NULL, E'back\\\\slash', 'NULL', ''], "
            + "'{\"k\": \"v\\tw\", \"n\": [1, 2.50]}', 1.5e-300, '\\x00ff10'::bytea, -9007199254740993, "
            + "'0f8fad5b-d9cb-469f-a165-70867728950e'), "
            + "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
            + "('', 0.000000000000000001, '1970-01-01T00:00:00Z', '1900-01-01', false, '{}', 'null', "
            + "'NaN', '', 0, NULL), "
            + "('\\N', -1e19, '2262-04-11T23:47:16.854775Z', '9999-12-31', NULL, ARRAY[NULL]::text[], "
            + "'[]', '-Infinity', NULL, 9223372036854775807, NULL)");
    Map<String, String> opts = new LinkedHashMap<>(db.sparkOptions());
    opts.put("dbtable", "src");
    Dataset<Row> rows =
        TestEnv.spark().read().format("jdbc").options(opts).load().repartition(3);

    assertThat(ResultWriter.copyInto(rows, db.sparkOptions(), "vigia_staging", "dst"))
        .isEqualTo(4);
    assertThat(count(db, "SELECT count(*) FROM vigia_staging.dst")).isEqualTo(4);
    assertThat(count(
            db,
            "SELECT count(*) FROM (SELECT * FROM src EXCEPT ALL SELECT * FROM "
                + "vigia_staging.dst) x"))
        .isZero();
    assertThat(count(
            db,
            "SELECT count(*) FROM src s JOIN vigia_staging.dst d ON s.s IS NOT DISTINCT FROM d.s "
                + "AND s.arr::text IS NOT DISTINCT FROM d.arr::text AND s.j::text IS NOT DISTINCT FROM "
                + "d.j::text AND s.by IS NOT DISTINCT FROM d.by AND s.n IS NOT DISTINCT FROM d.n"))
        .isEqualTo(4);
  }
}
