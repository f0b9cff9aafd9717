package io.vigia.generate;

import java.time.LocalDate;

/**
 * A fast, allocation-light writer of one JSON object per line (RFC 8259), with a correct string
 * escaper and locale-free fixed-point number formatting. It can replace or omit one chosen key
 * while writing, which is how malformed test lines are made from otherwise valid events.
 */
final class JsonOut {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long[] POW10 = {1L, 10L, 100L, 1000L, 10_000L, 100_000L, 1_000_000L,
        10_000_000L, 100_000_000L, 1_000_000_000L};

    final StringBuilder sb = new StringBuilder(2048);
    private boolean first = true;
    private boolean outerFirst;
    private String overrideKey;
    private String overrideRaw;
    private boolean overrideHit;

    // cache of the date part of timestamps
    private long cachedEpochDay = Long.MIN_VALUE;
    private final char[] datePrefix = new char[11];

    JsonOut begin() {
        sb.setLength(0);
        sb.append('{');
        first = true;
        return this;
    }

    JsonOut end() {
        sb.append('}');
        return this;
    }

    String line() {
        return sb.toString();
    }

    /** The next write of {@code key} emits {@code raw} as its value instead, or omits it when raw is null. */
    void override(String key, String raw) {
        overrideKey = key;
        overrideRaw = raw;
        overrideHit = false;
    }

    void clearOverride() {
        overrideKey = null;
        overrideRaw = null;
        overrideHit = false;
    }

    boolean overrideHit() {
        return overrideHit;
    }

    /** Writes the key; returns false when the override took the field (caller writes no value). */
    private boolean key(String key) {
        if (overrideKey != null && overrideKey.equals(key)) {
            overrideHit = true;
            overrideKey = null;
            if (overrideRaw == null) {
                return false;
            }
            sep();
            sb.append('"').append(key).append("\":").append(overrideRaw);
            return false;
        }
        sep();
        sb.append('"').append(key).append("\":");
        return true;
    }

    private void sep() {
        if (first) {
            first = false;
        } else {
            sb.append(',');
        }
    }

    JsonOut str(String key, String value) {
        if (key(key)) {
            quote(sb, value);
        }
        return this;
    }

    JsonOut num(String key, double value, int decimals) {
        if (key(key)) {
            fixed(sb, value, decimals);
        }
        return this;
    }

    JsonOut integer(String key, long value) {
        if (key(key)) {
            sb.append(value);
        }
        return this;
    }

    JsonOut bool(String key, boolean value) {
        if (key(key)) {
            sb.append(value);
        }
        return this;
    }

    JsonOut ts(String key, long epochMillis) {
        if (key(key)) {
            sb.append('"');
            instant(epochMillis);
            sb.append('"');
        }
        return this;
    }

    JsonOut uuid(String key, long hi, long lo) {
        if (key(key)) {
            sb.append('"');
            uuid(sb, hi, lo);
            sb.append('"');
        }
        return this;
    }

    JsonOut strings(String key, String... values) {
        if (key(key)) {
            sb.append('[');
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                quote(sb, values[i]);
            }
            sb.append(']');
        }
        return this;
    }

    /** Opens a nested object; close it with {@link #endObject()}. One level of nesting. */
    JsonOut beginObject(String key) {
        key(key);
        sb.append('{');
        outerFirst = first;
        first = true;
        return this;
    }

    JsonOut endObject() {
        sb.append('}');
        first = outerFirst;
        return this;
    }

    /** ISO-8601 instant with milliseconds and zone Z, e.g. 2026-11-27T10:15:00.123Z. */
    void instant(long epochMillis) {
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
        two(ms / 3_600_000);
        sb.append(':');
        two(ms / 60_000 % 60);
        sb.append(':');
        two(ms / 1000 % 60);
        sb.append('.');
        int milli = ms % 1000;
        sb.append((char) ('0' + milli / 100)).append((char) ('0' + milli / 10 % 10)).append((char) ('0' + milli % 10));
        sb.append('Z');
    }

    private void two(int v) {
        sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static final ThreadLocal<JsonOut> INSTANTS = ThreadLocal.withInitial(JsonOut::new);

    static String instantString(long epochMillis) {
        JsonOut j = INSTANTS.get();
        j.sb.setLength(0);
        j.instant(epochMillis);
        return j.sb.toString();
    }

    /** Appends a JSON string literal: quotes, backslash and control characters escaped; lone surrogates as \\u escapes. */
    static void quote(StringBuilder sb, CharSequence s) {
        sb.append('"');
        int n = s.length();
        int run = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c < 0xD800 && c != 0x2028 && c != 0x2029) {
                continue;
            }
            if (c >= 0xE000) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            sb.append(s, run, i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> unicodeEscape(sb, c); // other controls, U+2028/2029, lone surrogates
            }
            run = i + 1;
        }
        sb.append(s, run, n);
        sb.append('"');
    }

    static String quote(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(sb, s);
        return sb.toString();
    }

    private static void unicodeEscape(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
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

    static void hex(StringBuilder sb, long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            sb.append(HEX[(int) (v >>> (4 * i)) & 0xF]);
        }
    }
}
