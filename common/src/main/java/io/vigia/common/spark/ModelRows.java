package io.vigia.common.spark;

import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * One model's rows for its own MLlib fit (MLlib has no grouped fit, so jobs fit model by model): the
 * rows hash-partitioned by a row id into a number of partitions that depends only on how many there
 * are (one per {@code rowsPerPartition}, at most {@link #MAX_PARTITIONS}) and sorted by that id within
 * them. The same rows then give the same fit whatever the cluster (MLlib samples and initialises per
 * partition), and a small model's passes run as a few tasks, not one per partition of the whole input
 * (each task costs the same however few its rows). Kept (memory, then disk) while the fit runs.
 */
public final class ModelRows {
  /** The most partitions of a model's rows. */
  public static final int MAX_PARTITIONS = 16;

  private ModelRows() {}

  /** Partitions for n rows: one per rowsPerPartition, at least 1, at most {@link #MAX_PARTITIONS}. */
  public static int partitions(long n, long rowsPerPartition) {
    return (int)
        Math.max(1, Math.min(MAX_PARTITIONS, (n + rowsPerPartition - 1) / rowsPerPartition));
  }

  /** fit applied to the rows laid out as above (n of them, by id), unpersisted afterwards. */
  public static <T> T fit(
      Dataset<Row> rows, Column id, long n, long rowsPerPartition, Function<Dataset<Row>, T> fit) {
    Dataset<Row> laidOut = rows.repartition(partitions(n, rowsPerPartition), id)
        .sortWithinPartitions(id)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return fit.apply(laidOut);
    } finally {
      laidOut.unpersist();
    }
  }
}
