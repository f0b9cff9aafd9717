package io.vigia.jobs.drift;

/** Occurrences of one category of a categorical feature per side. */
record CategoryCounts(long reference, long current) {
  static final CategoryCounts NONE = new CategoryCounts(0, 0);

  CategoryCounts withReference(long n) {
    return new CategoryCounts(n, current);
  }

  CategoryCounts withCurrent(long n) {
    return new CategoryCounts(reference, n);
  }
}
