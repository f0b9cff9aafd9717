package io.vigia.jobs.experiments;

import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.settings.ExperimentSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiments job: analyses every running experiment of ab_experiments (optionally one tenant's) from its
 * observations observed before the window end and writes the verdict into the experiment's result columns.
 * Read ({@link ExperimentInputs}) -> Spark transforms to typed sums ({@link ExperimentTransforms}: only a few
 * numbers per experiment x metric x variant reach the driver) -> the pure assessment per experiment
 * ({@link ExperimentAssessment}) -> results_summary and the rows written ({@link ExperimentOutputs}).
 * Definitions: docs/jobs/experiments.md.
 */
public final class ExperimentsJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentsJob.class);
  public static final String NAME = "experiments";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "A/B experiments: Welch, delta-method lift, Mann-Whitney U, SRM, power, confidence sequences -> verdict";
  }

  @Override
  public int defaultWindowDays() {
    return 1;
  }

  @Override
  public RunRules rules() {
    return RunRules.NONE
        .enabledBy("vigia.ab.enabled")
        .readsTables("ab_experiment_observations", "ab_experiments");
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Map<String, ExperimentDefinition> definitions = ExperimentInputs.runningExperiments(ctx);
    if (definitions.isEmpty()) {
      return JobResult.of(0, 0, 0, Map.of("ab_experiments", 0L), "no running experiments");
    }
    String staging = ctx.lake("_staging", "experiments-" + ctx.runId());
    Path stagingPath = new Path(staging);
    try {
      ctx.describe("read observations");
      return analyse(ctx, ExperimentInputs.read(ctx, definitions, staging));
    } finally {
      stagingPath
          .getFileSystem(ctx.spark().sparkContext().hadoopConfiguration())
          .delete(stagingPath, true);
    }
  }

  private static JobResult analyse(JobContext ctx, ExperimentInputs in) {
    ExperimentSettings settings = ctx.settings().experiments();
    ctx.describe("classify");
    long t0 = System.nanoTime();
    Dataset<Row> classified = ExperimentTransforms.classify(in.observations());
    Map<String, ObservationCounts> counts = ExperimentTransforms.observationCounts(classified);
    long read = counts.values().stream().mapToLong(ObservationCounts::read).sum();
    long quarantined =
        counts.values().stream().mapToLong(ObservationCounts::quarantined).sum();
    LOG.info("experiments: classified {} observations in {} s", read, seconds(t0));

    t0 = System.nanoTime();
    Dataset<Row> valid = ExperimentTransforms.valid(classified, in.definitions());
    ctx.describe("aggregate");
    Map<String, SortedMap<String, MetricSums>> sums =
        ExperimentTransforms.metricSums(ExperimentTransforms.metricValues(valid));
    LOG.info(
        "experiments: ranks and moments of {} experiment x metric in {} s",
        sums.values().stream().mapToInt(Map::size).sum(),
        seconds(t0));

    t0 = System.nanoTime();
    ctx.describe("units");
    Dataset<Row> primaryRows = ExperimentTransforms.primaryRows(valid);
    Map<String, UnitCounts> units = ExperimentTransforms.units(primaryRows);
    LOG.info("experiments: units in {} s", seconds(t0));

    t0 = System.nanoTime();
    ctx.describe("hodges-lehmann");
    Map<String, HodgesLehmannShift> hodgesLehmann = ExperimentTransforms.hodgesLehmann(
        primaryRows,
        ExperimentAssessment.hodgesLehmannEligible(
            in.definitions(), sums, settings.hodgesLehmannMaxSample()));
    LOG.info(
        "experiments: Hodges-Lehmann for {} experiments in {} s",
        hodgesLehmann.size(),
        seconds(t0));

    List<ExperimentResult> results = new ArrayList<>();
    Map<String, Long> winners = new TreeMap<>();
    long completed = 0;
    for (ExperimentDefinition d : in.definitions().values()) {
      ExperimentData data = new ExperimentData(
          d,
          sums.getOrDefault(d.id(), new TreeMap<>()),
          units.get(d.id()),
          counts.getOrDefault(d.id(), ObservationCounts.NONE),
          hodgesLehmann.get(d.id()));
      ExperimentResult r = ExperimentAssessment.assess(data, settings);
      results.add(r);
      winners.merge(r.winner(), 1L, Long::sum);
      completed += r.stop() ? 1 : 0;
    }
    long written = ExperimentOutputs.write(ctx, results, settings, ctx.clock().instant());
    Map<String, Long> outputs = new LinkedHashMap<>();
    outputs.put("ab_experiments", written);
    return JobResult.of(
        read,
        read - quarantined,
        quarantined,
        outputs,
        ExperimentOutputs.summaryLine(
            in.definitions().size(), read, quarantined, winners, completed));
  }

  static String seconds(long t0) {
    return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
  }
}
