package io.vigia.common.spark;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * Replaces the rows of an existing Delta table that match a condition, the condition a {@link Column}
 * (never a SQL string built from values): Delta turns it into its replaceWhere predicate itself, with
 * Spark's own literal escaping, so a tenant id such as {@code \' OR 1=1 --} matches that tenant only.
 */
public final class DeltaWrites {
  private DeltaWrites() {}

  /** The identifier of the Delta table at a path, for {@code writeTo}: {@code delta.`path`}, backticks doubled. */
  public static String pathIdentifier(String path) {
    return "delta.`" + path.replace("`", "``") + "`";
  }

  /**
   * Overwrites the rows of the Delta table at {@code path} that match {@code condition} with
   * {@code rows} (which must match it too: Delta checks), in one commit, with the given write options.
   */
  public static void overwriteWhere(Dataset<Row> rows, String path, Column condition, Map<String, String> options) {
    try {
      rows.writeTo(pathIdentifier(path)).options(options).overwrite(condition);
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("no Delta table at " + path, e);
    }
  }
}
