package io.vigia.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small inline-SVG charts for the static report: no script, no external resource, readable offline
 * and in print. Each chart has a title element (screen readers) and labelled axes.
 */
final class Svg {
  static final String[] PALETTE = {
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f"
  };
  private static final int WIDTH = 720;
  private static final int HEIGHT = 240;
  private static final int MARGIN_LEFT = 64;
  private static final int MARGIN_RIGHT = 150;
  private static final int MARGIN_TOP = 20;
  private static final int MARGIN_BOTTOM = 40;

  private Svg() {}

  /** A point of a series: x label (a date), y value (null = gap). */
  record Point(String x, Double y) {}

  /** A horizontal reference line (budget, threshold). */
  record Rule(String label, double y, String color) {}

  /**
   * Line chart of several series over a shared, ordered set of x labels.
   *
   * @param series name -> points (x labels must come from {@code xs})
   */
  static String lines(
      String title,
      String yLabel,
      List<String> xs,
      Map<String, List<Point>> series,
      List<Rule> rules) {
    double max = rules.stream().mapToDouble(Rule::y).max().orElse(0);
    double min = 0;
    for (List<Point> ps : series.values()) {
      for (Point p : ps) {
        if (p.y() != null && Double.isFinite(p.y())) {
          max = Math.max(max, p.y());
          min = Math.min(min, p.y());
        }
      }
    }
    if (max <= min) {
      max = min + 1;
    }
    StringBuilder sb = open(title, HEIGHT);
    axes(sb, xs, min, max, yLabel);
    int i = 0;
    for (Map.Entry<String, List<Point>> e : series.entrySet()) {
      String color = PALETTE[i % PALETTE.length];
      StringBuilder path = new StringBuilder();
      boolean pen = false;
      for (Point p : e.getValue()) {
        int xi = xs.indexOf(p.x());
        if (xi < 0 || p.y() == null || !Double.isFinite(p.y())) {
          pen = false;
          continue;
        }
        path.append(pen ? " L" : " M")
            .append(fmt(x(xi, xs.size())))
            .append(',')
            .append(fmt(y(p.y(), min, max)));
        sb.append("<circle cx=\"")
            .append(fmt(x(xi, xs.size())))
            .append("\" cy=\"")
            .append(fmt(y(p.y(), min, max)))
            .append("\" r=\"2.5\" fill=\"")
            .append(color)
            .append("\"><title>")
            .append(Html.esc(e.getKey()))
            .append(' ')
            .append(Html.esc(p.x()))
            .append(": ")
            .append(num(p.y()))
            .append("</title></circle>");
        pen = true;
      }
      if (path.length() > 0) {
        sb.append("<path d=\"")
            .append(path.toString().trim())
            .append("\" fill=\"none\" stroke=\"")
            .append(color)
            .append("\" stroke-width=\"1.6\"/>");
      }
      legend(sb, i, e.getKey(), color, false);
      i++;
    }
    for (Rule r : rules) {
      double yy = y(r.y(), min, max);
      sb.append("<line x1=\"")
          .append(MARGIN_LEFT)
          .append("\" x2=\"")
          .append(WIDTH - MARGIN_RIGHT)
          .append("\" y1=\"")
          .append(fmt(yy))
          .append("\" y2=\"")
          .append(fmt(yy))
          .append("\" stroke=\"")
          .append(r.color())
          .append("\" stroke-dasharray=\"6 4\"/>");
      legend(sb, i++, r.label() + " (" + num(r.y()) + ")", r.color(), true);
    }
    return sb.append("</svg>").toString();
  }

