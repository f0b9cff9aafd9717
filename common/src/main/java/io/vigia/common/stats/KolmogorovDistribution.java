package io.vigia.common.stats;

/**
 * Survival function of the one-sample two-sided Kolmogorov-Smirnov statistic,
 * {@code P(D_n >= d)} with {@code D_n = sup_t |F_n(t) - F(t)|}: scipy's {@code kstwo.sf(d, n)}.
 *
 * <p>Why hand-written beside commons-math3: its {@code KolmogorovSmirnovTest.cdf} gives the tail only as
 * {@code 1 - cdf} and misses scipy's {@code kstwo.sf} beyond 1e-9 relative (shown in
 * {@code KolmogorovSmirnovTest.commonsMathKolmogorovMissesTheScipyTolerance}).
 *
 * <p>{@link KolmogorovSmirnov} uses it for the two-sample asymptotic p-value exactly as scipy's
 * {@code ks_2samp} does on its asymptotic path: {@code kstwo.sf(D, round(m n / (m + n)))}.
 *
 * <p>The method for each region is the one chosen by Simard and L'Ecuyer (2011), "Computing the
 * two-sided Kolmogorov-Smirnov distribution", J. Stat. Softw. 39(11), with the cut-offs scipy 1.17
 * uses ({@code scipy/stats/_ksstats.py}):
 * <ul>
 *   <li>{@code n d <= 1} or {@code n d >= n - 1}: the closed forms of Ruben and Gambino (1982);</li>
 *   <li>{@code d >= 0.5}: {@code 2 P(D_n^+ >= d)} (exact, the two one-sided events are disjoint);</li>
 *   <li>{@code n <= 140}: Durbin's matrix (Marsaglia, Tsang and Wang 2003) for {@code n d^2 <= 0.754693},
 *       Pomeranz's recursion (1974) for {@code n d^2 <= 4}, else {@code 2 P(D_n^+ >= d)};</li>
 *   <li>{@code n > 140}: 0 for {@code n d^2 >= 370}, {@code 2 P(D_n^+ >= d)} for {@code n d^2 >= 2.2},
 *       else {@code 1 - cdf} with Durbin's matrix when {@code n <= 100000} and {@code n d^1.5 <= 1.4},
 *       otherwise the Pelz-Good (1976) expansion.</li>
 * </ul>
 * The one-sided {@code P(D_n^+ >= d)} is the Smirnov (1944) / Birnbaum-Tingey (1951) sum
 * {@code d * sum_{v=0}^{floor(n(1-d))} C(n,v) (d + v/n)^(v-1) (1 - d - v/n)^(n-v)}, as in scipy's
 * {@code smirnov}; each term is evaluated as a binomial probability with Loader's (2000) saddle-point
 * method so that large {@code n} keeps full relative precision. For {@code n > 10^6} it is scipy's
 * approximation {@code exp(-(6nd+1)^2 / (18n))}.
 */
public final class KolmogorovDistribution {

  private KolmogorovDistribution() {}

  private static final double TWO_POW_128 = 0x1p128;
  private static final double TWO_POW_M128 = 0x1p-128;
  private static final double LN_2PI = Math.log(2 * Math.PI);
  private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
  private static final double PI2 = Math.PI * Math.PI;
  private static final double PI4 = PI2 * PI2;
  private static final double PI6 = PI4 * PI2;
  /** cephes MINLOG = log(2^-1075): exp() of anything below underflows. */
  private static final double MIN_LOG = -745.1332191019412;

  private static final int SMIRNOV_MAX_COMPUTE_N = 1_000_000;

