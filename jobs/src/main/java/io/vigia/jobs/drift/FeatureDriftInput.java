package io.vigia.jobs.drift;

import java.util.SortedMap;

/**
 * What the transforms found for one feature name of a model: its numeric values (count and NaN per
 * side), its string values per category, and the sorted pass over the numeric values (null when it
 * has none). A name may carry both (bad input); the assessment decides its kind.
 */
record FeatureDriftInput(
    String feature,
    NumericCounts numeric,
    SortedMap<String, CategoryCounts> categories,
    SortedPassResult sortedPass) {

  long categoricalReference() {
    return categories.values().stream().mapToLong(CategoryCounts::reference).sum();
  }

  long categoricalCurrent() {
    return categories.values().stream().mapToLong(CategoryCounts::current).sum();
  }
}
