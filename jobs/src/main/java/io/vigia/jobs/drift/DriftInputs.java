package io.vigia.jobs.drift;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.delta.tables.DeltaTable;
import io.vigia.common.events.EventTypes;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.Window;
import io.vigia.jobs.ingest.Events;
import io.vigia.jobs.ingest.IngestJob;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one drift run reads (lazily: nothing here runs a Spark job), for the run window and its
 * reference windows ({@link DriftJob#referenceWindows}):
 * <ul>
 *   <li>predictions: status 'ok' with ts in either side ({@link Events#in}), projected to the model,
 *       the side (is_ref), the prediction and the feature maps; null when none was ever ingested;</li>
 *   <li>outcomes and landed predictions for the performance join: every event landed on
 *       [min(reference start, window start - outcome-lateness-days), window end + lateness) — outcomes
 *       may land up to vigia.drift.outcome-lateness-days after the window, so a run before then sees
 *       fewer joined outcomes and a later re-run completes them; null when never ingested;</li>
 *   <li>quarantine: prediction lines ingest quarantined on the window's landing dates (duplicate
 *       deliveries excluded: not bad data); null when there is no quarantine table;</li>
 *   <li>the drift alerts already recorded that this run may update ({@link Alerts}, one JDBC read), only
 *       when there are predictions.</li>
 * </ul>
 */
record DriftInputs(
    Window window,
    List<Window> references,
    Dataset<Row> predictions,
    Dataset<Row> outcomes,
    Dataset<Row> landedPredictions,
    Dataset<Row> quarantine,
    Alerts recordedAlerts) {

  static DriftInputs read(JobContext ctx, Window window, List<Window> references) {
    List<Window> both = new ArrayList<>(references);
    both.add(window);
    Dataset<Row> predictions = Events.in(ctx, EventTypes.PREDICTION, both);
    if (predictions == null) {
      return new DriftInputs(window, references, null, null, null, null, null);
    }
    Period lateness = ctx.settings().drift().outcomeLateness();
    LocalDate lookFrom = references.get(0).firstDate();
    if (window.firstDate().minus(lateness).isBefore(lookFrom)) {
      lookFrom = window.firstDate().minus(lateness);
    }
    LocalDate lookTo = window.endDateExclusive().plus(lateness);
    return new DriftInputs(
        window,
        references,
        bySide(predictions, window),
        Events.landed(ctx, EventTypes.OUTCOME, lookFrom, lookTo),
        Events.landed(ctx, EventTypes.PREDICTION, lookFrom, lookTo),
        quarantine(ctx, window),
        new Alerts(ctx, window, ctx.settings()));
  }

  /** Whether any prediction event was ever ingested. */
  boolean hasPredictions() {
    return predictions != null;
  }

  private static Dataset<Row> bySide(Dataset<Row> predictions, Window window) {
    return predictions
        .filter(col("status").equalTo("ok"))
        .select(
            col("tenant_id"),
            col("model_id"),
            coalesce(col("model_version"), lit("")).as("model_version"),
            col("ts").lt(lit(Timestamp.from(window.start()))).as("is_ref"),
            col("prediction_id"),
            col("prediction"),
            col("predicted_class"),
            col("features_num"),
            col("features_cat"));
  }

  private static Dataset<Row> quarantine(JobContext ctx, Window window) {
    String path = IngestJob.quarantinePath(ctx);
    if (!DeltaTable.isDeltaTable(ctx.spark(), path)) {
      return null;
    }
    Dataset<Row> lines = ctx.spark()
        .read()
        .format("delta")
        .load(path)
        .filter(col("dt")
            .geq(lit(Date.valueOf(window.firstDate())))
            .and(col("dt").lt(lit(Date.valueOf(window.endDateExclusive())))))
        .filter(col("event_type")
            .equalTo("prediction")
            .and(col("tenant_id").isNotNull())
            .and(not(col("reason").startsWith("duplicate_event_id"))));
    return ctx.tenant().isPresent()
        ? lines.filter(col("tenant_id").equalTo(ctx.tenant().get()))
        : lines;
  }
}
