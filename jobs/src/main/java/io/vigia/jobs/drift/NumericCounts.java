package io.vigia.jobs.drift;

/** Values of a numeric feature (or of the prediction) per side: testable values and NaN. */
record NumericCounts(long reference, long current, long nanReference, long nanCurrent) {
  static final NumericCounts NONE = new NumericCounts(0, 0, 0, 0);

  long referenceWithNaN() {
    return reference + nanReference;
  }

  long currentWithNaN() {
    return current + nanCurrent;
  }
}
