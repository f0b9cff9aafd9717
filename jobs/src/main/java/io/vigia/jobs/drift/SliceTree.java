package io.vigia.jobs.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.json.Json;
import io.vigia.common.stats.WelchTTest;
import io.vigia.jobs.drift.ErrorSlices.LeafErrors;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.ml.tree.CategoricalSplit;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;

/**
 * Reads a fitted MLlib decision tree's leaves as slices: the conditions on the path from the root to each
 * leaf, merged per feature (a numeric feature keeps its tightest {@code >} and {@code <=} bounds, a
 * categorical one the categories every split on the path lets through), in the order the path first
 * uses each feature. Leaves come in MLlib's leaf order (left subtree first), the index its
 * {@code leafCol} gives each row. A continuous split sends {@code value <= threshold} left; a
 * categorical split sends its left categories left.
 */
final class SliceTree {
  /** The label a categorical feature's NULL (absent) value is indexed under. */
  static final String MISSING = "(missing)";

  private SliceTree() {}

  /**
   * One feature of the tree's vector, by index: a numeric one, or a categorical one with the labels of
   * its category indices (StringIndexer's).
   */
  record Feature(String name, List<String> labels) {
    static Feature numeric(String name) {
      return new Feature(name, null);
    }

    static Feature categorical(String name, List<String> labels) {
      return new Feature(name, List.copyOf(labels));
    }

    boolean categorical() {
      return labels != null;
    }

    String label(int index) {
      return labels.get(index);
    }
  }

  /**
   * One condition of a slice: a numeric bound ({@code op} {@code >} or {@code <=} with {@code value}) or
   * a categorical membership ({@code op} {@code =}, {@code !=}, {@code in} or {@code not in} with
   * {@code values}).
   */
  record Condition(String feature, String op, Double value, List<String> values) {
    String text() {
      if (value != null) {
        return feature + " " + op + " " + number(value);
      }
      String list = values.size() == 1 ? values.get(0) : "(" + String.join(", ", values) + ")";
      return feature + " " + op + " " + list;
    }

    ObjectNode json() {
      ObjectNode o = Json.object();
      o.put("feature", feature);
      o.put("op", op);
      if (value != null) {
        o.put("value", value);
      } else {
        ArrayNode a = o.putArray("values");
        values.forEach(a::add);
      }
      return o;
    }
  }

  /** A leaf: its index in MLlib's leaf order and its conditions. */
  record Slice(int leaf, List<Condition> conditions) {
    /** The conditions joined by "and" ("store_region = norte and price > 120"); "all" for a root leaf. */
    String text() {
      if (conditions.isEmpty()) {
        return "all";
      }
      return String.join(" and ", conditions.stream().map(Condition::text).toList());
    }

    ArrayNode json() {
      ArrayNode a = Json.MAPPER.createArrayNode();
      conditions.forEach(c -> a.add(c.json()));
      return a;
    }
  }

  /** Every leaf of the tree as a slice, in MLlib's leaf order. */
  static List<Slice> slices(Node root, List<Feature> features) {
    return prune(root, features, new LinkedHashMap<>(), null, 0, new int[1]).stream()
        .map(Pruned::slice)
        .toList();
  }

  /** A slice after honest pruning, with its leaves' errors. */
  record Pruned(Slice slice, LeafErrors errors) {}

  /**
   * The leaves after honest pruning: bottom-up, two sibling leaves whose held-out errors do not differ
   * (two-sided Welch p > alpha, or untestable) become their parent, a leaf with the parent's conditions
   * and the two leaves' errors merged (its index the left one's). A split the held-out half does not
   * confirm is noise, and would otherwise cut one slice into pieces.
   */
  static List<Pruned> pruned(
      Node root, List<Feature> features, Map<Integer, LeafErrors> errors, double alpha) {
    return prune(root, features, new LinkedHashMap<>(), errors, alpha, new int[1]);
  }

  /** The bounds a path has put on one feature so far. */
  private record Bounds(double above, double atMost, TreeSet<Integer> allowed) {}

