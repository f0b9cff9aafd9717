package io.vigia.jobs.feedback;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigia.common.settings.FeedbackSettings;
import io.vigia.common.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The compute steps of the sentiment models on in-memory rows (no database, no generator): a tenant
 * whose comments carry its own words (ones the lexicon does not know) gets a model that beats the
 * lexicon on the held-out rows; a control tenant whose comments the lexicon already reads keeps the
 * lexicon; a tenant with too few rows keeps it without a fit; a model re-loaded from disk gives the same
 * labels. Also measures stacking (the lexicon's score as a feature) against TF-IDF alone, on the
 * held-out rows and on the hand-labelled sentiment-eval.tsv (never trained on).
 */
class SentimentModelsTest {
  static final StructType RAW = new StructType()
      .add("id", DataTypes.LongType)
      .add("created_at", DataTypes.TimestampType)
      .add("tenant_id", DataTypes.StringType)
      .add("target_type", DataTypes.StringType)
      .add("rating", DataTypes.IntegerType)
      .add("comment", DataTypes.StringType)
      .add("correction_data", DataTypes.StringType);

  static final String[][] JARGON_ES = {
    {
      "llegó tarde",
      "faltaron cajas",
      "no cuadró con la caja",
      "nos quedamos cortos el finde",
      "sobró mercadería",
      "se pasó de largo",
      "el repartidor vino a las once"
    },
    {
      "llegó a tiempo",
      "el pedido vino completo",
      "cuadró con la caja",
      "clavó la demanda del finde",
      "justo lo que vendimos",
      "alcanzó para todo el día",
      "el repartidor vino temprano"
    }
  };
  static final String[][] JARGON_EN = {
    {
      "arrived late",
      "boxes were short",
      "did not match the till",
      "we ran short on the weekend",
      "stock piled up",
      "overshot by a mile",
      "the van came at eleven"
    },
    {
      "arrived on time",
      "the order came complete",
      "matched the till",
      "nailed the weekend demand",
      "just what we sold",
      "lasted the whole day",
      "the van came early"
    }
  };
  static final String[] FILL_ES = {
    "",
    "el lunes ",
    "en la sucursal norte ",
    "esta semana ",
    "para la tienda del centro ",
    "según el encargado "
  };
  static final String[] FILL_EN = {
    "",
    "on monday ",
    "at the north store ",
    "this week ",
    "for the downtown shop ",
    "says the manager "
  };
  /** The control: comments the lexicon reads (the generator's kind). */
  static final String[][] PLAIN_ES = {
    {
      "No me gustó nada, se equivocó otra vez.",
      "Pésima estimación, nos quedamos sin stock el sábado.",
      "Muy mala, tuvimos que corregirla a mano.",
      "Un desastre, la acción se ejecutó sin sentido."
    },
    {
      "Muy buena predicción, acertó casi exacto.",
      "Me ayudó mucho a planificar el pedido.",
      "Excelente, funciona muy bien.",
      "Genial, justo lo que necesitaba."
    }
  };

  static final FeedbackSettings.SentimentModel SETTINGS = new FeedbackSettings.SentimentModel(
      true, FeedbackSettings.ModelPeriod.WEEK, Period.ofDays(56), 200, 20);
  static final Timestamp TS = Timestamp.from(Instant.parse("2026-11-02T10:00:00Z"));

  /** n rated comments of a tenant: 10% rated 3, 3% with the rating against the text. */
  static void tenant(
      List<Row> out,
      String tenant,
      long firstId,
      int n,
      String[][] phrases,
      String[] fill,
      long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      int pol = r.nextInt(2);
      StringBuilder b = new StringBuilder();
      b.append(fill == null ? "" : fill[r.nextInt(fill.length)]);
      b.append(phrases[pol][r.nextInt(phrases[pol].length)]);
      if (fill != null && r.nextDouble() < 0.3) {
        b.append(fill == FILL_ES ? " y " : " and ")
            .append(phrases[pol][r.nextInt(phrases[pol].length)]);
      }
      b.append('.');
      int rating = r.nextDouble() < 0.1 ? 3 : pol == 1 ? 4 + r.nextInt(2) : 1 + r.nextInt(2);
      if (rating != 3 && r.nextDouble() < 0.03) {
        rating = 6 - rating;
      }
      out.add(RowFactory.create(firstId + i, TS, tenant, "prediction", rating, b.toString(), null));
    }
  }

  static Dataset<Row> classified(List<Row> raw) {
    return FeedbackJob.classify(
        TestEnv.spark().createDataFrame(raw, RAW),
        new SentimentAnalyzer(1, 0.15, 10_000),
        Instant.parse("2026-11-03T00:00:00Z"),
        2);
  }

  static List<Row> planted() {
    List<Row> raw = new ArrayList<>();
    tenant(raw, "t1", 1, 1000, JARGON_ES, FILL_ES, 1);
    tenant(raw, "t1", 10_001, 1000, JARGON_EN, FILL_EN, 2);
    tenant(raw, "t2", 20_001, 1000, PLAIN_ES, null, 3);
    tenant(raw, "t3", 30_001, 60, JARGON_ES, FILL_ES, 4);
    return raw;
  }

  static Map<SentimentModels.Key, SentimentModels.Fitted> byKey(List<SentimentModels.Fitted> f) {
    Map<SentimentModels.Key, SentimentModels.Fitted> m = new HashMap<>();
    f.forEach(x -> m.put(x.choice().key(), x));
    return m;
  }

  @Test
  void trainsEvaluatesChoosesAndReusesFromDisk() throws Exception {
    Path dir = Files.createTempDirectory("sentiment-models");
    long t0 = System.nanoTime();
    Dataset<Row> rows = classified(planted());
    Map<SentimentModels.Key, SentimentModels.Fitted> fitted = byKey(SentimentModels.fitAll(
        SentimentModels.labelled(rows),
        null,
        SETTINGS,
        0.15,
        true,
        k -> dir.resolve(k.tenant() + "-" + k.language()).toString()));
    System.out.printf("fitted %d in %.1f s%n", fitted.size(), (System.nanoTime() - t0) / 1e9);
    fitted.values().forEach(f -> System.out.println("choice " + f.choice()));
    for (String lang : List.of("es", "en")) {
      SentimentModels.Choice c = fitted.get(new SentimentModels.Key("t1", lang)).choice();
      assertEquals("model", c.analyser(), c.toString());
      assertEquals("model_better", c.reason());
      assertTrue(c.modelF1() > c.lexiconF1() + 0.1, c.toString());
      assertTrue(c.rowsHeldOut() > 100 && c.rowsTrain() > 500, c.toString());
    }
    SentimentModels.Choice control =
        fitted.get(new SentimentModels.Key("t2", "es")).choice();
    assertEquals("lexicon", control.analyser(), control.toString());
    SentimentModels.Choice small =
        fitted.get(new SentimentModels.Key("t3", "es")).choice();
    assertEquals("lexicon", small.analyser());
    assertEquals("too_few_rows", small.reason());
    assertNull(small.modelPath());
    assertNull(fitted.get(new SentimentModels.Key("t3", "es")).model());

    // re-use: the model loaded from disk labels the rows as the fitted one does
    SentimentModels.Key k = new SentimentModels.Key("t1", "es");
    Map<Long, String> fresh =
        labels(SentimentModels.relabel(rows, Map.of(k, fitted.get(k).model()), 1.0, 0.15));
    Map<Long, String> reloaded = labels(SentimentModels.relabel(
        rows, Map.of(k, PipelineModel.load(fitted.get(k).choice().modelPath())), 1.0, 0.15));
    assertEquals(fresh, reloaded);
    assertEquals(rows.count(), fresh.size());
    // rows of other tenants and languages keep the lexicon's labels
    Map<Long, String> lexicon = labels(rows);
    for (Map.Entry<Long, String> e : lexicon.entrySet()) {
      if (e.getKey() > 10_000) {
        assertEquals(e.getValue(), fresh.get(e.getKey()), "row " + e.getKey());
      }
    }
    assertEquals(
        rows.columns().length,
        SentimentModels.relabel(rows, Map.of(k, fitted.get(k).model()), 1.0, 0.15)
            .columns()
            .length);
  }

  static Map<Long, String> labels(Dataset<Row> d) {
    Map<Long, String> m = new HashMap<>();
    for (Row r : d.select(col("id"), col("sentiment")).collectAsList()) {
      m.put(r.getLong(0), r.getString(1));
    }
    return m;
  }

  /**
   * Stacked (TF-IDF + lexicon score) against TF-IDF alone: held-out macro-F1 on the planted tenant,
   * and macro-F1 over negative/positive on the hand-labelled sentences of sentiment-eval.tsv (which
   * the models never saw; neutral gold sentences left out), against the lexicon's on the same.
   */
  @Test
  void stackingKeepsTheLexiconsKnowledgeOnUnseenText() throws Exception {
    List<Row> raw = new ArrayList<>();
    tenant(raw, "t1", 1, 1000, JARGON_ES, FILL_ES, 1);
    tenant(raw, "t1", 10_001, 1000, JARGON_EN, FILL_EN, 2);
    Dataset<Row> labelled = SentimentModels.labelled(classified(raw));
    List<Row> eval = new ArrayList<>();
    long id = 1_000_000;
    for (SentimentAnalyzerTest.Labelled l : SentimentAnalyzerTest.evalSet()) {
      if (!l.gold().equals("neutral")) {
        eval.add(RowFactory.create(
            id++, TS, "t1", "prediction", l.gold().equals("positive") ? 5 : 1, l.text(), null));
      }
    }
    Dataset<Row> evalRows = SentimentModels.labelled(classified(eval))
        .withColumn("held_out", org.apache.spark.sql.functions.lit(true));
    Map<String, double[]> f1 = new java.util.TreeMap<>();
    for (boolean stacked : new boolean[] {true, false}) {
      for (SentimentModels.Fitted f :
          SentimentModels.fitAll(labelled, null, SETTINGS, 0.15, stacked, null)) {
        String lang = f.choice().key().language();
        double[] onEval = SentimentModels.evaluate(
            f.model(), evalRows.filter(col("language").equalTo(lang)), 0.15);
        System.out.printf(
            java.util.Locale.ROOT,
            "stacked=%s %s: held-out model %.3f lexicon %.3f | sentiment-eval.tsv model %.3f (alone %.3f) lexicon %.3f%n",
            stacked,
            lang,
            f.choice().modelF1(),
            f.choice().lexiconF1(),
            onEval[0],
            onEval[2],
            onEval[1]);
        f1.put(stacked + "-" + lang, onEval);
      }
    }
    for (String lang : List.of("es", "en")) {
      assertTrue(
          f1.get("true-" + lang)[0] >= f1.get("false-" + lang)[0],
          lang + ": stacking should not lose on unseen text");
    }
  }
}
