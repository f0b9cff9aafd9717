package io.vigia.jobs.experiments;

/**
 * The Hodges-Lehmann shift of an experiment's primary metric (treatment minus control) with its interval
 * ({@link io.vigia.common.stats.ab.HodgesLehmann}; an unbounded end is infinite) and the method used.
 */
record HodgesLehmannShift(double shift, double ciLower, double ciUpper, String method) {}