  /** The leaves below node (errors null: no pruning), numbered from next[0] in MLlib's leaf order. */
  private static List<Pruned> prune(
      Node node,
      List<Feature> features,
      Map<Integer, Bounds> path,
      Map<Integer, LeafErrors> errors,
      double alpha,
      int[] next) {
    if (node instanceof LeafNode) {
      int leaf = next[0]++;
      LeafErrors e = errors == null ? null : errors.getOrDefault(leaf, LeafErrors.empty(leaf));
      return List.of(new Pruned(new Slice(leaf, conditions(path, features)), e));
    }
    InternalNode internal = (InternalNode) node;
    Split split = internal.split();
    int f = split.featureIndex();
    Bounds before = path.get(f);
    Map<Integer, Bounds> left = new LinkedHashMap<>(path);
    Map<Integer, Bounds> right = new LinkedHashMap<>(path);
    if (split instanceof ContinuousSplit c) {
      double above = before == null ? Double.NEGATIVE_INFINITY : before.above();
      double atMost = before == null ? Double.POSITIVE_INFINITY : before.atMost();
      left.put(f, new Bounds(above, Math.min(atMost, c.threshold()), null));
      right.put(f, new Bounds(Math.max(above, c.threshold()), atMost, null));
    } else {
      CategoricalSplit c = (CategoricalSplit) split;
      TreeSet<Integer> all = new TreeSet<>();
      if (before == null) {
        for (int k = 0; k < c.numCategories(); k++) {
          all.add(k);
        }
      } else {
        all.addAll(before.allowed());
      }
      TreeSet<Integer> goLeft = new TreeSet<>();
      for (double k : c.leftCategories()) {
        goLeft.add((int) k);
      }
      TreeSet<Integer> l = new TreeSet<>(all);
      l.retainAll(goLeft);
      TreeSet<Integer> r = new TreeSet<>(all);
      r.removeAll(goLeft);
      left.put(f, new Bounds(0, 0, l));
      right.put(f, new Bounds(0, 0, r));
    }
    List<Pruned> l = prune(internal.leftChild(), features, left, errors, alpha, next);
    List<Pruned> r = prune(internal.rightChild(), features, right, errors, alpha, next);
    if (errors != null && l.size() == 1 && r.size() == 1) {
      LeafErrors a = l.get(0).errors();
      LeafErrors b = r.get(0).errors();
      if (!(WelchTTest.test(a.heldOut(), b.heldOut()).pValue() <= alpha)) {
        int leaf = l.get(0).slice().leaf();
        return List.of(new Pruned(new Slice(leaf, conditions(path, features)), a.plus(b)));
      }
    }
    List<Pruned> both = new ArrayList<>(l);
    both.addAll(r);
    return both;
  }

  private static List<Condition> conditions(Map<Integer, Bounds> path, List<Feature> features) {
    List<Condition> out = new ArrayList<>();
    for (Map.Entry<Integer, Bounds> e : path.entrySet()) {
      Feature feature = features.get(e.getKey());
      Bounds b = e.getValue();
      if (!feature.categorical()) {
        if (b.above() > Double.NEGATIVE_INFINITY) {
          out.add(new Condition(feature.name(), ">", b.above(), null));
        }
        if (b.atMost() < Double.POSITIVE_INFINITY) {
          out.add(new Condition(feature.name(), "<=", b.atMost(), null));
        }
        continue;
      }
      // StringIndexer's extra bucket (index labels.size()) never holds a row: the indexer is fitted
      // on
      // the rows it indexes and NULL arrives as the label MISSING
      int categories = feature.labels().size();
      List<String> in = new ArrayList<>();
      List<String> out2 = new ArrayList<>();
      for (int k = 0; k < categories; k++) {
        (b.allowed().contains(k) ? in : out2).add(feature.label(k));
      }
      if (in.size() <= out2.size() || out2.isEmpty()) {
        out.add(new Condition(feature.name(), in.size() == 1 ? "=" : "in", null, in));
      } else {
        out.add(new Condition(feature.name(), out2.size() == 1 ? "!=" : "not in", null, out2));
      }
    }
    return out;
  }

  /** A threshold for humans: 4 significant digits, no trailing zeros ("120.5", "0.1235", "3"). */
  static String number(double x) {
    return new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
