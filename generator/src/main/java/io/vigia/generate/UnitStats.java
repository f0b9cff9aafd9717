package io.vigia.generate;

import io.vigia.generate.Kinds.BadKind;
import io.vigia.generate.Kinds.EventType;
import io.vigia.generate.Kinds.Lookalike;
import io.vigia.generate.Kinds.PiiType;
import io.vigia.generate.Kinds.TextField;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Counters of one (day, tenant) unit; dates are offsets 0..3 from the unit's day (outcomes arrive later). */
final class UnitStats {
  static final int OFFSETS = 4;
  static final int LLM_MODELS = Catalog.LLM_MODELS.length;

  final long[][] events = new long[OFFSETS][EventType.values().length];
  final long[] duplicates = new long[OFFSETS];
  final long[][] bad = new long[OFFSETS][BadKind.values().length];

  final long[] piiValid = new long[PiiType.values().length];
  final long[] piiLookalike = new long[Lookalike.values().length];
  final long[] textsWithValid = new long[TextField.values().length];
  final long[] textsWithLookalike = new long[TextField.values().length];
  final long[] textsTotal = new long[TextField.values().length];

  /** Per LLM model: calls, billed (miss) calls, input, cached input, output tokens of billed calls, errors. */
  final long[][] llm = new long[LLM_MODELS][6];
  /** Per LLM model: list-price cost of billed calls, caller-reported cost. */
  final double[][] llmCost = new double[LLM_MODELS][2];

  /** Experiment id -> {control n, treatment n} and sums of the metric. */
  final TreeMap<String, double[]> experiments = new TreeMap<>();

  final long[] feedbackByTarget = new long[3];
  final long[] feedbackByRating = new long[6];
  final long[] feedbackNegativeBurst = new long[3];
  /** Rows of the planted complaint theme, per model. */
  final long[] feedbackComplaint = new long[3];

  long feedbackContradicting;

  long observations;
  long feedbackRows;

  /** data_access: exports without verified consent or legal basis; bulk exports of special-category data. */
  long riskyExports;

  long bulkSpecialExports;

  /** Predictions affected by an injected effect, by model index: drift, performance drop. */
  final long[][] affectedPredictions = new long[3][2];

  final List<FileEntry> files = new ArrayList<>();

  record FileEntry(String path, long lines, long bytes) {}

  void experiment(String id, boolean treatment, double metric) {
    double[] a = experiments.computeIfAbsent(id, k -> new double[4]);
    int v = treatment ? 1 : 0;
    a[v] += 1;
    a[2 + v] += metric;
  }
}
