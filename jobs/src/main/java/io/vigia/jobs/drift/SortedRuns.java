package io.vigia.jobs.drift;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The faster of the drift job's two exact ways to stream each (group, feature) in value order, used
 * when the largest key's values fit in memory (vigia.drift.in-memory-key-values): instead of
 * shuffling and sorting one row per value, each input task sorts its values per key and side into
 * primitive arrays ({@link #mapSide}) and ships them as binary runs (8 bytes per value, one row per
 * run); after the shuffle by key ({@link #reduceSide}) the runs of one key are concatenated, sorted
 * (primitive sort; the runs are already sorted) and merged into runs of equal values with per-side
 * counts for the same {@link SortedFeaturePass.Group} the row-sort path uses — the results are
 * identical. Map-side memory is bounded by flushing every {@link #FLUSH_VALUES} values; reduce-side
 * memory is one key's values (16 bytes per value at the peak), which the job checks against the
 * profile's counts before it chooses this path.
 */
final class SortedRuns {
  /** Values a map task buffers before it sorts and emits its runs (32 MB of doubles). */
  static final int FLUSH_VALUES = 4_000_000;
  /** Values per emitted run row at most (8 MB). */
  static final int RUN_VALUES = 1_000_000;

  static final StructType RUN_SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("key", DataTypes.LongType, false),
      DataTypes.createStructField("is_ref", DataTypes.BooleanType, false),
      DataTypes.createStructField("run", DataTypes.BinaryType, false)));

  private SortedRuns() {}

  /** Map side: rows (key, value, is_ref) of {@link SortedFeaturePass#INPUT} to sorted binary runs per key and side. */
  static MapPartitionsFunction<Row, Row> mapSide() {
    return mapSide(FLUSH_VALUES, RUN_VALUES);
  }

  /** {@link #mapSide()} with the flush and run sizes given (tests use small ones). */
  static MapPartitionsFunction<Row, Row> mapSide(int flushValues, int runValues) {
    return rows -> new Iterator<>() {
      private final Map<Long, double[][]> valuesByKey = new HashMap<>(); // key -> {ref, cur}
      private final Map<Long, int[]> used = new HashMap<>();
      private final ArrayDeque<Row> out = new ArrayDeque<>();
      private int buffered;

      @Override
      public boolean hasNext() {
        while (out.isEmpty() && rows.hasNext()) {
          Row r = rows.next();
          long key = r.getLong(0);
          int side = r.getBoolean(2) ? 0 : 1;
          double[][] b = valuesByKey.computeIfAbsent(
              key, k -> new double[][] {new double[16], new double[16]});
          int[] u = used.computeIfAbsent(key, k -> new int[2]);
          if (u[side] == b[side].length) {
            b[side] = Arrays.copyOf(b[side], b[side].length * 2);
          }
          b[side][u[side]++] = r.getDouble(1);
          if (++buffered >= flushValues) {
            flush();
          }
        }
        if (out.isEmpty() && buffered > 0) {
          flush();
        }
        return !out.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return out.poll();
      }

      private void flush() {
        valuesByKey.forEach((key, b) -> {
          int[] u = used.get(key);
          for (int side = 0; side < 2; side++) {
            double[] v = b[side];
            int n = u[side];
            Arrays.sort(v, 0, n);
            for (int from = 0; from < n; from += runValues) {
              int to = Math.min(n, from + runValues);
              ByteBuffer bb = ByteBuffer.allocate((to - from) * Double.BYTES);
              bb.asDoubleBuffer().put(v, from, to - from);
              out.add(RowFactory.create(key, side == 0, bb.array()));
            }
          }
        });
        valuesByKey.clear();
        used.clear();
        buffered = 0;
      }
    };
  }

  /** Reduce side: runs sorted by key (sortWithinPartitions on key) to one {@link SortedFeaturePass#SCHEMA} row per key. */
  static MapPartitionsFunction<Row, Row> reduceSide(Map<Long, Long> referenceSizes, int nBins) {
    return rows -> SortedFeaturePass.perKey(rows, (key, runs) -> {
      List<byte[]> ref = new ArrayList<>();
      List<byte[]> cur = new ArrayList<>();
      runs.forEachRemaining(r -> (r.getBoolean(1) ? ref : cur).add((byte[]) r.get(2)));
      SortedFeaturePass.Group g =
          new SortedFeaturePass.Group(referenceSizes.getOrDefault(key, 0L), nBins);
      merge(concatSorted(ref), concatSorted(cur), g);
      return SortedFeaturePass.row(key, g.finish());
    });
  }

  private static double[] concatSorted(List<byte[]> runs) {
    int n = 0;
    for (byte[] b : runs) {
      n += b.length / Double.BYTES;
    }
    double[] all = new double[n];
    int at = 0;
    for (byte[] b : runs) {
      int k = b.length / Double.BYTES;
      ByteBuffer.wrap(b).asDoubleBuffer().get(all, at, k);
      at += k;
    }
    if (runs.size() > 1) {
      Arrays.sort(all);
    }
    return all;
  }

  /**
   * Both sorted samples merged into ascending runs of equal values ({@code ==}, so -0.0 and 0.0 are one
   * run, as in Spark's sort) with their reference and current counts.
   */
  static void merge(double[] ref, double[] cur, SortedFeaturePass.Group g) {
    int i = 0;
    int j = 0;
    while (i < ref.length || j < cur.length) {
      double v = j >= cur.length || (i < ref.length && ref[i] < cur[j]) ? ref[i] : cur[j];
      long rc = 0;
      long cc = 0;
      while (i < ref.length && ref[i] == v) {
        i++;
        rc++;
      }
      while (j < cur.length && cur[j] == v) {
        j++;
        cc++;
      }
      g.accept(v, rc, cc);
    }
  }
}
