package io.vigia.jobs.feedback;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Offline sentiment of one feedback row: language (es/en), a lexicon score of the comment, and the
 * star rating as a prior. Nothing is downloaded; the lexicons ship in the jar.
 *
 * <p>Text score, following the rule set of VADER (Hutto and Gilbert 2014, ICWSM) on vigia's own
 * lexicons:
 * <ul>
 *   <li>each lexicon word contributes its valence v (-4..+4), matched by surface form or stem;</li>
 *   <li>intensifiers/diminishers in the 3 preceding tokens scale it by (1 + w) each; a Spanish
 *       absolute superlative (-ísimo) by 1.3;</li>
 *   <li>a negator in the 3 preceding tokens of the same clause flips it once: v x -0.74 (VADER's
 *       N_SCALAR). Negation is counted once, not by parity, because Spanish negative concord ("no me
 *       gustó nada", "no está nada mal") stacks negators that mean one negation; a post-verbal
 *       "nada"/"at all" after a negated word strengthens it (x1.3);</li>
 *   <li>in a sentence with a contrast word (pero, aunque / but, though) words before it count x0.5 and
 *       after it x1.5 (VADER's "but" rule);</li>
 *   <li>after an irrealis marker (podría, debería / could, should) the words of the clause count x0;</li>
 *   <li>the sum s is normalised to s / sqrt(s^2 + 15) in (-1, 1) (VADER's normalisation, alpha = 15).</li>
 * </ul>
 *
 * <p>Combined score: the rating is a prior p = (rating - 3) / 2 in [-1, 1] with weight
 * {@code priorWeight}; the text score t has weight h = min(lexicon hits, 4). score = (priorWeight p +
 * h t) / (priorWeight + h) (no rating: t; no hits: p). Label: positive above {@code neutralBand},
 * negative below -{@code neutralBand}, else neutral. So a comment with several clear words outweighs
 * a contradicting star rating, one word against the stars gives a weak or neutral result, and the
 * text-only score is kept beside it (text_sentiment_score) so contradictions can be found.
 *
 * <p>Language: per token, Spanish or English function words and lexicon words vote (1 each, lexicon
 * 0.5), plus Spanish-only characters (ñ, ¿, ¡, accented vowels, 1 each); the larger total wins, a tie
 * (including no evidence) is "und".
 */
public final class SentimentAnalyzer implements Serializable {
  private static final long serialVersionUID = 1L;
  static final double NEGATION_SCALAR = -0.74;
  static final double ALPHA = 15.0;
  static final int WINDOW = 3;

  public static final Set<String> TARGET_TYPES = Set.of("prediction", "action", "explanation");

  private final double priorWeight;
  private final double neutralBand;
  private final int maxCommentChars;

  public SentimentAnalyzer(double priorWeight, double neutralBand, int maxCommentChars) {
    this.priorWeight = priorWeight;
    this.neutralBand = neutralBand;
    this.maxCommentChars = maxCommentChars;
  }

  /** Outcome of one row; failureReason non-null means processing_status = failed. */
  public record Result(
      String status,
      String sentiment,
      Double score,
      Double textScore,
      String language,
      int hits,
      String failureReason)
      implements Serializable {
    static Result failed(String reason, String language) {
      return new Result("failed", null, null, null, language, 0, reason);
    }
  }

  /** A text's language and lexicon score. */
  public record TextScore(String language, double score, int hits) {}

  public Result analyze(String targetType, Integer rating, String comment, String correctionJson) {
    if (targetType == null || !TARGET_TYPES.contains(targetType)) {
      return Result.failed("unknown_target_type:" + clip(targetType), null);
    }
    if (rating != null && (rating < 1 || rating > 5)) {
      return Result.failed("rating_out_of_range:" + rating, null);
    }
    if (correctionJson != null && !correctionJson.strip().startsWith("{")) {
      return Result.failed("invalid_correction_data", null);
    }
    boolean hasText = comment != null && !comment.isBlank();
    if (hasText && comment.length() > maxCommentChars) {
      return Result.failed("comment_too_long:" + comment.length() + "_chars", null);
    }
    if (!hasText && rating == null) {
      return Result.failed("no_rating_no_comment", null);
    }
    TextScore t = hasText ? scoreText(comment) : new TextScore(null, 0, 0);
    if (hasText && "und".equals(t.language()) && rating == null) {
      return Result.failed("language_not_detected", "und");
    }
    double score;
    int hits = t.hits();
    if (rating == null) {
      score = t.score();
    } else {
      double prior = (rating - 3) / 2.0;
      double h = Math.min(hits, 4);
      score = (priorWeight * prior + h * t.score()) / (priorWeight + h);
    }
    score = Math.max(-1, Math.min(1, score));
    String label = score > neutralBand ? "positive" : score < -neutralBand ? "negative" : "neutral";
    Double textScore = hasText ? Double.valueOf(hits > 0 ? t.score() : 0.0) : null;
    return new Result("processed", label, score, textScore, t.language(), hits, null);
  }

  /** Label of a text alone (no rating), for evaluation. */
  public String labelText(String text) {
    TextScore t = scoreText(text);
    return t.score() > neutralBand ? "positive" : t.score() < -neutralBand ? "negative" : "neutral";
  }

  private static String clip(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 40 ? s.substring(0, 40) : s;
  }

  // ------------------------------------------------------------------ text

  /** Token kinds: words and clause/sentence boundaries. */
  private static final String CLAUSE = "\u0001,";

  private static final String SENTENCE = "\u0001.";

  static List<String> tokens(String normalized) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i <= normalized.length(); i++) {
      char c = i < normalized.length() ? normalized.charAt(i) : ' ';
      if (Character.isLetterOrDigit(c) || ((c == '\'' || c == '-') && cur.length() > 0)) {
        cur.append(c);
        continue;
      }
      if (cur.length() > 0) {
        addWord(out, cur.toString());
        cur.setLength(0);
      }
      if (c == '.' || c == '!' || c == '?' || c == ';') {
        out.add(SENTENCE);
      } else if (c == ',' || c == ':' || c == '(' || c == ')') {
        out.add(CLAUSE);
      }
    }
    return out;
  }

  private static void addWord(List<String> out, String w) {
    while (w.endsWith("'") || w.endsWith("-")) {
      w = w.substring(0, w.length() - 1);
    }
    if (w.isEmpty()) {
      return;
    }
    if (w.endsWith("n't") && w.length() > 3) {
      out.add(w.substring(0, w.length() - 3));
      out.add("not");
      return;
    }
    int ap = w.indexOf('\'');
    if (ap > 0 && !w.startsWith("spot")) {
      String tail = w.substring(ap + 1);
      if (tail.equals("s")
          || tail.equals("m")
          || tail.equals("re")
          || tail.equals("ve")
          || tail.equals("ll")
          || tail.equals("d")) {
        out.add(w.substring(0, ap));
        return;
      }
    }
    out.add(w);
  }

  /** The comment's language and lexicon score. */
  public TextScore scoreText(String text) {
    String norm = Stemmers.normalize(text);
    List<String> toks = tokens(norm);
    String lang = detect(text, toks);
    if (lang.equals("und")) {
      return new TextScore("und", 0, 0);
    }
    return score(lang.equals("es") ? Lexicon.ES : Lexicon.EN, toks, lang);
  }

  static String detect(String raw, List<String> toks) {
    double es = 0;
    double en = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ("ñÑ¿¡áéíóúÁÉÍÓÚ".indexOf(c) >= 0) {
        es += 1;
      }
    }
    for (String t : toks) {
      if (t.charAt(0) == '\u0001') {
        continue;
      }
      if (Lexicon.ES.stopwords.contains(t)) {
        es += 1;
      } else if (Lexicon.ES.surface.containsKey(t)) {
        es += 0.5;
      }
      if (Lexicon.EN.stopwords.contains(t)) {
        en += 1;
      } else if (Lexicon.EN.surface.containsKey(t)) {
        en += 0.5;
      }
    }
    return es > en ? "es" : en > es ? "en" : "und";
  }

  private static TextScore score(Lexicon lx, List<String> toks, String lang) {
    // contributions per sentence, so the contrast rule can weigh the parts before/after its word
    double total = 0;
    int hits = 0;
    List<double[]> sentence = new ArrayList<>(); // {value, position}
    int contrastAt = -1;
    int irrealisClause = -1;
    int clause = 0;
    for (int i = 0; i <= toks.size(); i++) {
      String t = i < toks.size() ? toks.get(i) : SENTENCE;
      if (t.equals(SENTENCE)) {
        total += closeSentence(sentence, contrastAt);
        sentence.clear();
        contrastAt = -1;
        clause++;
        continue;
      }
      if (t.equals(CLAUSE)) {
        clause++;
        continue;
      }
      if (lx.contrast.contains(t)
          && !(t.equals("embargo") && (i == 0 || !toks.get(i - 1).equals("sin")))) {
        contrastAt = i;
        irrealisClause = -1;
        continue;
      }
      if (lx.irrealis.contains(t)) {
        irrealisClause = clause;
        continue;
      }
      if (lx.negators.contains(t) || lx.intensifiers.containsKey(t)) {
        continue;
      }
      String w = t;
      double boost = 1;
      if (lang.equals("es") && Stemmers.spanishSuperlative(w)) {
        w = Stemmers.spanishSuperlativeBase(w);
        boost = 1.3;
      }
      Double v = lx.valence(t);
      if (v == null && boost != 1) {
        v = lx.valence(w);
      } else if (v != null) {
        boost = 1;
      }
      if (v == null) {
        continue;
      }
      hits++;
      double x = v * boost;
      boolean negated = false;
      for (int k = i - 1; k >= Math.max(0, i - WINDOW); k--) {
        String p = toks.get(k);
        if (p.charAt(0) == '\u0001') {
          break;
        }
        if (lx.negators.contains(p)) {
          negated = true;
        } else if (lx.intensifiers.containsKey(p)) {
          x *= 1 + lx.intensifiers.get(p);
        }
      }
      if (negated) {
        x *= NEGATION_SCALAR;
        if (i + 1 < toks.size()
            && (toks.get(i + 1).equals("nada")
                || (toks.get(i + 1).equals("at")
                    && i + 2 < toks.size()
                    && toks.get(i + 2).equals("all")))) {
          x *= 1.3;
        }
      }
      if (irrealisClause == clause) {
        x = 0;
      }
      sentence.add(new double[] {x, i});
    }
    double norm = total / Math.sqrt(total * total + ALPHA);
    return new TextScore(lang, norm, hits);
  }

  private static double closeSentence(List<double[]> parts, int contrastAt) {
    double s = 0;
    for (double[] p : parts) {
      s += contrastAt < 0 ? p[0] : p[1] < contrastAt ? 0.5 * p[0] : 1.5 * p[0];
    }
    return s;
  }
}
