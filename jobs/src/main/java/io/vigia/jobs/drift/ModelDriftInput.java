package io.vigia.jobs.drift;

import java.util.List;

/**
 * Everything the assessment needs of one model: its predictions per side, its features (by name), the
 * sorted pass over its predictions (null when none is numeric), the error sums of its joined outcomes
 * per side (null when none) and the joined outcomes of the window whose model_id differs.
 */
record ModelDriftInput(
    ModelWindowStats predictions,
    List<FeatureDriftInput> features,
    SortedPassResult predictionPass,
    ErrorSums referenceErrors,
    ErrorSums currentErrors,
    long mismatchedOutcomes) {

  ModelKey model() {
    return predictions.model();
  }
}
