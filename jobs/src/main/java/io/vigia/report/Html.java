package io.vigia.report;

import java.util.List;

/** HTML escaping and small table helpers for the static report. */
final class Html {
  private Html() {}

  static String esc(Object o) {
    if (o == null) {
      return "";
    }
    String s = o.toString();
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A table: header cells, then rows of already formatted (unescaped) cell values. */
  static String table(List<String> head, List<List<Object>> rows) {
    StringBuilder sb = new StringBuilder("<table><thead><tr>");
    for (String h : head) {
      sb.append("<th>").append(esc(h)).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    for (List<Object> r : rows) {
      sb.append("<tr>");
      for (Object c : r) {
        String cell =
            c instanceof Double d ? Svg.num(d) : c instanceof Number n ? n.toString() : esc(c);
        sb.append(c instanceof Number ? "<td class=\"n\">" : "<td>")
            .append(cell)
            .append("</td>");
      }
      sb.append("</tr>");
    }
    return sb.append("</tbody></table>").toString();
  }
}