  /** Horizontal bars, one per label. */
  static String bars(String title, String xLabel, Map<String, Double> values) {
    int n = Math.max(1, values.size());
    int h = MARGIN_TOP + MARGIN_BOTTOM + n * 22;
    double max = values.values().stream()
        .filter(v -> v != null && Double.isFinite(v))
        .mapToDouble(Double::doubleValue)
        .max()
        .orElse(1);
    max = max <= 0 ? 1 : max;
    StringBuilder sb = open(title, h);
    int i = 0;
    int left = 200;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double v = e.getValue() == null || !Double.isFinite(e.getValue()) ? 0 : e.getValue();
      double w = (WIDTH - left - 90) * v / max;
      int yy = MARGIN_TOP + i * 22;
      sb.append("<text x=\"")
          .append(left - 6)
          .append("\" y=\"")
          .append(yy + 14)
          .append("\" text-anchor=\"end\">")
          .append(Html.esc(e.getKey()))
          .append("</text><rect x=\"")
          .append(left)
          .append("\" y=\"")
          .append(yy + 3)
          .append("\" width=\"")
          .append(fmt(Math.max(w, 0)))
          .append("\" height=\"15\" fill=\"")
          .append(PALETTE[0])
          .append("\"/><text x=\"")
          .append(fmt(left + w + 4))
          .append("\" y=\"")
          .append(yy + 14)
          .append("\">")
          .append(num(e.getValue()))
          .append("</text>");
      i++;
    }
    sb.append("<text x=\"")
        .append(left)
        .append("\" y=\"")
        .append(h - 8)
        .append("\" class=\"axis\">")
        .append(Html.esc(xLabel))
        .append("</text>");
    return sb.append("</svg>").toString();
  }

  /** Point estimates with intervals on a shared axis, with a zero line (lifts of experiments). */
  static String intervals(
      String title, String xLabel, List<String> labels, List<double[]> estLoHi) {
    int n = Math.max(1, labels.size());
    int h = MARGIN_TOP + MARGIN_BOTTOM + n * 26;
    double lo = 0;
    double hi = 0;
    for (double[] e : estLoHi) {
      for (double v : e) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (hi <= lo) {
      hi = lo + 1;
    }
    double pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
    int left = 220;
    int right = WIDTH - 40;
    StringBuilder sb = open(title, h);
    double zero = left + (right - left) * (0 - lo) / (hi - lo);
    sb.append("<line x1=\"")
        .append(fmt(zero))
        .append("\" x2=\"")
        .append(fmt(zero))
        .append("\" y1=\"")
        .append(MARGIN_TOP)
        .append("\" y2=\"")
        .append(h - MARGIN_BOTTOM + 4)
        .append("\" stroke=\"#999\"/>");
    for (int i = 0; i < labels.size(); i++) {
      double[] e = estLoHi.get(i);
      int yy = MARGIN_TOP + i * 26 + 13;
      sb.append("<text x=\"")
          .append(left - 8)
          .append("\" y=\"")
          .append(yy + 4)
          .append("\" text-anchor=\"end\">")
          .append(Html.esc(labels.get(i)))
          .append("</text>");
      if (Double.isFinite(e[1]) && Double.isFinite(e[2])) {
        sb.append("<line x1=\"")
            .append(fmt(left + (right - left) * (e[1] - lo) / (hi - lo)))
            .append("\" x2=\"")
            .append(fmt(left + (right - left) * (e[2] - lo) / (hi - lo)))
            .append("\" y1=\"")
            .append(yy)
            .append("\" y2=\"")
            .append(yy)
            .append("\" stroke=\"")
            .append(PALETTE[0])
            .append("\" stroke-width=\"3\"/>");
      }
      if (Double.isFinite(e[0])) {
        sb.append("<circle cx=\"")
            .append(fmt(left + (right - left) * (e[0] - lo) / (hi - lo)))
            .append("\" cy=\"")
            .append(yy)
            .append("\" r=\"4\" fill=\"")
            .append(PALETTE[1])
            .append("\"><title>")
            .append(pct(e[0]))
            .append(" [")
            .append(pct(e[1]))
            .append(", ")
            .append(pct(e[2]))
            .append("]</title></circle>");
      }
    }
    sb.append("<text x=\"")
        .append(left)
        .append("\" y=\"")
        .append(h - 8)
        .append("\" class=\"axis\">")
        .append(pct(lo))
        .append("</text><text x=\"")
        .append(right)
        .append("\" y=\"")
        .append(h - 8)
        .append("\" text-anchor=\"end\" class=\"axis\">")
        .append(pct(hi))
        .append("</text><text x=\"")
        .append(fmt(zero))
        .append("\" y=\"")
        .append(h - 8)
        .append("\" text-anchor=\"middle\" class=\"axis\">0 ")
        .append(Html.esc(xLabel))
        .append("</text>");
    return sb.append("</svg>").toString();
  }

  /** The opening of a chart of the given height: the svg element and its title. */
  private static StringBuilder open(String title, int height) {
    return new StringBuilder("<svg role=\"img\" class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\"><title>")
        .append(Html.esc(title))
        .append("</title>");
  }

  private static void axes(
      StringBuilder sb, List<String> xs, double min, double max, String yLabel) {
    sb.append("<line x1=\"")
        .append(MARGIN_LEFT)
        .append("\" y1=\"")
        .append(HEIGHT - MARGIN_BOTTOM)
        .append("\" x2=\"")
        .append(WIDTH - MARGIN_RIGHT)
        .append("\" y2=\"")
        .append(HEIGHT - MARGIN_BOTTOM)
        .append("\" stroke=\"#444\"/><line x1=\"")
        .append(MARGIN_LEFT)
        .append("\" y1=\"")
        .append(MARGIN_TOP)
        .append("\" x2=\"")
        .append(MARGIN_LEFT)
        .append("\" y2=\"")
        .append(HEIGHT - MARGIN_BOTTOM)
        .append("\" stroke=\"#444\"/>");
    for (int k = 0; k <= 4; k++) {
      double v = min + (max - min) * k / 4;
      sb.append("<text x=\"")
          .append(MARGIN_LEFT - 4)
          .append("\" y=\"")
          .append(fmt(y(v, min, max) + 4))
          .append("\" text-anchor=\"end\" class=\"axis\">")
          .append(num(v))
          .append("</text>");
    }
    List<Integer> ticks = new ArrayList<>();
    int step = Math.max(1, (xs.size() + 5) / 6);
    for (int k = 0; k < xs.size(); k += step) {
      ticks.add(k);
    }
    for (int k : ticks) {
      sb.append("<text x=\"")
          .append(fmt(x(k, xs.size())))
          .append("\" y=\"")
          .append(HEIGHT - MARGIN_BOTTOM + 16)
          .append("\" text-anchor=\"middle\" class=\"axis\">")
          .append(Html.esc(xs.get(k)))
          .append("</text>");
    }
    sb.append("<text x=\"")
        .append(MARGIN_LEFT)
        .append("\" y=\"")
        .append(MARGIN_TOP - 5)
        .append("\" class=\"axis\">")
        .append(Html.esc(yLabel))
        .append("</text>");
  }

  private static void legend(StringBuilder sb, int i, String label, String color, boolean dashed) {
    int yy = MARGIN_TOP + 6 + i * 16;
    sb.append("<line x1=\"")
        .append(WIDTH - MARGIN_RIGHT + 10)
        .append("\" x2=\"")
        .append(WIDTH - MARGIN_RIGHT + 28)
        .append("\" y1=\"")
        .append(yy)
        .append("\" y2=\"")
        .append(yy)
        .append("\" stroke=\"")
        .append(color)
        .append("\" stroke-width=\"2\"")
        .append(dashed ? " stroke-dasharray=\"4 3\"" : "")
        .append("/><text x=\"")
        .append(WIDTH - MARGIN_RIGHT + 32)
        .append("\" y=\"")
        .append(yy + 4)
        .append("\" class=\"legend\">")
        .append(Html.esc(label))
        .append("</text>");
  }

  private static double x(int i, int n) {
    int plotWidth = WIDTH - MARGIN_RIGHT - MARGIN_LEFT;
    return n <= 1 ? MARGIN_LEFT + plotWidth / 2.0 : MARGIN_LEFT + plotWidth * (double) i / (n - 1);
  }

  private static double y(double v, double min, double max) {
    return (HEIGHT - MARGIN_BOTTOM)
        - (HEIGHT - MARGIN_BOTTOM - MARGIN_TOP) * (v - min) / (max - min);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String num(Double v) {
    if (v == null || !Double.isFinite(v)) {
      return "–";
    }
    double a = Math.abs(v);
    if (v == Math.rint(v) && a < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) (double) v);
    }
    return String.format(
        Locale.ROOT,
        a >= 1000 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 0.01 || a == 0 ? "%.3f" : "%.2e",
        v);
  }

  static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f%%", 100 * v) : "–";
  }
}