  /**
   * {@code P(D_n >= d)}, clipped to [0, 1]; NaN for {@code n <= 0} or NaN {@code d}.
   */
  public static double sf(long n, double d) {
    if (n <= 0 || Double.isNaN(d)) {
      return Double.NaN;
    }
    if (d >= 1.0) {
      return 0.0;
    }
    if (d <= 0.0) {
      return 1.0;
    }
    double t = n * d;
    if (t <= 1.0) {
      if (t <= 0.5) {
        return 1.0;
      }
      double cdf;
      if (n <= 140) {
        // Ruben-Gambino: P(D_n <= d) = n!/n^n (2nd - 1)^n for 1/(2n) <= d <= 1/n
        cdf = 1.0;
        double base = 2 * t - 1;
        for (int i = 1; i <= n; i++) {
          cdf *= i * (1.0 / n) * base;
        }
      } else {
        cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
      }
      return clip(1.0 - cdf);
    }
    if (t >= n - 1) {
      return clip(2 * Math.pow(1.0 - d, n));
    }
    if (d >= 0.5) {
      return clip(2 * smirnovSf(n, d));
    }
    double nxSquared = t * d;
    if (n <= 140) {
      if (nxSquared <= 0.754693) {
        return clip(1.0 - durbinCdf((int) n, d));
      }
      if (nxSquared <= 4) {
        return clip(1.0 - pomeranzCdf((int) n, d));
      }
      return clip(2 * smirnovSf(n, d));
    }
    if (nxSquared >= 370.0) {
      return 0.0;
    }
    if (nxSquared >= 2.2) {
      return clip(2 * smirnovSf(n, d));
    }
    double cdf;
    if (n <= 100_000 && n * Math.pow(d, 1.5) <= 1.4) {
      cdf = durbinCdf((int) n, d);
    } else {
      cdf = pelzGoodCdf(n, d);
    }
    return clip(1.0 - clip(cdf));
  }

  private static double clip(double p) {
    return p < 0 ? 0.0 : (p > 1 ? 1.0 : p);
  }

  /** log(n! / n^n) by Stirling's series with n log n removed up front (no cancellation). */
  static double logFactorialOverPower(long n) {
    double rn = 1.0 / n;
    double z = rn / n;
    // Stirling coefficients B_2j / (2j (2j-1)), j = 8..1, Horner in 1/n^2
    double[] c = {
      -2.955065359477124183e-2,
      6.4102564102564102564e-3,
      -1.9175269175269175269e-3,
      8.4175084175084175084e-4,
      -5.952380952380952381e-4,
      7.9365079365079365079e-4,
      -2.7777777777777777778e-3,
      8.3333333333333333333e-2
    };
    double poly = 0;
    for (double ci : c) {
      poly = poly * z + ci;
    }
    return Math.log(n) / 2 - n + LN_2PI / 2 + rn * poly;
  }

  // ------------------------------------------------------------------ Durbin / MTW

  /** P(D_n <= d) by Durbin's matrix algorithm as evaluated by Marsaglia, Tsang and Wang (2003). */
  static double durbinCdf(int n, double d) {
    if (d >= 1.0) {
      return 1.0;
    }
    double nd = n * d;
    if (nd <= 0.5) {
      return 0.0;
    }
    int k = (int) Math.ceil(nd);
    double h = k - nd;
    int m = 2 * k - 1;
    double[] v = new double[m];
    double[] w = new double[m];
    double fac = 1.0;
    for (int j = 1; j <= m; j++) {
      w[j - 1] = fac; // 1/(j-1)!
      fac /= j; // 1/j!
      v[j - 1] = (1.0 - Math.pow(h, j)) * fac;
    }
    double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
    v[m - 1] = (1.0 + tt) * fac;
    double[][] hm = new double[m][m];
    for (int col = 1; col < m; col++) {
      for (int row = col - 1; row < m; row++) {
        hm[row][col] = w[row - col + 1];
      }
    }
    for (int row = 0; row < m; row++) {
      hm[row][0] = v[row];
    }
    for (int col = 0; col < m; col++) {
      hm[m - 1][col] = v[m - 1 - col];
    }
    // H^n by repeated squaring, keeping exponents of 2 apart (powers of two scale exactly)
    double[][] pw = identity(m);
    int expPw = 0;
    int expH = 0;
    int nn = n;
    while (nn > 0) {
      if ((nn & 1) != 0) {
        pw = multiply(pw, hm);
        expPw += expH;
        if (Math.abs(pw[k - 1][k - 1]) > TWO_POW_128) {
          scale(pw, TWO_POW_M128);
          expPw += 128;
        }
      }
      nn >>= 1;
      if (nn == 0) {
        break;
      }
      hm = multiply(hm, hm);
      expH *= 2;
      if (Math.abs(hm[k - 1][k - 1]) > TWO_POW_128) {
        scale(hm, TWO_POW_M128);
        expH += 128;
      }
    }
    double p = pw[k - 1][k - 1];
    int expnt = expPw;
    for (int i = 1; i <= n; i++) {
      p = i * p / n;
      if (Math.abs(p) < TWO_POW_M128) {
        p *= TWO_POW_128;
        expnt -= 128;
      }
    }
    if (expnt != 0) {
      p = Math.scalb(p, expnt);
    }
    return clip(p);
  }

