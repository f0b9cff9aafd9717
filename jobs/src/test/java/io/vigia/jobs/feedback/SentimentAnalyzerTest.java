package io.vigia.jobs.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentimentAnalyzerTest {
  private final SentimentAnalyzer a = new SentimentAnalyzer(1.0, 0.15, 10_000);

  record Labelled(String lang, String gold, String text) {}

  static List<Labelled> evalSet() throws Exception {
    List<Labelled> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        SentimentAnalyzerTest.class.getResourceAsStream("/feedback/sentiment-eval.tsv"),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        out.add(new Labelled(f[0], f[1], f[2]));
      }
    }
    return out;
  }

  /** Macro-F1 over the three labels (SentimentModels.macroF1, the one implementation). */
  static double macroF1(List<String[]> goldPred) {
    Map<List<String>, Long> counts = new java.util.HashMap<>();
    for (String[] x : goldPred) {
      counts.merge(List.of(x[0], x[1]), 1L, Long::sum);
    }
    return SentimentModels.macroF1(counts, List.of("positive", "neutral", "negative"));
  }

  @Test
  void macroF1PerLanguageOnTheHeldOutSet() throws Exception {
    Map<String, List<String[]>> byLang = new LinkedHashMap<>();
    long langRight = 0;
    List<Labelled> set = evalSet();
    for (Labelled l : set) {
      SentimentAnalyzer.TextScore t = a.scoreText(l.text());
      if (t.language().equals(l.lang())) {
        langRight++;
      }
      String pred = a.labelText(l.text());
      if (!pred.equals(l.gold())) {
        System.out.printf(
            "MISS %s gold=%s pred=%s score=%.3f hits=%d lang=%s | %s%n",
            l.lang(), l.gold(), pred, t.score(), t.hits(), t.language(), l.text());
      }
      byLang.computeIfAbsent(l.lang(), k -> new ArrayList<>()).add(new String[] {l.gold(), pred});
    }
    for (Map.Entry<String, List<String[]>> e : byLang.entrySet()) {
      long right = e.getValue().stream().filter(x -> x[0].equals(x[1])).count();
      double f1 = macroF1(e.getValue());
      System.out.printf(
          "sentiment eval %s: n=%d accuracy=%.3f macro-F1=%.3f%n",
          e.getKey(), e.getValue().size(), right / (double) e.getValue().size(), f1);
      assertTrue(f1 >= 0.70, e.getKey() + " macro-F1 " + f1 + " below 0.70");
    }
    System.out.printf("language detection: %d of %d right%n", langRight, set.size());
    assertTrue(
        langRight >= set.size() * 0.95, "language detection " + langRight + "/" + set.size());
  }

  @Test
  void macroF1MatchesAHandComputedCase() {
    // gold P P N U, pred P N N U: F1(P) = 2/3, F1(N) = 2/3, F1(U) = 1 -> 7/9
    List<String[]> gp = List.of(
        new String[] {"positive", "positive"},
        new String[] {"positive", "negative"},
        new String[] {"negative", "negative"},
        new String[] {"neutral", "neutral"});
    assertEquals(7.0 / 9.0, macroF1(gp), 1e-12);
  }

  @Test
  void negation() {
    assertEquals("negative", a.labelText("No me gustó nada."));
    assertEquals("positive", a.labelText("No está nada mal."));
    assertEquals("positive", a.labelText("Not bad at all."));
    assertEquals("negative", a.labelText("I don't trust this anymore."));
    assertEquals("positive", a.labelText("Nunca falla."));
    assertEquals("negative", a.labelText("No es útil."));
    assertEquals("positive", a.labelText("It is useful."));
    // the negation scope ends at the clause: "no" does not reach "excelente"
    assertEquals("positive", a.labelText("No, excelente."));
    // stronger when negation is reinforced by post-verbal "nada"
    assertTrue(
        a.scoreText("No me gustó nada").score() < a.scoreText("No me gustó").score());
  }

  @Test
  void intensifiersAndInflection() {
    double plain = a.scoreText("Es buena.").score();
    assertTrue(a.scoreText("Es muy buena.").score() > plain);
    assertTrue(a.scoreText("Es buenísima.").score() > plain);
    assertTrue(a.scoreText("Es poco buena.").score() < plain);
    // one lexicon entry ("equivocado") covers the inflected forms
    for (String s :
        List.of("Se equivocó.", "Se equivocaron.", "Está equivocada.", "Equivocados otra vez.")) {
      assertEquals("negative", a.labelText(s), s);
    }
    assertTrue(a.scoreText("Very good").score() > a.scoreText("Good").score());
  }

  @Test
  void contrastWeighsTheSecondPart() {
    assertEquals("negative", a.labelText("Good forecast, but the explanation is terrible."));
    assertEquals("positive", a.labelText("Tardó un poco, pero el resultado es excelente."));
  }

  @Test
  void ratingIsAPriorTheTextCanOverride() {
    // no comment: the rating decides
    assertEquals("negative", a.analyze("prediction", 1, null, null).sentiment());
    assertEquals("neutral", a.analyze("prediction", 3, "", null).sentiment());
    assertEquals("positive", a.analyze("prediction", 5, null, null).sentiment());
    // five stars, a clearly negative comment: the text wins, the text score is kept
    SentimentAnalyzer.Result r =
        a.analyze("prediction", 5, "Pésima estimación, no sirve para nada, un desastre.", null);
    assertEquals("negative", r.sentiment());
    assertTrue(r.textScore() < -0.5);
    // one star, clearly positive text
    assertEquals(
        "positive",
        a.analyze("action", 1, "Excellent, really helpful and accurate!", null).sentiment());
    // neutral text, the rating decides
    assertEquals(
        "negative",
        a.analyze("explanation", 1, "La predicción fue de 120 unidades.", null).sentiment());
    // one weak word against the stars: pulled towards, not flipped past, the rating
    SentimentAnalyzer.Result weak = a.analyze("prediction", 5, "Un poco lento.", null);
    assertTrue(
        weak.score() > a.analyze("prediction", null, "Un poco lento.", null).score());
  }

  @Test
  void badInputIsAFailureWithAReason() {
    assertEquals(
        "rating_out_of_range:7", a.analyze("prediction", 7, "bien", null).failureReason());
    assertEquals("rating_out_of_range:0", a.analyze("prediction", 0, null, null).failureReason());
    assertEquals(
        "unknown_target_type:dashboard", a.analyze("dashboard", 4, "ok", null).failureReason());
    assertEquals("unknown_target_type:null", a.analyze(null, 4, "ok", null).failureReason());
    assertEquals(
        "no_rating_no_comment", a.analyze("prediction", null, "   ", null).failureReason());
    assertEquals(
        "comment_too_long:20000_chars",
        a.analyze("prediction", 4, "a".repeat(20_000), null).failureReason());
    assertEquals(
        "invalid_correction_data", a.analyze("prediction", 4, "ok", "[1,2]").failureReason());
    SentimentAnalyzer.Result und = a.analyze("prediction", null, "12345 ### 678", null);
    assertEquals("language_not_detected", und.failureReason());
    assertNull(und.sentiment());
    // undetected language but a rating: processed from the rating
    SentimentAnalyzer.Result withRating = a.analyze("prediction", 4, "12345", null);
    assertEquals("processed", withRating.status());
    assertEquals("und", withRating.language());
    assertEquals("positive", withRating.sentiment());
  }
}
