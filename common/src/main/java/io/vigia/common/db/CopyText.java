package io.vigia.common.db;

import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * PostgreSQL COPY text format (tab-separated, \N for null, backslash escapes): the generator's and the
 * bench loads' rows, and Spark rows copied by ResultWriter.copyInto (a value as its PostgreSQL input
 * text; an array as an array literal of its elements' text, double-quoted, NULL bare).
 */
public final class CopyText {
  private CopyText() {}

  static final String NULL = "\\N";

  public static void field(StringBuilder sb, String value) {
    if (value == null) {
      sb.append(NULL);
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
  }

  /** Appends the fields tab-separated with a final newline. */
  public static void row(StringBuilder sb, String... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append('\t');
      }
      field(sb, values[i]);
    }
    sb.append('\n');
  }

  /** Appends a Spark row's values tab-separated with a final newline. */
  public static void row(StringBuilder sb, Row r) {
    for (int i = 0; i < r.size(); i++) {
      if (i > 0) {
        sb.append('\t');
      }
      field(sb, r.isNullAt(i) ? null : text(r.get(i)));
    }
    sb.append('\n');
  }

  /** The PostgreSQL input text of a (non-null) Spark value. */
  static String text(Object v) {
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Boolean b) {
      return b ? "t" : "f";
    }
    if (v instanceof byte[] bytes) {
      StringBuilder hex = new StringBuilder(2 + 2 * bytes.length).append("\\x");
      for (byte x : bytes) {
        hex.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
      }
      return hex.toString();
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return array(scala.jdk.javaapi.CollectionConverters.asJava(seq));
    }
    if (v instanceof List<?> list) {
      return array(list);
    }
    return v.toString();
  }

  private static String array(List<?> items) {
    StringBuilder a = new StringBuilder("{");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        a.append(',');
      }
      Object x = items.get(i);
      if (x == null) {
        a.append("NULL");
      } else {
        a.append('"')
            .append(text(x).replace("\\", "\\\\").replace("\"", "\\\""))
            .append('"');
      }
    }
    return a.append('}').toString();
  }

  /** Splits one COPY text row back into fields (for tests and checks). */
  public static String[] parse(String line) {
    java.util.List<String> out = new java.util.ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean isNull = false;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == '\t') {
        out.add(isNull ? null : cur.toString());
        cur.setLength(0);
        isNull = false;
        continue;
      }
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        char n = line.charAt(++i);
        switch (n) {
          case 'N' -> isNull = true;
          case 't' -> cur.append('\t');
          case 'n' -> cur.append('\n');
          case 'r' -> cur.append('\r');
          default -> cur.append(n);
        }
      } else {
        cur.append(c);
      }
    }
    return out.toArray(new String[0]);
  }
}
