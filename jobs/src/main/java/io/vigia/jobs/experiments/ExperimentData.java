package io.vigia.jobs.experiments;

import java.util.SortedMap;

/**
 * Everything the assessment of one experiment needs, from the Spark transforms: its definition, the sums of
 * each metric by name (the primary, secondaries, guardrails), the units per variant (null when its primary
 * metric has no valid observation), the observation counts and the Hodges-Lehmann shift (null when not
 * computed).
 */
record ExperimentData(
    ExperimentDefinition definition,
    SortedMap<String, MetricSums> metrics,
    UnitCounts units,
    ObservationCounts observations,
    HodgesLehmannShift hodgesLehmann) {}
