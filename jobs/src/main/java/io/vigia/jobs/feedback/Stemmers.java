package io.vigia.jobs.feedback;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text normalisation and the two light suffix strippers the lexicon matches on. They are written for
 * vigia (not ports of Snowball): a lexicon entry and a comment word meet when both reduce to the same
 * stem, so one entry ("equivocado") covers its inflections ("equivocó", "equivoca", "equivocados").
 * Over-stemming only matters where two lexicon words of opposite sign collide, which
 * {@link Lexicon} refuses at load.
 */
final class Stemmers {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  /** Spanish suffixes, longest first: verb endings, participles, plurals, gender. */
  private static final String[] ES_SUFFIXES = {
    "amientos",
    "imientos",
    "amiento",
    "imiento",
    "aciones",
    "iciones",
    "abamos",
    "ieramos",
    "ariamos",
    "aremos",
    "eremos",
    "iremos",
    "ieron",
    "arian",
    "erian",
    "irian",
    "ando",
    "iendo",
    "aron",
    "aran",
    "eran",
    "aban",
    "aria",
    "eria",
    "iria",
    "acion",
    "icion",
    "adas",
    "ados",
    "idas",
    "idos",
    "aste",
    "iste",
    "amos",
    "emos",
    "imos",
    "aba",
    "ara",
    "iera",
    "ase",
    "ado",
    "ada",
    "ido",
    "ida",
    "ian",
    "ar",
    "er",
    "ir",
    "an",
    "en",
    "es",
    "as",
    "os",
    "ia",
    "io",
    "a",
    "e",
    "o",
    "s"
  };

  private Stemmers() {}

  /** Lower case, accents and other combining marks removed, typographic apostrophes made plain. */
  static String normalize(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFD);
    return MARKS.matcher(d).replaceAll("").replace('\u2019', '\'').toLowerCase(Locale.ROOT);
  }

  /** Spanish stem of a normalised word: "-mente" adverbs, then the longest suffix leaving at least 3 letters. */
  static String spanish(String w) {
    String s = w;
    if (s.endsWith("mente") && s.length() - 5 >= 4) {
      s = s.substring(0, s.length() - 5);
    }
    for (String suf : ES_SUFFIXES) {
      if (s.endsWith(suf) && s.length() - suf.length() >= 3) {
        return s.substring(0, s.length() - suf.length());
      }
    }
    return s;
  }

  /** Whether a normalised Spanish word is an absolute superlative (-ísimo: "buenísima"). */
  static boolean spanishSuperlative(String w) {
    return w.length() > 7
        && (w.endsWith("isimo")
            || w.endsWith("isima")
            || w.endsWith("isimos")
            || w.endsWith("isimas"));
  }

  /** The positive form of a Spanish superlative: "buenisima" -> "buena" (stemmed afterwards). */
  static String spanishSuperlativeBase(String w) {
    int i = w.lastIndexOf("isim");
    return w.substring(0, i) + "o";
  }

  /** English stem: -ingly/-edly/-ly/-ing/-ed/-ies/-es/-s, then a final silent e. */
  static String english(String w) {
    String s = w;
    if (s.endsWith("ies") && s.length() > 4) {
      s = s.substring(0, s.length() - 3) + "y";
    } else if (s.endsWith("ied") && s.length() > 4) {
      s = s.substring(0, s.length() - 3) + "y";
    } else {
      for (String suf : new String[] {"ingly", "edly", "ing", "ly", "ed", "s"}) {
        if (s.endsWith(suf)
            && s.length() - suf.length() >= 3
            && !(suf.equals("s") && s.endsWith("ss"))) {
          s = s.substring(0, s.length() - suf.length());
          break;
        }
      }
    }
    if (s.endsWith("e") && s.length() > 3) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
