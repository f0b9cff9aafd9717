package io.vigia.jobs.experiments;

/** The platform's definition of one running experiment, as ab_experiments holds it (nullable columns as null). */
record ExperimentDefinition(
    String id,
    String tenantId,
    double trafficSplit,
    String primaryMetric,
    Double successThreshold,
    Integer minSampleSize,
    double confidenceLevel) {}
