package io.vigia.jobs.retention;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.delta.tables.DeltaTable;
import io.vigia.common.db.Database;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.AccumulatorV2;

/**
 * The retention archives: Delta tables {@code <lake>/archive/warm/<table>} and
 * {@code <lake>/archive/cold/<table>}, partitioned by {@code _month} (YYYY-MM of the partition key,
 * UTC), each row tagged with the {@code _batch} of the move that brought it out of PostgreSQL. The
 * row checksum used to verify every move is {@code count:sum(xxhash64(null flags, columns...))},
 * computed by Spark over the same typed columns on both sides (order-independent, so the two reads
 * need not agree on row order).
 */
public final class Archive {
  public static final String MONTH = "_month";
  public static final String BATCH = "_batch";

  private Archive() {}

  public static String warm(String lakeDir, String table) {
    return io.vigia.common.job.JobContext.lakePath(lakeDir, "archive", "warm", table);
  }

  public static String cold(String lakeDir, String table) {
    return io.vigia.common.job.JobContext.lakePath(lakeDir, "archive", "cold", table);
  }

  public static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /** Count and checksum of the given columns of the rows. */
  public static String checksum(Dataset<Row> rows, List<String> cols) {
    Row r = rows.agg(count(lit(1)), sum(rowHash(cols))).first();
    BigDecimal s = r.isNullAt(1) ? BigDecimal.ZERO : r.getDecimal(1);
    return r.getLong(0) + ":" + s.toPlainString();
  }

  /** Count and checksum per batch (for the moves between archive tiers). */
  public static Map<String, String> checksumByBatch(Dataset<Row> rows, List<String> cols) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Row r : rows.groupBy(BATCH).agg(count(lit(1)), sum(rowHash(cols))).collectAsList()) {
      BigDecimal s = r.isNullAt(2) ? BigDecimal.ZERO : r.getDecimal(2);
      m.put(r.getString(0), r.getLong(1) + ":" + s.toPlainString());
    }
    return m;
  }

  /** xxhash64 over the columns, plus a string of null flags (xxhash64 skips nulls), as decimal(20,0). */
  static Column rowHash(List<String> cols) {
    return rowHash64(cols).cast("decimal(20,0)");
  }

  /** xxhash64 over the columns, plus a string of null flags (xxhash64 skips nulls). */
  private static Column rowHash64(List<String> cols) {
    List<Column> parts = new ArrayList<>();
    List<Column> flags = new ArrayList<>();
    for (String c : cols) {
      Column x = col("`" + c + "`");
      flags.add(when(x.isNull(), lit("1")).otherwise(lit("0")));
      parts.add(x);
    }
    parts.add(0, concat(flags.toArray(new Column[0])));
    return xxhash64(parts.toArray(new Column[0]));
  }

  /**
   * The rows unchanged, and their count and checksum (as {@link #checksum}) summed into tee by
   * whatever action computes them: one pass gives both what is written and the checksum of what was
   * read. The sum is a Spark accumulator filled as the tasks finish; Spark applies a result task's
   * update once, and anything else (a stage run twice) could only make the checksum disagree with the
   * archive's, failing the verify, never passing one that should fail.
   */
  public static Dataset<Row> tee(Dataset<Row> rows, List<String> cols, Tee tee) {
    UserDefinedFunction add = udf(
            (UDF1<Long, Boolean>) h -> {
              tee.add(h);
              return true;
            },
            DataTypes.BooleanType)
        .asNondeterministic();
    return rows.where(add.apply(rowHash64(cols)));
  }

  /** Count and checksum (count:sum of the row hashes) of the rows a {@link #tee} saw. */
  public static final class Tee extends AccumulatorV2<Long, String> {
    private long count;
    private BigInteger sum = BigInteger.ZERO;

    @Override
    public boolean isZero() {
      return count == 0 && sum.signum() == 0;
    }

    @Override
    public Tee copy() {
      Tee t = new Tee();
      t.count = count;
      t.sum = sum;
      return t;
    }

    @Override
    public void reset() {
      count = 0;
      sum = BigInteger.ZERO;
    }

    @Override
    public void add(Long hash) {
      count++;
      sum = sum.add(BigInteger.valueOf(hash));
    }

    @Override
    public void merge(AccumulatorV2<Long, String> other) {
      Tee t = (Tee) other;
      count += t.count;
      sum = sum.add(t.sum);
    }

    /** count:sum, as {@link #checksum} writes it. */
    @Override
    public String value() {
      return count + ":" + sum;
    }
  }

  /** Count of the checksum text. */
  public static long countOf(String checksum) {
    return Long.parseLong(checksum.substring(0, checksum.indexOf(':')));
  }

  /**
   * Reads the rows of a query from PostgreSQL, split on the partition key range [lo, hi) when there
   * are enough of them to be worth several connections.
   */
  public static Dataset<Row> readJdbc(
      SparkSession spark,
      Database db,
      String sql,
      String key,
      String lo,
      String hi,
      double estimatedRows) {
    Map<String, String> opts = new LinkedHashMap<>(db.sparkOptions());
    opts.put("dbtable", "(" + sql + ") vigia_slice");
    opts.put("fetchsize", "10000");
    int parts = (int) Math.min(64, Math.max(1, estimatedRows / 250_000));
    if (parts > 1) {
      opts.put("partitionColumn", key);
      opts.put("lowerBound", lo);
      opts.put("upperBound", hi);
      opts.put("numPartitions", Integer.toString(parts));
    }
    return spark.read().format("jdbc").options(opts).load();
  }

  /** Warm and cold rows of a table, each batch once (a batch caught between the tiers counts from warm). */
  public static Dataset<Row> all(SparkSession spark, String lakeDir, String table) {
    String w = warm(lakeDir, table);
    String c = cold(lakeDir, table);
    Dataset<Row> warmRows = exists(spark, w) ? spark.read().format("delta").load(w) : null;
    Dataset<Row> coldRows = exists(spark, c) ? spark.read().format("delta").load(c) : null;
    if (warmRows == null) {
      return coldRows;
    }
    if (coldRows == null) {
      return warmRows;
    }
    Dataset<Row> warmBatches = warmRows.select(BATCH).distinct();
    return warmRows.unionByName(
        coldRows.join(
            warmBatches, coldRows.col(BATCH).equalTo(warmBatches.col(BATCH)), "left_anti"),
        true);
  }
}
