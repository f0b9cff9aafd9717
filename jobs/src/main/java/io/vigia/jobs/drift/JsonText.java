package io.vigia.jobs.drift;

import java.util.Locale;

/** The drift job's JSON text for alert details (built by hand: the fields are few and fixed). */
final class JsonText {
  private JsonText() {}

  /** A JSON string literal (feature names and reasons come from the input). */
  static String quoted(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c == 0) {
            b.append("\\ufffd");   // jsonb refuses the NUL escape
          } else if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
