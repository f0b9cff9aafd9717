package io.vigia.jobs.drift;

import io.vigia.common.stats.KolmogorovSmirnov;
import io.vigia.common.stats.PopulationStabilityIndex;
import java.util.Arrays;
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
 * The one pass over a partition of raw (key, value, is_ref) rows sorted by key and value (a Spark
 * {@code repartition} on the key + {@code sortWithinPartitions}; key = xxhash64 of tenant, model,
 * version and feature, see {@link DriftTransforms#sortedPass}). Per key it streams the values in
 * ascending order once and produces, without keeping the values:
 * <ul>
 *   <li>the exact two-sample KS statistic and p-value ({@link KolmogorovSmirnov.Accumulator}, scipy's
 *       'auto' rule);</li>
 *   <li>the PSI cut points = the exact reference quantiles at k/nBins by numpy's 'linear' rule
 *       (Hyndman-Fan type 7; reference values picked at the ranks the rule needs, which the reference
 *       size from a prior aggregation fixes in advance);</li>
 *   <li>the reference and current counts per right-closed bin over those cuts, as
 *       {@link PopulationStabilityIndex#fromArrays} would count them: from F(c) = number of values
 *       {@code <= c} at every cut c, taken when c becomes known.</li>
 * </ul>
 * A cut interpolates between the reference order statistics a and b at consecutive ranks, so no
 * reference value lies strictly between them; it is known once b's run of equal values arrives. The
 * current-only values strictly between a and b are the only ones kept meanwhile (value and count), to
 * count those {@code <= c}. Memory per key: the KS hulls, nBins - 1 cut slots and that gap buffer.
 */
final class SortedFeaturePass implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 2L;

  /** Input: the sort key, the value (not NaN, not NULL), whether the row is from the reference window. */
  static final StructType INPUT = DataTypes.createStructType(List.of(
      DataTypes.createStructField("key", DataTypes.LongType, false),
      DataTypes.createStructField("value", DataTypes.DoubleType, false),
      DataTypes.createStructField("is_ref", DataTypes.BooleanType, false)));

  static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("key", DataTypes.LongType, false),
      DataTypes.createStructField("n_ref", DataTypes.LongType, false),
      DataTypes.createStructField("n_cur", DataTypes.LongType, false),
      DataTypes.createStructField("ks_d", DataTypes.DoubleType, true),
      DataTypes.createStructField("ks_p", DataTypes.DoubleType, true),
      DataTypes.createStructField("ks_method", DataTypes.StringType, true),
      DataTypes.createStructField(
          "bins_ref", DataTypes.createArrayType(DataTypes.LongType, false), false),
      DataTypes.createStructField(
          "bins_cur", DataTypes.createArrayType(DataTypes.LongType, false), false)));

  private final Map<Long, Long> referenceSizes;
  private final int nBins;

  SortedFeaturePass(Map<Long, Long> referenceSizes, int nBins) {
    this.referenceSizes = referenceSizes;
    this.nBins = nBins;
  }

  static String key(String tenant, String model, String version, String feature) {
    return tenant + '\u0001' + model + '\u0001' + version + '\u0001' + feature;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return perKey(rows, (key, values) -> {
      Group g = new Group(referenceSizes.getOrDefault(key, 0L), nBins);
      Row first = values.next();
      double run = first.getDouble(1);
      long rc = 0;
      long cc = 0;
      for (Row r = first; r != null; r = values.hasNext() ? values.next() : null) {
        double value = r.getDouble(1);
        if (value != run) { // a new run of equal values (-0.0 == 0.0, as in Spark's sort)
          g.accept(run, rc, cc);
          run = value;
          rc = 0;
          cc = 0;
        }
        if (r.getBoolean(2)) {
          rc++;
        } else {
          cc++;
        }
      }
      g.accept(run, rc, cc);
      return row(key, g.finish());
    });
  }

  /**
   * One output row per key of rows grouped by the long key in column 0 (consecutive rows with the
   * same key, as a sort on the key leaves them): {@code perGroup} gets the key and an iterator over
   * that key's rows (at least one); whatever it leaves unread is skipped.
   */
  static Iterator<Row> perKey(
      Iterator<Row> rows, java.util.function.BiFunction<Long, Iterator<Row>, Row> perGroup) {
    return new Iterator<>() {
      private Row pending = rows.hasNext() ? rows.next() : null;

      @Override
      public boolean hasNext() {
        return pending != null;
      }

      @Override
      public Row next() {
        if (pending == null) {
          throw new NoSuchElementException();
        }
        long key = pending.getLong(0);
        Iterator<Row> group = new Iterator<>() {
          @Override
          public boolean hasNext() {
            return pending != null && pending.getLong(0) == key;
          }

          @Override
          public Row next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Row r = pending;
            pending = rows.hasNext() ? rows.next() : null;
            return r;
          }
        };
        Row out = perGroup.apply(key, group);
        while (group.hasNext()) {
          group.next();
        }
        return out;
      }
    };
  }

  /** The output row ({@link #SCHEMA}) of one key. */
  static Row row(long key, Summary s) {
    return RowFactory.create(
        key,
        s.refCount,
        s.curCount,
        s.ks == null ? null : s.ks.statistic(),
        s.ks == null ? null : s.ks.pValue(),
        s.ks == null ? null : s.ks.method().name().toLowerCase(java.util.Locale.ROOT),
        boxed(s.binsRef),
        boxed(s.binsCur));
  }

  private static Long[] boxed(long[] a) {
    Long[] b = new Long[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i];
    }
    return b;
  }

  /** What one key's stream yields: counts, the KS result (null if a side is empty), cuts and bin counts. */
  record Summary(
      long refCount,
      long curCount,
      KolmogorovSmirnov.Result ks,
      double[] cuts,
      long[] binsRef,
      long[] binsCur) {}

  /**
   * One key's stream: runs of equal values in ascending order, each with its reference and current
   * count. The reference size must be given up front (the quantile ranks depend on it); if the
   * stream brings a different number of reference values no cut points are made (one bin), as
   * {@link PopulationStabilityIndex#cutPointsFromReference} does for an empty reference.
   */
  static final class Group {
    private final long referenceSize;
    private final double[] probs;
    private final long[]
        below; // rank (0-based) of lowerOrderStat (a), the lower order statistic of cut k
    private final boolean[] interp; // whether cut k interpolates between ranks below and below + 1
    private final double[] lowerOrderStat;
    private final double[] cut;
    private final long[] fRef; // F(cut): reference values <= cut
    private final long[] fCur; // F(cut): current values <= cut
    private final int[] state; // 0 waiting for a, 1 open (a seen, b not), 2 known
    private final KolmogorovSmirnov.Accumulator ks = new KolmogorovSmirnov.Accumulator();
    private long seenRef;
    private long seenCur;
    private boolean open;
    // current-only runs strictly between a and b of the open cuts
    private double[] gapValues = new double[16];
    private long[] gapCounts = new long[16];
    private int gapSize;

    Group(long referenceSize, int nBins) {
      this.referenceSize = referenceSize;
      int k = Math.max(0, nBins - 1);
      probs = new double[k];
      below = new long[k];
      interp = new boolean[k];
      lowerOrderStat = new double[k];
      cut = new double[k];
      fRef = new long[k];
      fCur = new long[k];
      state = new int[k];
      for (int i = 0; i < k; i++) {
        probs[i] = (double) (i + 1) / nBins;
        double h = probs[i] * (referenceSize - 1);
        if (h <= 0) {
          below[i] = 0;
        } else if (h >= referenceSize - 1) {
          below[i] = referenceSize - 1;
        } else {
          below[i] = (long) Math.floor(h);
          interp[i] = true;
        }
      }
    }

    /** A run: {@code value} seen refCount times in the reference and curCount times in the current window. */
    void accept(double value, long refCount, long curCount) {
      if (refCount == 0 && curCount == 0) {
        return;
      }
      ks.accept(value, refCount, curCount);
      if (open && refCount > 0) {
        // this run holds b (rank below + 1) of every open cut: they become known
        for (int i = 0; i < state.length; i++) {
          if (state[i] == 1) {
            double c = PopulationStabilityIndex.lerpLinear(
                lowerOrderStat[i], value, probs[i] * (referenceSize - 1) - below[i]);
            long gapAbove = 0;
            for (int j = 0; j < gapSize; j++) {
              if (gapValues[j] > c) {
                gapAbove += gapCounts[j];
              }
            }
            boolean withRun = c >= value;
            known(
                i,
                c,
                seenRef + (withRun ? refCount : 0),
                seenCur - gapAbove + (withRun ? curCount : 0));
          }
        }
        open = false;
        gapSize = 0;
      }
      if (refCount > 0) {
        long lo = seenRef;
        long hi = seenRef + refCount - 1;
        for (int i = 0; i < state.length; i++) {
          if (state[i] != 0 || below[i] < lo || below[i] > hi) {
            continue;
          }
          lowerOrderStat[i] = value;
          if (!interp[i]) {
            known(i, value, hi + 1, seenCur + curCount);
          } else if (below[i] + 1 <= hi) {
            double c = PopulationStabilityIndex.lerpLinear(
                value, value, probs[i] * (referenceSize - 1) - below[i]);
            boolean withRun = c >= value;
            known(i, c, withRun ? hi + 1 : lo, seenCur + (withRun ? curCount : 0));
          } else {
            state[i] = 1;
            open = true;
          }
        }
      } else if (open) {
        if (gapSize == gapValues.length) {
          gapValues = Arrays.copyOf(gapValues, gapSize * 2);
          gapCounts = Arrays.copyOf(gapCounts, gapSize * 2);
        }
        gapValues[gapSize] = value;
        gapCounts[gapSize++] = curCount;
      }
      seenRef += refCount;
      seenCur += curCount;
    }

    private void known(int i, double c, long fr, long fc) {
      cut[i] = c;
      fRef[i] = fr;
      fCur[i] = fc;
      state[i] = 2;
    }

    Summary finish() {
      KolmogorovSmirnov.Result r =
          ks.referenceCount() > 0 && ks.currentCount() > 0 ? ks.result() : null;
      boolean complete = referenceSize > 0 && seenRef == referenceSize;
      // the finite cuts, -0.0 as 0.0, sorted and distinct
      // (PopulationStabilityIndex.cutPointsFromQuantiles),
      // each with its F; equal cuts have equal F
      int m = 0;
      double[] cs = new double[state.length];
      long[][] fs = new long[state.length][];
      Integer[] order = new Integer[state.length];
      for (int i = 0; i < state.length; i++) {
        order[i] = i;
      }
      Arrays.sort(
          order,
          (x, y) -> Double.compare(cut[x] == 0.0 ? 0.0 : cut[x], cut[y] == 0.0 ? 0.0 : cut[y]));
      if (complete) {
        for (int idx : order) {
          if (state[idx] != 2) {
            throw new IllegalStateException("cut " + idx + " of a complete reference is not known");
          }
          double c = cut[idx] == 0.0 ? 0.0 : cut[idx];
          if (Double.isFinite(c) && (m == 0 || cs[m - 1] != c)) {
            cs[m] = c;
            fs[m++] = new long[] {fRef[idx], fCur[idx]};
          }
        }
      }
      long[] br = new long[m + 1];
      long[] bc = new long[m + 1];
      long prevR = 0;
      long prevC = 0;
      for (int j = 0; j < m; j++) {
        br[j] = fs[j][0] - prevR;
        bc[j] = fs[j][1] - prevC;
        prevR = fs[j][0];
        prevC = fs[j][1];
      }
      br[m] = seenRef - prevR;
      bc[m] = seenCur - prevC;
      return new Summary(seenRef, seenCur, r, Arrays.copyOf(cs, m), br, bc);
    }
  }
}
