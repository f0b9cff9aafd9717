package io.vigia.jobs.feedback;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.job.Window;
import io.vigia.common.settings.FeedbackSettings.ThemeAlgorithm;
import io.vigia.common.settings.FeedbackSettings.Themes;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.feedback.FeedbackThemes.Theme;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The themes of about 900 in-memory sanitized feedback rows (no generator, no lake, no database). Every
 * tenant x model gets the same stable complaints in both periods (es and en, each phrase drawn from
 * synonyms, with filler words); tenant t1's "shop" model also gets, in the second period only, a growing
 * complaint in words nothing else uses: "tornillo oxidado bisagra" in Spanish and "rusty hinge screw" in
 * English. The themes must find both planted complaints as rising themes, and nothing rising anywhere
 * else (t1's "chat" model and t2 are the controls: same stable complaints, no planted theme). One fit of
 * the default algorithm is shared by the tests ({@link #bisecting}); the measurement adds one fit per
 * other algorithm.
 */
class FeedbackThemesTest {
  static final Window PERIOD = Window.days(LocalDate.of(2026, 3, 8), 7);
  static final StructType SANITIZED = StructType.fromDDL(
      "id BIGINT, tenant_id STRING, model_id STRING, rating INT, comment STRING, ts TIMESTAMP, "
          + "sentiment STRING, language STRING");

  static final String[][] STABLE_ES = {
    {"el precio es muy caro", "demasiado caro el precio", "precio excesivo y caro"},
    {"la aplicación se cierra sola", "la aplicación falla al abrir", "se cuelga la aplicación"},
    {"atención al cliente pésima", "nadie responde en atención al cliente", "el soporte no contesta"
    },
  };
  static final String[][] STABLE_EN = {
    {"the price is too expensive", "way too expensive price", "expensive pricing again"},
    {"the app keeps crashing", "app crashes on startup", "the app froze and crashed"},
    {"customer support never answers", "support agent was rude", "waited hours for support"},
  };
  static final String[] PLANTED_ES = {
    "el tornillo llegó oxidado y la bisagra rota",
    "otra vez bisagra floja y tornillo oxidado",
    "tornillo oxidado, bisagra inservible",
  };
  static final String[] PLANTED_EN = {
    "the hinge screw arrived rusty",
    "rusty screw and a loose hinge again",
    "hinge broke, screw rusty",
  };
  static final String[] FILLER = {"", " hoy", " otra vez", " really", " please fix", " gracias"};

  /** Rows of the planted complaint in the period (2 in the previous one), half es, half en. */
  static final int PLANTED = 60;

  /**
   * The defaults but k at most 12 (a model of a few hundred comments gets at most sqrt(n / 2) themes
   * anyway) and 10 iterations: the test's fits are a few hundred comments each.
   */
  static Themes settings(ThemeAlgorithm a) {
    return new Themes(true, a, 12, 60, 10, 5000, 3, 8, 5, 10, 0.01, 20);
  }

  static Dataset<Row> rows;
  static List<Theme> bisecting;

  @BeforeAll
  static void fitTheDefault() {
    rows = negatives().cache();
    long t0 = System.nanoTime();
    bisecting = FeedbackThemes.find(rows, settings(ThemeAlgorithm.BISECTING));
    System.out.printf("bisecting: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    print("bisecting", bisecting);
  }

  /** Rows of one tenant x model: n stable complaints per period, planted ones growing in period 1. */
  static void rows(
      List<Row> out,
      String tenant,
      String model,
      int stable,
      int plantedPrevious,
      int plantedNow,
      Random r) {
    for (int side = 0; side < 2; side++) {
      Instant base = side == 1 ? PERIOD.start() : PERIOD.start().minus(PERIOD.length());
      int planted = side == 1 ? plantedNow : plantedPrevious;
      for (int i = 0; i < stable + planted; i++) {
        boolean es = r.nextBoolean();
        String text;
        if (i < stable) {
          String[][] themes = es ? STABLE_ES : STABLE_EN;
          String[] theme = themes[r.nextInt(themes.length)];
          text = theme[r.nextInt(theme.length)];
        } else {
          String[] p = es ? PLANTED_ES : PLANTED_EN;
          text = p[r.nextInt(p.length)];
        }
        text += FILLER[r.nextInt(FILLER.length)];
        long id = out.size() + 1;
        Instant ts = base.plusSeconds(r.nextInt((int) PERIOD.length().toSeconds()));
        int rating = r.nextInt(2) + 1;
        out.add(RowFactory.create(
            id, tenant, model, rating, text, Timestamp.from(ts), "negative", es ? "es" : "en"));
      }
      // positive comments never enter a theme
      for (int i = 0; i < stable / 2; i++) {
        out.add(RowFactory.create(
            (long) out.size() + 1,
            tenant,
            model,
            5,
            "tornillo oxidado rusty hinge excelente",
            Timestamp.from(base.plusSeconds(60)),
            "positive",
            "es"));
      }
    }
  }

  static Dataset<Row> negatives() {
    Random r = new Random(7);
    List<Row> out = new ArrayList<>();
    rows(out, "t1", "shop", 100, 2, PLANTED, r);
    rows(out, "t1", "chat", 80, 0, 0, r);
    rows(out, "t2", "shop", 100, 0, 0, r);
    return FeedbackThemesJob.label(TestEnv.spark().createDataFrame(out, SANITIZED), PERIOD, 2);
  }

  static void print(String title, List<Theme> themes) {
    System.out.println(title);
    for (Theme t : themes) {
      System.out.printf(
          "  %s/%s #%d %-7s %4d (%.3f) prev %4d (%.3f) p_adj %s [%s] %s%n",
          t.tenant(),
          t.model(),
          t.theme(),
          t.trend(),
          t.count(),
          t.share(),
          t.previousCount(),
          t.previousShare(),
          t.pAdjusted(),
          t.termsText(),
          t.languages());
    }
  }

  static boolean about(Theme t, Set<String> words) {
    return t.terms().stream().limit(4).anyMatch(words::contains);
  }

  static final Set<String> ES_WORDS = Set.of("tornillo", "oxidado", "bisagra");
  static final Set<String> EN_WORDS = Set.of("rusty", "hinge", "screw");

  @Test
  void bisectingFindsBothPlantedThemesRisingAndNothingElse() {
    List<Theme> themes = bisecting;
    List<Theme> rising = themes.stream().filter(Theme::rising).toList();
    assertThat(rising).allMatch(t -> t.tenant().equals("t1") && t.model().equals("shop"));
    assertThat(rising).allMatch(t -> about(t, ES_WORDS) || about(t, EN_WORDS));
    assertThat(rising).anyMatch(t -> about(t, ES_WORDS));
    assertThat(rising).anyMatch(t -> about(t, EN_WORDS));
    // the planted comments are (nearly) all in the rising themes: 60 in the period
    assertThat(rising.stream().mapToLong(Theme::count).sum())
        .isBetween(PLANTED - 3L, PLANTED + 10L);
    for (Theme t : rising) {
      assertThat(t.pAdjusted()).isLessThanOrEqualTo(0.01);
      assertThat(t.share()).isGreaterThan(t.previousShare());
      assertThat(t.examples()).hasSize(5);
    }
    // the positive comments with the planted words were left out: 100 + 60 negatives in the period
    assertThat(themes.stream().filter(t -> t.tenant().equals("t1") && t.model().equals("shop")))
        .allMatch(t -> t.negatives() == 100 + PLANTED && t.previousNegatives() == 102);
    // every model has themes, and tested ones (enough comments to be a control)
    assertThat(themes.stream().map(t -> t.tenant() + "/" + t.model()).distinct())
        .containsExactlyInAnyOrder("t1/shop", "t1/chat", "t2/shop");
    assertThat(themes.stream()
            .filter(t -> t.pAdjusted() != null)
            .map(t -> t.tenant() + "/" + t.model())
            .distinct())
        .containsExactlyInAnyOrder("t1/shop", "t1/chat", "t2/shop");
  }

  /**
   * The same rows and seed give the same themes; a model's themes depend on its rows only (t1/shop fitted
   * alone gives the themes it got among the three models).
   */
  @Test
  void theSameSeedGivesTheSameThemes() {
    Dataset<Row> shop =
        rows.filter(col("tenant_id").equalTo("t1").and(col("model_id").equalTo("shop")));
    assertThat(FeedbackThemes.find(shop, settings(ThemeAlgorithm.BISECTING)))
        .isNotEmpty()
        .isEqualTo(bisecting.stream()
            .filter(t -> t.tenant().equals("t1") && t.model().equals("shop"))
            .toList());
  }

  /**
   * The measurement behind vigia.feedback.themes.algorithm (docs/jobs/feedback-themes.md): each
   * algorithm over the same rows (bisecting: the shared fit), printed; each must leave the controls
   * without a rising theme.
   */
  @Test
  void measureAlgorithms() {
    for (ThemeAlgorithm a : ThemeAlgorithm.values()) {
      long t0 = System.nanoTime();
      List<Theme> themes =
          a == ThemeAlgorithm.BISECTING ? bisecting : FeedbackThemes.find(rows, settings(a));
      List<Theme> rising = themes.stream().filter(Theme::rising).toList();
      System.out.printf(
          "MEASURE %s k<=%d: %d rising themes, %d comments (%d planted), es found %s, en found %s, "
              + "rising elsewhere %d, %.1f s%n",
          a.wire(),
          settings(a).themes(),
          rising.size(),
          rising.stream().mapToLong(Theme::count).sum(),
          PLANTED,
          rising.stream().anyMatch(t -> about(t, ES_WORDS)),
          rising.stream().anyMatch(t -> about(t, EN_WORDS)),
          rising.stream()
              .filter(t -> !t.tenant().equals("t1") || !t.model().equals("shop"))
              .count(),
          (System.nanoTime() - t0) / 1e9);
      assertThat(themes).isNotEmpty();
      assertThat(rising).allMatch(t -> t.tenant().equals("t1") && t.model().equals("shop"));
    }
  }
}
