package io.vigia.generate;

/** PostgreSQL COPY text format (tab-separated, \N for null, backslash escapes); the bench loads use it too. */
public final class CopyText {
  private CopyText() {}

  static final String NULL = "\\N";

  static void field(StringBuilder sb, String value) {
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

  /** Splits one COPY text row back into fields (for tests and checks). */
  static String[] parse(String line) {
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