  private static double[][] identity(int m) {
    double[][] a = new double[m][m];
    for (int i = 0; i < m; i++) {
      a[i][i] = 1.0;
    }
    return a;
  }

  private static void scale(double[][] a, double f) {
    for (double[] row : a) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= f;
      }
    }
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int m = a.length;
    double[][] c = new double[m][m];
    for (int i = 0; i < m; i++) {
      double[] ci = c[i];
      double[] ai = a[i];
      for (int l = 0; l < m; l++) {
        double ail = ai[l];
        if (ail == 0.0) {
          continue;
        }
        double[] bl = b[l];
        for (int j = 0; j < m; j++) {
          ci[j] += ail * bl[j];
        }
      }
    }
    return c;
  }

  // ------------------------------------------------------------------ Pomeranz

  /** P(D_n <= d) by Pomeranz's (1974) recursion, in the form of Simard and L'Ecuyer (2011). */
  static double pomeranzCdf(int n, double d) {
    double t = n * d;
    int ll = (int) Math.floor(t);
    double f = t - ll;
    double g = Math.min(f, 1.0 - f);
    int ceilf = f > 0 ? 1 : 0;
    int roundf = f > 0.5 ? 1 : 0;
    int npwrs = 2 * (ll + 1);
    // (a/n)^j / j! for the three interval lengths a = g, 2g, 1 - 2g
    double[] gpow = new double[npwrs];
    double[] twoGpow = new double[npwrs];
    double[] oneMinusTwoGpow = new double[npwrs];
    gpow[0] = 1.0;
    twoGpow[0] = 1.0;
    oneMinusTwoGpow[0] = 1.0;
    double gn = g / n;
    double twoGn = 2 * g / n;
    double oneMinusTwoGn = (1 - 2 * g) / n;
    for (int j = 1; j < npwrs; j++) {
      gpow[j] = gpow[j - 1] * gn / j;
      twoGpow[j] = twoGpow[j - 1] * twoGn / j;
      oneMinusTwoGpow[j] = oneMinusTwoGpow[j - 1] * oneMinusTwoGn / j;
    }
    double[] prev = new double[npwrs];
    double[] cur = new double[npwrs];
    cur[0] = 1.0;
    int expnt = 0;
    int[] b = pomeranzBounds(0, n, ll, ceilf, roundf);
    int lo = b[0];
    for (int i = 1; i <= 2 * n + 1; i++) {
      int prevLo = lo; // row i-1 holds states prevLo.. at offsets 0..
      double[] tmp = prev;
      prev = cur;
      cur = tmp;
      java.util.Arrays.fill(cur, 0.0);
      b = pomeranzBounds(i, n, ll, ceilf, roundf);
      lo = b[0];
      int hi = b[1];
      double[] pw = (i == 1 || i == 2 * n + 1) ? gpow : ((i % 2 != 0) ? twoGpow : oneMinusTwoGpow);
      int span = hi - prevLo + 1;
      if (span > 0) {
        // cur(j) = sum_{k = prevLo..j} prev(k) * pw[j - k], for j = lo..hi
        int len = Math.min(span, npwrs);
        double max = 0;
        for (int j = lo; j <= hi; j++) {
          double s = 0;
          int kmax = Math.min(j, prevLo + len - 1);
          for (int kk = prevLo; kk <= kmax; kk++) {
            int lag = j - kk;
            if (lag < len) {
              s += prev[kk - prevLo] * pw[lag];
            }
          }
          cur[j - lo] = s;
          max = Math.max(max, s);
        }
        if (max > 0 && max < TWO_POW_M128) {
          for (int j = 0; j < cur.length; j++) {
            cur[j] *= TWO_POW_128;
          }
          expnt -= 128;
        }
      } else {
        lo = prevLo;
      }
    }
    double ans = cur[n - lo];
    for (int m = 1; m <= n; m++) {
      if (Math.abs(ans) > TWO_POW_128) {
        ans *= TWO_POW_M128;
        expnt += 128;
      }
      ans *= m;
    }
    if (expnt != 0) {
      ans = Math.scalb(ans, expnt);
    }
    return clip(ans);
  }

  /** Range [lo, hi] of the states that can be non-zero after breakpoint i (Simard-L'Ecuyer, sec. 2.2). */
  private static int[] pomeranzBounds(int i, int n, int ll, int ceilf, int roundf) {
    int j1;
    int j2;
    if (i == 0) {
      j1 = -ll - ceilf - 1;
      j2 = ll + ceilf - 1;
    } else {
      int half = (i + 1) / 2;
      if ((i + 1) % 2 == 0) { // i odd
        if (half == n + 1) {
          j1 = n - ll - ceilf - 1;
          j2 = n + ll + ceilf - 1;
        } else {
          j1 = half - 1 - ll - roundf - 1;
          j2 = half + ll - 1 + ceilf - 1;
        }
      } else { // i even
        j1 = half - 1 - ll - 1;
        j2 = half + ll + roundf - 1;
      }
    }
    return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
  }

  // ------------------------------------------------------------------ Pelz-Good

  /** Pelz and Good (1976) expansion of P(D_n <= d) in powers of 1/sqrt(n), for small d sqrt(n). */
  static double pelzGoodCdf(long n, double d) {
    if (d <= 0.0) {
      return 0.0;
    }
    if (d >= 1.0) {
      return 1.0;
    }
    double z = Math.sqrt((double) n) * d;
    double z2 = z * z;
    double z3 = z2 * z;
    double z4 = z2 * z2;
    double z6 = z4 * z2;
    double qlog = -PI2 / 8 / z2;
    if (qlog < -708) {
      return 0.0;
    }
    double q = Math.exp(qlog);
    double k1a = -z2;
    double k1b = PI2 / 4;
    double k2a = 6 * z6 + 2 * z4;
    double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
    double k2c = PI4 * (1 - 2 * z2) / 16;
    double k3d = PI6 * (5 - 30 * z2) / 64;
    double k3c = PI4 * (-60 * z2 + 212 * z4) / 16;
    double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
    double k3a = -30 * z6 - 90 * Math.pow(z, 8);
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int maxk = (int) Math.ceil(16 * z / Math.PI);
    // sums over odd m = 2k - 1 of c(m) q^(m^2), Horner in q^8k
    for (int k = maxk; k >= 1; k--) {
      double m = 2.0 * k - 1;
      double m2 = m * m;
      double m4 = m2 * m2;
      double m6 = m4 * m2;
      double qp = Math.pow(q, 8.0 * k);
      s0 = s0 * qp + 1.0;
      s1 = s1 * qp + (k1a + k1b * m2);
      s2 = s2 * qp + (k2a + k2b * m2 + k2c * m4);
      s3 = s3 * qp + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
    }
    double common = q * SQRT_2PI;
    s0 = s0 * common / z;
    s1 = s1 * common / (6 * z4);
    s2 = s2 * common / (72 * Math.pow(z, 7));
    s3 = s3 * common / (6480 * Math.pow(z, 10));
    // the sums over all integers k in K2 and K3
    double q2 = Math.exp(-PI2 / 2 / z2);
    double sqrt3z = Math.sqrt(3) * z;
    double e2 = 0;
    double e3 = 0;
    for (int k = maxk; k >= 1; k--) {
      double ksq = (double) k * k;
      double qk = Math.pow(q2, ksq);
      double kpi = Math.PI * k;
      e2 += ksq * qk;
      e3 += (sqrt3z + kpi) * (sqrt3z - kpi) * ksq * qk;
    }
    s2 += e2 * (PI2 * SQRT_2PI / (-36 * z3));
    s3 += e3 * (PI2 * SQRT_2PI / (216 * z6));
    double rn = Math.sqrt((double) n);
    return s0 + s1 / rn + s2 / n + s3 / (n * rn);
  }

  // ------------------------------------------------------------------ Smirnov (one-sided)

  /**
   * {@code P(D_n^+ >= d)}, the one-sided Smirnov survival function (scipy.special.smirnov).
   */
  static double smirnovSf(long n, double d) {
    if (!(n > 0 && d >= 0.0 && d <= 1.0)) {
      return Double.NaN;
    }
    if (n == 1) {
      return 1 - d;
    }
    if (d == 0.0) {
      return 1.0;
    }
    if (d == 1.0) {
      return 0.0;
    }
    // n d = nxHi + nxLo exactly; floor and fractional part without rounding error
    double nxHi = n * d;
    double nxLo = Math.fma((double) n, d, -nxHi);
    double fl = Math.floor(nxHi);
    if (fl == nxHi && nxLo < 0) {
      fl -= 1;
    }
    double alpha = (nxHi - fl) + nxLo;
    if (alpha >= 1.0) {
      fl += 1;
      alpha = 0;
    }
    long nxfl = (long) fl;
    if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {
      // d <= 1/n: P(D^+ < d) = d (1 + d)^(n-1)
      double cdf = d * Math.exp((n - 1) * Math.log1p(d));
      return clip(1 - cdf);
    }
    if (-2 * n * d * d < MIN_LOG) {
      return 0.0;
    }
    if (nxfl >= n - 1) {
      return clip(Math.pow(1 - d, n)); // 1 - d is exact here (d >= 1/2)
    }
    if (n > SMIRNOV_MAX_COMPUTE_N) {
      double a = 6.0 * n * d + 1;
      double logp = -a * a / 18.0 / n;
      if (logp < -Math.log(2)) {
        return clip(Math.exp(logp));
      }
      return clip(1 - (-Math.expm1(logp)));
    }
    // lower sum over v = 0 .. n - nxfl - 1 (the term with 1 - d - v/n = 0 vanishes)
    long nTerms = n - nxfl;
    long vmid = n / 2;
    double sum = 0;
    double eps = Math.ulp(1.0);
    for (long v = 0; v < nTerms; v++) {
      double term = smirnovTerm(n, v, nxHi, nxLo);
      if (term != 0.0) {
        sum += term;
        if (v > 0 && v != nTerms - 1 && 4.0 * (nTerms - v) * term < eps * sum) {
          break;
        }
      } else if (v > vmid) {
        break;
      }
    }
    return clip(d * sum);
  }

  /**
   * {@code C(n,v) p^(v-1) q^(n-v)} with {@code p = d + v/n}, {@code q = 1 - p}, i.e. the binomial
   * probability {@code b(v; n, p) / p}, in Loader's saddle-point form; {@code nd = nxHi + nxLo}.
   */
  private static double smirnovTerm(long n, long v, double nxHi, double nxLo) {
    double np = (v + nxHi) + nxLo; // n p
    double nq = ((n - v) - nxHi) - nxLo; // n q
    double p = np / n;
    double logb;
    if (v == 0) {
      logb = n * Math.log1p(-p);
    } else {
      double lc = stirlerr(n) - stirlerr(v) - stirlerr(n - v) - bd0(v, np) - bd0(n - v, nq);
      double lf = LN_2PI + Math.log(v) + Math.log1p(-(double) v / n);
      logb = lc - 0.5 * lf;
    }
    return Math.exp(logb - Math.log(p));
  }

  private static final double[] STIRLERR_SMALL = new double[16];

  static {
    for (int k = 1; k <= 15; k++) {
      // log k! - ((k + 1/2) log k - k + log sqrt(2 pi)); k! is exact in a double up to 15!
      double exactLogFact = Math.log(factorial(k));
      STIRLERR_SMALL[k] = exactLogFact - ((k + 0.5) * Math.log(k) - k + LN_2PI / 2);
    }
  }

  private static double factorial(int k) {
    double f = 1;
    for (int i = 2; i <= k; i++) {
      f *= i;
    }
    return f;
  }

  /** Stirling-formula error log(k!) - log(sqrt(2 pi k) (k/e)^k) (Loader 2000). */
  static double stirlerr(long k) {
    if (k <= 15) {
      return STIRLERR_SMALL[(int) k];
    }
    final double s0 = 1.0 / 12;
    final double s1 = 1.0 / 360;
    final double s2 = 1.0 / 1260;
    final double s3 = 1.0 / 1680;
    final double s4 = 1.0 / 1188;
    double x = k;
    double xx = x * x;
    if (k > 500) {
      return (s0 - s1 / xx) / x;
    }
    if (k > 80) {
      return (s0 - (s1 - s2 / xx) / xx) / x;
    }
    if (k > 35) {
      return (s0 - (s1 - (s2 - s3 / xx) / xx) / xx) / x;
    }
    return (s0 - (s1 - (s2 - (s3 - s4 / xx) / xx) / xx) / xx) / x;
  }

  /** Deviance term x log(x / np) + np - x, computed without cancellation (Loader 2000). */
  static double bd0(double x, double np) {
    if (Math.abs(x - np) < 0.1 * (x + np)) {
      double v = (x - np) / (x + np);
      double s = (x - np) * v;
      double ej = 2 * x * v;
      v = v * v;
      for (int j = 1; j < 1000; j++) {
        ej *= v;
        double s1 = s + ej / (2 * j + 1);
        if (s1 == s) {
          return s1;
        }
        s = s1;
      }
      return s;
    }
    return x * Math.log(x / np) + np - x;
  }
}
