package io.vigia.jobs.experiments;

/**
 * The units of assignment of one experiment per variant, over its primary metric's valid observations:
 * distinct unit_id and the observations without one.
 */
record UnitCounts(
    long control, long controlWithoutUnit, long treatment, long treatmentWithoutUnit) {
  static final UnitCounts NONE = new UnitCounts(0, 0, 0, 0);

  UnitCounts withControl(long units, long withoutUnit) {
    return new UnitCounts(units, withoutUnit, treatment, treatmentWithoutUnit);
  }

  UnitCounts withTreatment(long units, long withoutUnit) {
    return new UnitCounts(control, controlWithoutUnit, units, withoutUnit);
  }

  /** Whether every observation names its unit, so units (not observations) can be counted. */
  boolean everyObservationHasAUnit() {
    return controlWithoutUnit == 0 && treatmentWithoutUnit == 0;
  }
}
