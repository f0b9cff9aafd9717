package io.vigia.jobs.feedback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One language's lexicon, read from {@code lexicon-<lang>.tsv} on the classpath (format in the
 * file's header; sources and licence in NOTICE). Sentiment entries are kept both as normalised
 * surface forms and as stems; two entries whose stems collide with opposite signs stop the load, so a
 * lexicon edit cannot silently make a negative word positive.
 */
final class Lexicon {
  final String language;
  final UnaryOperator<String> stemmer;
  final Map<String, Double> surface = new HashMap<>();
  final Map<String, Double> stems = new HashMap<>();
  final Set<String> negators = new HashSet<>();
  final Map<String, Double> intensifiers = new HashMap<>();
  final Set<String> contrast = new HashSet<>();
  final Set<String> irrealis = new HashSet<>();
  final Set<String> stopwords = new HashSet<>();

  private Lexicon(String language, UnaryOperator<String> stemmer) {
    this.language = language;
    this.stemmer = stemmer;
  }

  static final Lexicon ES = load("es", Stemmers::spanish);
  static final Lexicon EN = load("en", Stemmers::english);

  /** The valence of a normalised token, by surface form first, then by stem; null when unknown. */
  Double valence(String token) {
    Double v = surface.get(token);
    return v != null ? v : stems.get(stemmer.apply(token));
  }

  static Lexicon load(String language, UnaryOperator<String> stemmer) {
    Lexicon l = new Lexicon(language, stemmer);
    String name = "lexicon-" + language + ".tsv";
    Map<String, String> stemSource = new HashMap<>();
    try (InputStream in = Lexicon.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "sentiment lexicon " + name + " missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 3) {
          throw new IllegalStateException(
              name + " line " + no + ": expected kind<TAB>entry<TAB>value");
        }
        String entry = Stemmers.normalize(f[1].trim());
        double value = Double.parseDouble(f[2].trim());
        switch (f[0]) {
          case "sent" -> {
            l.surface.put(entry, value);
            String stem = stemmer.apply(entry);
            Double old = l.stems.get(stem);
            if (old != null && Math.signum(old) != Math.signum(value)) {
              throw new IllegalStateException(
                  name + " line " + no + ": '" + f[1] + "' and '" + stemSource.get(stem)
                      + "' share the stem '" + stem + "' but have opposite valence");
            }
            if (old == null || Math.abs(value) > Math.abs(old)) {
              l.stems.put(stem, value);
              stemSource.put(stem, f[1]);
            }
          }
          case "neg" -> l.negators.add(entry);
          case "int" -> l.intensifiers.put(entry, value);
          case "but" -> l.contrast.add(entry);
          case "irr" -> l.irrealis.add(entry);
          case "stop" -> l.stopwords.add(entry);
          default ->
            throw new IllegalStateException(name + " line " + no + ": unknown kind '" + f[0] + "'");
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name + ": " + e.getMessage(), e);
    }
    return l;
  }
}
