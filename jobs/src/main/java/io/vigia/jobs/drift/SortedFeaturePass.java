package io.vigia.jobs.drift;

import io.vigia.common.stats.KolmogorovSmirnov;
import io.vigia.common.stats.PopulationStabilityIndex;
import java.util.ArrayList;
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
 * The one pass over a partition of distinct (group, feature, value, refCount, curCount) rows sorted by
 * group, feature and value (a Spark {@code repartition} on the group + {@code sortWithinPartitions}):
 * per (tenant, model, version, feature) it feeds {@link KolmogorovSmirnov.Accumulator} in value order
 * (exact D, p-value by scipy's 'auto' rule) and picks the reference values at the ranks the
 * numpy-'linear' (Hyndman-Fan type 7) quantiles at k/nBins need, so the PSI cut points are the exact
 * reference quantiles, not sketches. Memory per group: the accumulator's hulls and nBins-1 quantile
 * slots; rows stream through. The reference size of each group (needed for the quantile ranks) comes
 * from a prior aggregation.
 */
final class SortedFeaturePass implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("tenant_id", DataTypes.StringType, false),
      DataTypes.createStructField("model_id", DataTypes.StringType, false),
      DataTypes.createStructField("model_version", DataTypes.StringType, false),
      DataTypes.createStructField("feature", DataTypes.StringType, false),
      DataTypes.createStructField("n_ref", DataTypes.LongType, false),
      DataTypes.createStructField("n_cur", DataTypes.LongType, false),
      DataTypes.createStructField("ks_d", DataTypes.DoubleType, true),
      DataTypes.createStructField("ks_p", DataTypes.DoubleType, true),
      DataTypes.createStructField("ks_method", DataTypes.StringType, true),
      DataTypes.createStructField("cuts", DataTypes.createArrayType(DataTypes.DoubleType, false), false)));

  private final Map<String, Long> referenceSizes;
  private final int nBins;

  SortedFeaturePass(Map<String, Long> referenceSizes, int nBins) {
    this.referenceSizes = referenceSizes;
    this.nBins = nBins;
  }

  static String key(String tenant, String model, String version, String feature) {
    return tenant + '\u0001' + model + '\u0001' + version + '\u0001' + feature;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
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
        String t = pending.getString(0);
        String m = pending.getString(1);
        String v = pending.getString(2);
        String f = pending.getString(3);
        long n1 = referenceSizes.getOrDefault(key(t, m, v, f), 0L);
        Quantiles q = new Quantiles(n1, nBins);
        KolmogorovSmirnov.Accumulator acc = new KolmogorovSmirnov.Accumulator();
        while (pending != null && pending.getString(0).equals(t) && pending.getString(1).equals(m)
            && pending.getString(2).equals(v) && pending.getString(3).equals(f)) {
          double value = pending.getDouble(4);
          long rc = pending.getLong(5);
          long cc = pending.getLong(6);
          acc.accept(value, rc, cc);
          q.accept(value, rc);
          pending = rows.hasNext() ? rows.next() : null;
        }
        Double d = null;
        Double p = null;
        String method = null;
        if (acc.referenceCount() > 0 && acc.currentCount() > 0) {
          KolmogorovSmirnov.Result r = acc.result();
          d = r.statistic();
          p = r.pValue();
          method = r.method().name().toLowerCase(java.util.Locale.ROOT);
        }
        double[] cuts = PopulationStabilityIndex.cutPointsFromQuantiles(q.values());
        List<Double> boxed = new ArrayList<>(cuts.length);
        for (double c : cuts) {
          boxed.add(c);
        }
        return RowFactory.create(t, m, v, f, acc.referenceCount(), acc.currentCount(), d, p, method,
            boxed.toArray(new Double[0]));
      }
    };
  }

  /**
   * numpy's default quantile ('linear', Hyndman-Fan type 7) of the reference at k/nBins from a
   * sorted stream: virtual index h = p (n - 1), value = a + (b - a)(h - floor h) with a, b the order
   * statistics at floor(h) and floor(h) + 1, in numpy's two-sided lerp form, exactly as
   * {@link PopulationStabilityIndex#quantileLinearSorted} computes it on an array.
   */
  static final class Quantiles {
    private final long n;
    private final double[] probs;
    private final long[] below;
    private final double[] a;
    private final double[] b;
    private long seen;

    Quantiles(long n, int nBins) {
      this.n = n;
      probs = new double[nBins - 1];
      below = new long[nBins - 1];
      a = new double[nBins - 1];
      b = new double[nBins - 1];
      for (int k = 1; k < nBins; k++) {
        probs[k - 1] = (double) k / nBins;
        double h = probs[k - 1] * (n - 1);
        below[k - 1] = h <= 0 ? 0 : h >= n - 1 ? n - 1 : (long) Math.floor(h);
      }
    }

    /** A reference value seen refCount times (values in ascending order). */
    void accept(double value, long refCount) {
      if (refCount == 0) {
        return;
      }
      long lo = seen;
      long hi = seen + refCount - 1;
      for (int k = 0; k < below.length; k++) {
        if (below[k] >= lo && below[k] <= hi) {
          a[k] = value;
        }
        if (below[k] + 1 >= lo && below[k] + 1 <= hi) {
          b[k] = value;
        }
      }
      seen += refCount;
    }

    double[] values() {
      if (n == 0 || seen != n) {
        return new double[0];
      }
      double[] out = new double[probs.length];
      for (int k = 0; k < probs.length; k++) {
        double h = probs[k] * (n - 1);
        if (h <= 0) {
          out[k] = a[k];
        } else if (h >= n - 1) {
          out[k] = a[k];
        } else {
          double t = h - below[k];
          double diff = b[k] - a[k];
          out[k] = t >= 0.5 ? b[k] - diff * (1 - t) : a[k] + diff * t;
        }
      }
      return out;
    }
  }
}
