package io.vigia.generate;

import java.time.LocalDate;

/**
 * Locale-free text forms the generator writes into JSON lines and COPY rows: fixed-point numbers,
 * ISO-8601 instants with milliseconds and version-4-shaped UUIDs. An instance caches the date part
 * of the last instant it formatted.
 */
final class Formats {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final long[] POW10 = {
    1L, 10L, 100L, 1000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L
  };
  private static final ThreadLocal<Formats> INSTANTS = ThreadLocal.withInitial(Formats::new);

  private long cachedEpochDay = Long.MIN_VALUE;
  private final char[] datePrefix = new char[11];

  /** Appends an ISO-8601 instant with milliseconds and zone Z, e.g. 2026-11-27T10:15:00.123Z. */
  void instant(StringBuilder sb, long epochMillis) {
    long epochDay = Math.floorDiv(epochMillis, 86_400_000L);
    if (epochDay != cachedEpochDay) {
      String d = LocalDate.ofEpochDay(epochDay).toString();
      if (d.length() != 10) {
        throw new IllegalArgumentException("year out of range: " + d);
      }
      d.getChars(0, 10, datePrefix, 0);
      datePrefix[10] = 'T';
      cachedEpochDay = epochDay;
    }
    int ms = (int) Math.floorMod(epochMillis, 86_400_000L);
    sb.append(datePrefix);
    two(sb, ms / 3_600_000);
    sb.append(':');
    two(sb, ms / 60_000 % 60);
    sb.append(':');
    two(sb, ms / 1000 % 60);
    sb.append('.');
    int milli = ms % 1000;
    sb.append((char) ('0' + milli / 100)).append((char) ('0' + milli / 10 % 10)).append((char)
        ('0' + milli % 10));
    sb.append('Z');
  }

  private static void two(StringBuilder sb, int v) {
    sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  static String instantString(long epochMillis) {
    StringBuilder sb = new StringBuilder(24);
    INSTANTS.get().instant(sb, epochMillis);
    return sb.toString();
  }

  /**
   * Appends {@code value} rounded half-up (away from zero) to {@code decimals} places, trailing zeros
   * trimmed ("12.5", "3", "-0.25"). Locale-free and exact for |value| * 10^decimals below 2^53.
   */
  static void fixed(StringBuilder sb, double value, int decimals) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    long p = POW10[decimals];
    long scaled = Math.round(Math.abs(value) * p);
    if (scaled != 0 && value < 0) {
      sb.append('-');
    }
    sb.append(scaled / p);
    long frac = scaled % p;
    if (frac != 0) {
      int d = decimals;
      while (frac % 10 == 0) {
        frac /= 10;
        d--;
      }
      sb.append('.');
      String f = Long.toString(frac);
      for (int i = f.length(); i < d; i++) {
        sb.append('0');
      }
      sb.append(f);
    }
  }

  static String fixed(double value, int decimals) {
    StringBuilder sb = new StringBuilder(24);
    fixed(sb, value, decimals);
    return sb.toString();
  }

  /** Appends a version-4-shaped UUID (lower-case hex) made from two random longs. */
  static void uuid(StringBuilder sb, long hi, long lo) {
    hi = (hi & ~0xF000L) | 0x4000L;
    lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    hex(sb, hi >>> 32, 8);
    sb.append('-');
    hex(sb, hi >>> 16, 4);
    sb.append('-');
    hex(sb, hi, 4);
    sb.append('-');
    hex(sb, lo >>> 48, 4);
    sb.append('-');
    hex(sb, lo, 12);
  }

  static String uuid(long hi, long lo) {
    StringBuilder sb = new StringBuilder(36);
    uuid(sb, hi, lo);
    return sb.toString();
  }

  private static void hex(StringBuilder sb, long v, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      sb.append(HEX[(int) (v >>> (4 * i)) & 0xF]);
    }
  }
}
