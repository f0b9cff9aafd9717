package io.vigia.common.privacy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rule-based, offline finder of person names and postal addresses (es / pt / en), tuned for precision
 * over business text. A token pass over the text (no regular expression); words are looked up, folded
 * to lower case without accents, in the gazetteer {@code names.txt} (made by
 * scripts/make-name-gazetteer.mjs from faker-js data: F given names, L surnames, W ambiguous words that
 * are never an anchor, N brands named like a person).
 *
 * <p>Addresses: a street-type word (Calle, C/, Avda., Av., Rua, R., Praça, Carrera, Jr. ...), a street
 * name of 1-6 capitalised words, numbers or particles, then a house number (required: "12", ", 12",
 * "nº 12", "No. 45-67", "# 45-12", "s/n"), then optional floor / door / apartment parts; in English the
 * number comes first ("123 Main St", then "Apt 4B"). The postal code and the city are never included.
 *
 * <p>Names: (a) after a cue (a title "Sr.", "Dra.", "Mr."; a naming phrase "me llamo", "my name is",
 * "meu nome é", "nombre:"; or a weaker phrase "soy", "this is", "a nombre de", "cliente:",
 * "atentamente,", "regards,") 1-4 capitalised (or, with a cue only, ALL CAPS) words with a gazetteer
 * word; (b) without a cue, 2-4 capitalised words starting with an F given name and containing an L
 * surname, particles (de, del, de la, da, dos, y ...) allowed between them. A run with a business word
 * (Farmacia, Banco, Hotel, S.L. ...) or after a street word or a saint's "San"/"Santa" is not a name.
 *
 * <p>Immutable after loading; thread-safe; serialisable (deserialises to the JVM's instance).
 */
final class PersonAddressFinder implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String RESOURCE = "names.txt";

  private static final byte F = 1;
  private static final byte L = 2;
  private static final byte W = 4;

  // token kinds
  private static final byte ALPHA = 1;
  private static final byte NUM = 2;
  private static final byte PUNCT = 3;

  private static final int MAX_NAME_WORDS = 4;

  private static final class Holder {
    static final PersonAddressFinder INSTANCE = load();
  }

  /** The JVM's finder, loaded from the gazetteer resource on first use. */
  static PersonAddressFinder get() {
    return Holder.INSTANCE;
  }

  private final transient Map<String, Byte> names;
  private final transient Set<String> brands;
  private final int entries;

  private PersonAddressFinder(Map<String, Byte> names, Set<String> brands, int entries) {
    this.names = names;
    this.brands = brands;
    this.entries = entries;
  }

  private Object readResolve() throws ObjectStreamException {
    return get();
  }

  /** Number of gazetteer lines loaded (F, L, W and N). */
  int size() {
    return entries;
  }

  private static PersonAddressFinder load() {
    Map<String, Byte> names = new HashMap<>(8192);
    Set<String> brands = new HashSet<>();
    int n = 0;
    try (InputStream in = PersonAddressFinder.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + RESOURCE + " not found next to " + PersonAddressFinder.class);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isEmpty()
            || line.charAt(0) == '#'
            || line.length() < 3
            || line.charAt(1) != '\t') {
          continue;
        }
        String word = fold(line, 2, line.length());
        n++;
        switch (line.charAt(0)) {
          case 'F' -> names.merge(word, F, (a, b) -> (byte) (a | b));
          case 'L' -> names.merge(word, L, (a, b) -> (byte) (a | b));
          case 'W' -> names.merge(word, W, (a, b) -> (byte) (a | b));
          case 'N' -> brands.add(word);
          default -> n--;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PersonAddressFinder(Map.copyOf(names), Set.copyOf(brands), n);
  }

  // ------------------------------------------------------------------ word lists (folded: lower
  // case, no accents)

  private static Set<String> set(String words) {
    return Set.copyOf(java.util.Arrays.asList(words.trim().split("\\s+")));
  }

  private static final Set<String> PARTICLES = set("de del la las los da das do dos y e");
  private static final Set<String> AND = set("y e");
  private static final Set<String> STREET_PARTICLES = set("de del la las los el da das do dos d");

  /** Titles before a name (a following '.' is optional); "D." is matched separately (upper case, with the dot). */
  private static final Set<String> TITLES =
      set("sr sra srta sres dna don dona dr dra lic ing mr mrs ms prof profa");

  /** Naming phrases: the name follows them; a single ambiguous (W) word is accepted. */
  private static final String[][] STRONG_CUES = {
    {"me", "llamo"},
    {"mi", "nombre", "es"},
    {"my", "name", "is"},
    {"meu", "nome", "e"},
    {"me", "chamo"},
    {"nombre", ":"},
    {"name", ":"},
    {"nome", ":"},
    {"mi", "nombre", ":"},
    {"my", "name", ":"},
  };

  /** Weaker cues: the name must start with a gazetteer word and contain a given name or surname. */
  private static final String[][] WEAK_CUES = {
    {"soy"},
    {"a", "nombre", "de"},
    {"atentamente", ","},
    {"saludos", ","},
    {"cliente", ":"},
    {"destinatario", ":"},
    {"contacto", ":"},
    {"this", "is"},
    {"i'm"},
    {"im"},
    {"i", "am"},
    {"regards", ","},
    {"sou", "o"},
    {"sou", "a"},
    {"em", "nome", "de"},
    {"att", "."},
    {"att", ":"},
    {"att", ","},
    {"atenciosamente", ","},
    {"cordialmente", ","},
    {"saludos", "cordiales", ","},
    {"un", "saludo", ","},
    {"sincerely", ","},
    {"customer", ":"},
    {"contact", ":"},
    {"recipient", ":"},
    {"firmado", ":"},
    {"abracos", ","},
    {"titular", ":"},
    {"remitente", ":"},
    {"paciente", ":"},
  };

  /** Business and place words: a capitalised run with one of them (or right after one) is not a person. */
  private static final Set<String> ORG = set("""
      farmacia drogaria banco bank hotel hostal pousada motel restaurante restaurant bar cafe cafeteria tienda
      loja supermercado super mercado grupo empresa hospital clinica clinic colegio escuela escola universidad
      universidade university college school instituto fundacion fundacao asociacion club estadio teatro museo
      museu parque aeropuerto estacion centro panaderia padaria ferreteria libreria peluqueria taller almacen
      almacenes distribuidora comercial inversiones hermanos hnos sl sa sas sac srl ltda ltd inc llc corp cia
      consultores abogados asociados motors store shop pharmacy hall church iglesia igreja parroquia capilla
      san santa santo sao saint st edificio torre residencial condominio urbanizacion barrio colonia bairro
      premio avenue street road calle avenida rua plaza praca paseo camino carretera
      hnos distrito provincia estado municipio ciudad
      """);

  /**
   * Spanish / Portuguese street-type words spelled out. Mexico: the "tipo de vialidad" catalogue of INEGI's
   * Norma Técnica sobre Domicilios Geográficos (Andador, Cerrada, Circuito, Privada, Prolongación, Retorno,
   * Viaducto, Periférico...); Portugal: the CTT street types (Azinhaga, Beco, Calçada, Caminho, Escadas,
   * Ladeira, Praceta, Quinta, Rotunda, Urbanização...; not Bairro, a district); Brazil: Correios' "tipos de
   * logradouro" (Acesso, Marginal, Jardim, Ladeira...).
   */
  private static final Set<String> STREET_WORDS = set("""
      calle avenida paseo plaza carretera camino ronda travesia glorieta pasaje jiron carrera diagonal transversal
      calzada boulevard bulevar callejon rua travessa alameda estrada rodovia praca largo viela
      cerrada privada retorno andador circuito prolongacion viaducto periferico circunvalacion autopista via
      urbanizacao caminho acesso quinta calcada beco azinhaga rotunda ladeira praceta escadas escadinhas marginal
      jardim eje
      """);
  /** Of those, the ones also accepted in lower case ("vivo en calle Mayor 5"). */
  private static final Set<String> STREET_WORDS_LOWER =
      set("calle avenida avda av rua travessa travesia praca plaza paseo");
  /** Abbreviations (a following '.' is optional except for "R"). */
  private static final Set<String> STREET_ABBR = set("""
      av avda pza ctra cra cl blvd jr r pº kra cll kr bv carr priv cda prol calz psje pje circ and
      """);

  /**
   * English street suffixes: USPS Publication 28, appendix C1 (primary names and standard abbreviations),
   * plus the British / Australian thoroughfare words of Royal Mail's and Australia Post's address guides.
   */
  private static final Set<String> EN_TYPES = set("""
      street st avenue ave road rd lane ln drive dr boulevard blvd way court ct place pl terrace circle highway
      hwy parkway pkwy square sq
      alley aly annex anx arcade arc bayou byu beach bch bend bnd bluff blf bluffs blfs bottom btm branch br
      bridge brg brook brk brooks brks burg bg burgs bgs bypass byp camp cp canyon cyn cape cpe causeway cswy
      center ctr centers ctrs cir circles cirs cliff clf cliffs clfs club clb common cmn commons cmns corner cor
      corners cors course crse courts cts cove cv coves cvs creek crk crescent cres crest crst crossing xing
      crossroad xrd crossroads xrds curve curv dale dl dam dm divide dv drives drs estate est estates ests
      expressway expy extension ext extensions exts falls fls ferry fry field fld fields flds flat flt flats flts
      ford frd fords frds forest frst forge frg forges frgs fork frk forks frks fort ft freeway fwy garden gdn
      gardens gdns gateway gtwy glen gln glens glns green grn greens grns grove grv groves grvs harbor hbr
      harbors hbrs haven hvn heights hts hill hl hills hls hollow holw inlet inlt island islands iss isle
      junction jct junctions jcts key ky keys kys knoll knl knolls knls lake lk lakes lks landing lndg light lgt
      lights lgts loaf lf lock lck locks lcks lodge ldg loop mall manor mnr manors mnrs meadow mdw meadows mdws
      mews mill ml mills mls mission msn motorway mtwy mount mt mountain mtn mountains mtns neck nck orchard orch
      oval overpass opas park parks parkways pass passage psge path pike pine pne pines pnes plain pln plains
      plns plaza plz point pt points pts port prt ports prts prairie pr radial radl ramp ranch rnch rapid rpd
      rapids rpds rest rst ridge rdg ridges rdgs river riv roads rds route rte row rue run shoal shl shoals shls
      shore shr shores shrs skyway skwy spring spg springs spgs spur spurs squares sqs station sta stravenue
      stra stream strm streets sts summit smt ter throughway trwy trace trce track trak trafficway trfy trail
      trl trailer trlr tunnel tunl turnpike tpke underpass upas union un unions uns valley vly valleys vlys
      viaduct view vw views vws village vlg villages vlgs ville vl vista vis walk walks wall ways well wl
      wells wls
      close garth paddock grange mead rise parade esplanade gate vale chase wharf yard drove wynd approach
      copse brow glade end croft dene fold nook spinney fairway brae wood circuit land fall
      """);
  /** The abbreviations among EN_TYPES (their dot belongs to the address). */
  private static final Set<String> EN_ABBR = set("""
      st ave rd ln dr blvd ct pl hwy pkwy sq aly anx arc byu bch bnd blf blfs btm br brg brk bg byp cp cyn cpe
      cswy ctr cir clf clb cmn cor crse cts cv crk cres crst xing xrd dl dm dv est ests expy ext fls fry fld
      flds flt flts fwy gdn gdns gtwy gln grn grv hbr hvn hts hl hls holw inlt jct ky knl lk lndg lgt ldg mnr
      mdw mdws ml mls msn mt mtn nck orch opas psge pne pln plz pt prt pr radl rnch rpd rst rdg riv rte shl shr
      skwy spg sta stra strm smt ter trwy trce trak trfy trl tpke upas un vly vw vlg vl vis wl
      """);

  private static final Set<String> EN_DIRECTIONS = set("N S E W NE NW SE SW");
  private static final Set<String> NUMBER_MARKERS = set("no nº n° nro num numero n #");
  private static final Set<String> FLOOR_WORDS = set("""
      piso planta apto apt apartamento apartment depto dpto departamento bloco bl bloque casa int interior puerta
      pta esc escalera portal suite ste unit sala conj conjunto lote lt mz manzana of oficina local torre
      ap loja dto flat fl rm room floor
      """);
  private static final Set<String> FLOOR_ALONE = set("bajo bajos atico entlo entresuelo");
  private static final Set<String> SIDES = set("""
      izq izda izquierda dcha dcho der derecha dch centro ctro int ext exterior esq dto dt dir drt frente fte
      """);
  /** Lower-case words that may follow a house number (anything else lower case, "veces", "horas", rejects it). */
  private static final Set<String> AFTER_NUMBER = set("""
      de del en em no na y e and in esq esquina entre con com cp cep bairro barrio col colonia cerca junto frente
      ao desde hasta perto near at of to ate
      yesterday today tomorrow last next this on for since until please but or by from was is
      para el la pelo pela
      """);
  /** Spanish / Portuguese place names that start like a person: "General Escobedo", "Villa Gesell", "Puerto Madero". */
  private static final Set<String> PLACE_PREFIX = set("""
      general ciudad villa vila puerto porto presidente coronel comandante gobernador almirante mariscal capitan
      teniente doctor
      """);

  private static final Set<String> ROMAN =
      set("ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx");

  // ------------------------------------------------------------------ API

  /**
   * Appends ADDRESS then PERSON_NAME findings of {@code text} to {@code out}, never overlapping characters
   * already marked in {@code taken} (may be null); returns {@code taken} marked with its findings (a new
   * array when it was null and something was found).
   */
  boolean[] find(String text, boolean[] taken, List<PiiDetector.Finding> out) {
    if (text == null || text.length() < 3) {
      return taken;
    }
    boolean upper = false;
    boolean digit = false;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9' || c == '/') {
        digit = true; // a house number, or "s/n"
      } else if (c >= 'A' && c <= 'Z' || c > 0x7F && Character.isUpperCase(c)) {
        upper = true;
      }
      if (upper && digit) {
        break;
      }
    }
    if (!upper && !digit) {
      return taken;
    }
    Tokens t = new Tokens(text);
    if (digit) {
      taken = addresses(t, taken, out);
    }
    if (upper) {
      taken = persons(t, taken, out);
    }
    return taken;
  }

  // ------------------------------------------------------------------ tokens

  /** Tokens of one text: words (letters, joined by inner '-' / apostrophe), numbers (alnum starting with a digit), single punctuation. */
  private static final class Tokens {
    final String s;
    int n;
    int[] st;
    int[] en;
    byte[] kind;
    boolean[] nl; // a line break (or a tab) between this token and the previous one
    String[] low;

    Tokens(String s) {
      this.s = s;
      int cap = Math.max(8, s.length() / 3);
      st = new int[cap];
      en = new int[cap];
      kind = new byte[cap];
      nl = new boolean[cap];
      int len = s.length();
      int i = 0;
      boolean brk = false;
      while (i < len) {
        char c = s.charAt(i);
        if (c == ' ' || c == '\u00A0') {
          i++;
          continue;
        }
        if (c == '\n' || c == '\r' || c == '\t' || c == '|') {
          brk = true;
          i++;
          continue;
        }
        int start = i;
        byte k;
        if (wordChar(c)) {
          k = isDigit(c) ? NUM : ALPHA;
          i++;
          while (i < len) {
            char d = s.charAt(i);
            if (wordChar(d)) {
              i++;
            } else if ((d == '-' || d == '\'' || d == '\u2019')
                && i + 1 < len
                && wordChar(s.charAt(i + 1))
                && (d == '-' || Character.isLetter(s.charAt(i - 1)))) {
              i += 2;
            } else {
              break;
            }
          }
        } else {
          k = PUNCT;
          i++;
        }
        add(start, i, k, brk);
        brk = false;
      }
      low = new String[n];
    }

    private void add(int a, int b, byte k, boolean brk) {
      if (n == st.length) {
        int c = n * 2;
        st = java.util.Arrays.copyOf(st, c);
        en = java.util.Arrays.copyOf(en, c);
        kind = java.util.Arrays.copyOf(kind, c);
        nl = java.util.Arrays.copyOf(nl, c);
      }
      st[n] = a;
      en[n] = b;
      kind[n] = k;
      nl[n] = brk;
      n++;
    }

    /** Folded form (lower case, no accents, ’ as ') of token i. */
    String low(int i) {
      String l = low[i];
      if (l == null) {
        l = fold(s, st[i], en[i]);
        low[i] = l;
      }
      return l;
    }

    boolean punct(int i, char c) {
      return i >= 0 && i < n && kind[i] == PUNCT && s.charAt(st[i]) == c;
    }

    /** Tokens i and i+1 touch (no space between). */
    boolean tight(int i) {
      return i + 1 < n && en[i] == st[i + 1];
    }

    int len(int i) {
      return en[i] - st[i];
    }

    char first(int i) {
      return s.charAt(st[i]);
    }

    /** First letter upper case and at least one lower-case letter ("María", "McDonald", "O'Brien"). */
    boolean cap(int i) {
      if (i < 0 || i >= n || kind[i] != ALPHA || !Character.isUpperCase(first(i))) {
        return false;
      }
      for (int k = st[i] + 1; k < en[i]; k++) {
        if (Character.isLowerCase(s.charAt(k))) {
          return true;
        }
      }
      return false;
    }

    /** Two letters or more, all upper case ("GARCÍA"). */
    boolean allCaps(int i) {
      if (i < 0 || i >= n || kind[i] != ALPHA || len(i) < 2) {
        return false;
      }
      for (int k = st[i]; k < en[i]; k++) {
        char c = s.charAt(k);
        if (Character.isLowerCase(c) || Character.isDigit(c)) {
          return false;
        }
      }
      return true;
    }

    boolean lower(int i) {
      return i >= 0 && i < n && kind[i] == ALPHA && Character.isLowerCase(first(i));
    }
  }

  private static boolean wordChar(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || c > 0x7F
            && (Character.isLetterOrDigit(c)
                || c == '\u00BA'
                || c == '\u00AA'
                || c == '\u00B0'
                || Character.getType(c) == Character.NON_SPACING_MARK);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  // ------------------------------------------------------------------ folding

  private static final char[] FOLD = new char[0x250];

  static {
    for (char c = 0; c < FOLD.length; c++) {
      String d = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
      char b = d.charAt(0);
      FOLD[c] = c == '\u00BA' || c == '\u00AA' ? c : Character.toLowerCase(b);
    }
  }

  /** Lower case without accents; ’ becomes '. */
  static String fold(String s, int a, int b) {
    char[] out = new char[b - a];
    int k = 0;
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      if (c < FOLD.length) {
        out[k++] = FOLD[c];
      } else if (c == '\u2019') {
        out[k++] = '\'';
      } else if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      } else {
        out[k++] = Character.toLowerCase(c);
      }
    }
    return new String(out, 0, k);
  }

  // ------------------------------------------------------------------ gazetteer

  /** Gazetteer bits of token i (hyphenated: every part known; F from the first part, L from any part). */
  private byte bits(Tokens t, int i) {
    String w = t.low(i);
    Byte b = names.get(w);
    if (b != null) {
      return b;
    }
    if (w.indexOf('-') < 0) {
      return 0;
    }
    String[] parts = w.split("-");
    byte acc = 0;
    boolean allW = true;
    for (int p = 0; p < parts.length; p++) {
      Byte pb = names.get(parts[p]);
      if (pb == null) {
        return 0;
      }
      if (p == 0) {
        acc |= (byte) (pb & F);
      }
      acc |= (byte) (pb & L);
      allW &= pb == W;
    }
    return allW ? W : acc == 0 ? W : acc;
  }

  // ------------------------------------------------------------------ persons

  private boolean[] persons(Tokens t, boolean[] taken, List<PiiDetector.Finding> out) {
    int i = 0;
    while (i < t.n) {
      boolean caps = t.allCaps(i);
      boolean initialD =
          t.kind[i] == ALPHA && t.len(i) == 1 && t.first(i) == 'D' && t.punct(i + 1, '.');
      if (!(t.cap(i) || caps || initialD) || !free(taken, t, i, i)) {
        i++;
        continue;
      }
      // a title opens the run: "Sr. Juan", "Dra Pérez", "D. Luis", "Don Pedro"
      int cue = 0; // 0 none, 1 weak, 2 strong
      int s = i;
      int lead = -1; // a particle before the surname after a title
      String lw = t.low(i);
      if (TITLES.contains(lw) || lw.equals("d") && t.first(i) == 'D' && t.punct(i + 1, '.')) {
        int nx = t.punct(i + 1, '.') ? i + 2 : i + 1;
        if (lw.equals("d") && nx == i + 1) {
          i++;
          continue;
        }
        // "Sr. dos Reis", "Dra. da Rocha": a surname with its particle
        int px = nx;
        while (px < t.n
            && px < nx + 2
            && !t.nl[px]
            && t.lower(px)
            && PARTICLES.contains(t.low(px))
            && !AND.contains(t.low(px))) {
          px++;
        }
        if (px > nx && px < t.n && !t.nl[px] && t.cap(px)) {
          lead = nx;
          nx = px;
        }
        if (nx < t.n && !t.nl[nx] && (t.cap(nx) || t.allCaps(nx))) {
          cue = 2;
          s = nx;
          caps = t.allCaps(nx);
        } else {
          i = nx;
          continue;
        }
      } else {
        // a cue opening the run: "Soy Juan", "I'm John", "ME LLAMO JUAN"
        int code = cueAt(t, i);
        int after = code >> 2;
        if (code != 0) {
          if (after < t.n && !t.nl[after] && (caps ? t.allCaps(after) : t.cap(after))) {
            cue = code & 3;
            s = after;
          } else {
            i = after;
            continue;
          }
        } else {
          cue = phraseCue(t, i);
        }
      }
      // the run: name words (same case style), particles and initials between them
      int[] words = new int[8];
      int nw = 0;
      int j = s;
      int end = s; // exclusive token index
      while (j < t.n && nw < words.length) {
        if (j > s && t.nl[j]) {
          break;
        }
        if (caps ? t.allCaps(j) : t.cap(j)) {
          words[nw++] = j;
          end = j + 1;
          j++;
          continue;
        }
        if (nw > 0 && isParticleAt(t, j, caps)) {
          int k = j + 1;
          if (k < t.n && isParticleAt(t, k, caps)) {
            k++; // "de la", "de los"
          }
          if (k < t.n && !t.nl[k] && (caps ? t.allCaps(k) : t.cap(k))) {
            // "y" / "e" only joins two surnames ("Ortega y Gasset"), never two people
            if (AND.contains(t.low(j))
                && !(nw >= 2 && (bits(t, words[nw - 1]) & L) != 0 && (bits(t, k) & L) != 0)) {
              break;
            }
            j = k;
            continue;
          }
          break;
        }
        // an initial between name words: "Juan D. Pérez"
        if (nw > 0
            && t.kind[j] == ALPHA
            && t.len(j) == 1
            && Character.isUpperCase(t.first(j))
            && t.punct(j + 1, '.')
            && j + 2 < t.n
            && (caps ? t.allCaps(j + 2) : t.cap(j + 2))) {
          j += 2;
          continue;
        }
        break;
      }
      if (nw == 0) {
        i = Math.max(i + 1, j);
        continue;
      }
      boolean org = orgBefore(t, cue > 0 && s != i ? i : s);
      // "General Escobedo", "Villa Gesell", "Puerto Madero": a place, unless a title names a person
      org |= nw >= 2 && lead < 0 && PLACE_PREFIX.contains(t.low(words[0])) && !(cue == 2 && s != i);
      for (int w = 0; w < nw && !org; w++) {
        org = ORG.contains(t.low(words[w]));
      }
      if (!org) {
        if (cue > 0) {
          taken = cued(t, i, lead, words, nw, cue, caps, taken, out);
        } else if (!caps) {
          taken = uncued(t, words, nw, taken, out);
        }
      }
      i = Math.max(end, i + 1);
    }
    return taken;
  }

  private static boolean isParticleAt(Tokens t, int j, boolean caps) {
    if (t.kind[j] != ALPHA || t.nl[j]) {
      return false;
    }
    String l = t.low(j);
    if (!PARTICLES.contains(l)) {
      return false;
    }
    return caps ? t.allCaps(j) || t.len(j) == 1 && Character.isUpperCase(t.first(j)) : t.lower(j);
  }

  /** A business or street word (or a saint's San/Santa) right before the run, possibly across a particle. */
  private static boolean orgBefore(Tokens t, int s) {
    int p = s - 1;
    if (p >= 0 && t.kind[p] == ALPHA && PARTICLES.contains(t.low(p)) && t.lower(p)) {
      p--;
    }
    if (p < 0 || t.kind[p] != ALPHA) {
      return p >= 0 && t.punct(p, '/') && p > 0 && t.low(p - 1).equals("c");
    }
    String l = t.low(p);
    return ORG.contains(l)
        || STREET_WORDS.contains(l)
        || STREET_ABBR.contains(l) && t.punct(p + 1, '.');
  }

  /**
   * A cue of words only that starts at token i ("Soy", "Me llamo", "I'm", "Sou a"): (index after it) * 4
   * + strength (2 naming phrase, 1 weaker), or 0.
   */
  private static int cueAt(Tokens t, int i) {
    for (String[][] cues : new String[][][] {STRONG_CUES, WEAK_CUES}) {
      for (String[] c : cues) {
        if (i + c.length >= t.n || !Character.isLetter(c[c.length - 1].charAt(0))) {
          continue;
        }
        boolean ok = true;
        for (int m = 0; m < c.length && ok; m++) {
          ok = t.kind[i + m] == ALPHA && t.low(i + m).equals(c[m]) && (m == 0 || !t.nl[i + m]);
        }
        if (ok) {
          return (i + c.length) * 4 + (cues == STRONG_CUES ? 2 : 1);
        }
      }
    }
    return 0;
  }

  /** 2 for a naming phrase or a title, 1 for a weaker cue, 0 for none, ending right before token s. */
  private static int phraseCue(Tokens t, int s) {
    if (s == 0) {
      return 0;
    }
    // a lower-case title: "el sr. Pérez", "la dra García"
    int p = t.punct(s - 1, '.') ? s - 2 : s - 1;
    if (p >= 0 && t.kind[p] == ALPHA && TITLES.contains(t.low(p))) {
      return 2;
    }
    if (matchBefore(t, s, STRONG_CUES)) {
      return 2;
    }
    return matchBefore(t, s, WEAK_CUES) ? 1 : 0;
  }

  private static boolean matchBefore(Tokens t, int s, String[][] cues) {
    for (String[] c : cues) {
      int k = s - c.length;
      if (k < 0) {
        continue;
      }
      boolean ok = true;
      for (int m = 0; m < c.length && ok; m++) {
        ok = t.low(k + m).equals(c[m]);
      }
      if (ok) {
        return true;
      }
    }
    return false;
  }

  private boolean[] cued(
      Tokens t,
      int runStart,
      int lead,
      int[] words,
      int nw,
      int cue,
      boolean caps,
      boolean[] taken,
      List<PiiDetector.Finding> out) {
    int count = Math.min(nw, MAX_NAME_WORDS);
    byte[] b = new byte[count];
    boolean anyKnown = false;
    boolean anyStrong = false;
    int lastKnown = -1;
    for (int w = 0; w < count; w++) {
      b[w] = bits(t, words[w]);
      anyKnown |= b[w] != 0;
      anyStrong |= (b[w] & (F | L)) != 0;
      if (b[w] != 0) {
        lastKnown = w;
      }
    }
    int last;
    double conf;
    if (cue == 2) {
      if (!anyKnown) {
        return taken;
      }
      last = count - 1;
      conf = anyStrong ? 0.85 : 0.7;
    } else {
      if (b[0] == 0 || !anyStrong) {
        return taken;
      }
      last = lastKnown;
      conf = 0.75;
    }
    if (caps) {
      conf -= 0.05;
    }
    // "Don Simón" (juice), "Carolina Herrera": brands named like a person, with or without their
    // title
    String span = fold(t.s, t.st[words[0]], t.en[words[last]]);
    if (brands.contains(span)
        || runStart < words[0]
            && brands.contains(fold(t.s, t.st[runStart], t.en[words[last]]).replace(".", ""))) {
      return taken;
    }
    return emit(t, lead >= 0 ? lead : words[0], words[last], conf, PiiType.PERSON_NAME, taken, out);
  }

  private boolean[] uncued(
      Tokens t, int[] words, int nw, boolean[] taken, List<PiiDetector.Finding> out) {
    int w = 0;
    while (w < nw - 1) {
      byte b0 = bits(t, words[w]);
      if ((b0 & F) == 0) {
        w++;
        continue;
      }
      // extend over gazetteer words, contiguous in the run
      int last = w;
      boolean surname = false;
      int known = 1;
      for (int v = w + 1; v < nw && known < MAX_NAME_WORDS; v++) {
        byte bv = bits(t, words[v]);
        if (bv == 0) {
          break;
        }
        known++;
        last = v;
        surname |= (bv & L) != 0;
      }
      // the name ends at its last unambiguous word or the ambiguous ones right after a surname
      if (surname && last > w) {
        if (!brands.contains(fold(t.s, t.st[words[w]], t.en[words[last]]).replace("  ", " "))
            && !brandPrefix(t, words, w, last)) {
          double conf = known >= 3 ? 0.8 : 0.7;
          taken = emit(t, words[w], words[last], conf, PiiType.PERSON_NAME, taken, out);
        }
        w = last + 1;
      } else {
        w = last + 1;
      }
    }
    return taken;
  }

  /** "Carolina Herrera Perfumes": a brand's two words at the start of the span. */
  private boolean brandPrefix(Tokens t, int[] words, int w, int last) {
    for (int e = w + 1; e <= last; e++) {
      if (brands.contains(fold(t.s, t.st[words[w]], t.en[words[e]]))) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ addresses

  private boolean[] addresses(Tokens t, boolean[] taken, List<PiiDetector.Finding> out) {
    for (int i = 0; i < t.n; i++) {
      byte k = t.kind[i];
      if (k == ALPHA) {
        int nameStart = streetKeyword(t, i);
        if (nameStart > 0) {
          int end = streetRest(t, nameStart);
          if (end > 0) {
            if (free(taken, t, i, end - 1)) {
              taken = emit(t, i, end - 1, 0.8, PiiType.ADDRESS, taken, out);
            }
            i = end - 1;
          }
        }
      } else if (k == NUM && t.len(i) <= 5) {
        int end = englishAddress(t, i);
        if (end > 0) {
          if (free(taken, t, i, end - 1)) {
            taken = emit(t, i, end - 1, 0.8, PiiType.ADDRESS, taken, out);
          }
          i = end - 1;
        }
      }
    }
    return taken;
  }

  /** The token index after the street-type word starting at i (its dot, its '/'), or -1. */
  private static int streetKeyword(Tokens t, int i) {
    int len = t.len(i);
    if (len > 14) {
      return -1;
    }
    char c0 = t.first(i);
    boolean up = Character.isUpperCase(c0);
    if (len == 1 && (c0 == 'C' || c0 == 'c') && t.punct(i + 1, '/') && t.tight(i)) {
      return i + 2;
    }
    String l = t.low(i);
    if (STREET_WORDS.contains(l)) {
      if (!up && !STREET_WORDS_LOWER.contains(l)) {
        return -1;
      }
      return i + 1;
    }
    if (STREET_ABBR.contains(l)) {
      boolean dot = t.punct(i + 1, '.') && t.tight(i);
      if (l.equals("r") && !(dot && up)) {
        return -1;
      }
      if (!up && !(dot && (l.equals("av") || l.equals("avda")))) {
        return -1;
      }
      return dot ? i + 2 : i + 1;
    }
    return -1;
  }

  /** After the street-type word: the street name, the house number and the floor; the exclusive end token or -1. */
  private int streetRest(Tokens t, int j) {
    int n = t.n;
    int nameWords = 0;
    int firstNum = -1;
    boolean onlyNumber = false;
    int p = j;
    // the street name
    while (p < n && nameWords < 6 && !t.nl[p]) {
      if (nameWords > 0 && t.kind[p] == ALPHA && t.len(p) == 2 && t.low(p).equals("mz")) {
        break; // "Jr. Arequipa Mz. A Lt. 24"
      }
      if (t.kind[p] == ALPHA && t.cap(p)
          || t.kind[p] == ALPHA && t.allCaps(p) && t.len(p) <= 5 && nameWords > 0
          || roman(t, p)) {
        nameWords++;
        p++;
        // an abbreviation inside the name: "Gral.", "Dr.", "Sta."
        if (t.punct(p, '.')
            && t.tight(p - 1)
            && t.len(p - 1) <= 4
            && p + 1 < n
            && (t.cap(p + 1) || t.kind[p + 1] == NUM)) {
          p++;
        }
        continue;
      }
      // an initial inside the name: "Francisco I. Madero"
      if (nameWords > 0
          && t.kind[p] == ALPHA
          && t.len(p) == 1
          && Character.isUpperCase(t.first(p))
          && t.punct(p + 1, '.')
          && t.tight(p)
          && p + 2 < n
          && t.cap(p + 2)) {
        p += 2;
        continue;
      }
      if (t.kind[p] == ALPHA && t.lower(p) && STREET_PARTICLES.contains(t.low(p))
          || t.kind[p] == ALPHA && t.len(p) <= 3 && t.low(p).startsWith("d'")) {
        p++;
        continue;
      }
      if (t.kind[p] == NUM
          && nameWords == 0
          && p == j
          && (plainNumber(t, p, 3) || numberedStreet(t, p))) {
        // "Calle 13", "Av. 9 de Julio", "Carrera 7"
        firstNum = p;
        nameWords++;
        p++;
        if (p < n
            && (t.cap(p)
                || t.lower(p)
                    && STREET_PARTICLES.contains(t.low(p))
                    && p + 1 < n
                    && t.cap(p + 1))) {
          continue;
        }
        onlyNumber = true;
        break;
      }
      break;
    }
    // trailing particles are not part of the name
    while (p > j && t.kind[p - 1] == ALPHA && t.lower(p - 1)) {
      p--;
    }
    if (nameWords == 0 || p >= n) {
      return -1;
    }
    // the house number
    boolean marker = false;
    if (t.punct(p, ',')) {
      p++;
    }
    int m = numberMarker(t, p);
    if (m > p) {
      marker = true;
      p = m;
    }
    if (p >= n) {
      return -1;
    }
    int numEnd;
    int block = -1;
    if (t.kind[p] == ALPHA && (t.low(p).equals("mz") || t.low(p).equals("manzana"))) {
      block = floorPart(t, p); // Peru: "Mz. B Lt. 11" instead of a house number
    }
    if (block > 0) {
      numEnd = block;
    } else if (isSn(t, p)) {
      numEnd = p + 3;
    } else if (t.kind[p] == NUM && houseNumber(t, p)) {
      numEnd = p + 1;
      // "45 - 67" written with spaces after a marker
      if (marker
          && t.punct(numEnd, '-')
          && numEnd + 1 < n
          && t.kind[numEnd + 1] == NUM
          && plainNumber(t, numEnd + 1, 3)) {
        numEnd += 2;
      }
    } else {
      return -1;
    }
    if (onlyNumber && !marker) {
      return -1; // "Calle 13 45" is ambiguous; a numbered street needs "#" or "No."
    }
    if (firstNum >= 0 && !onlyNumber && nameWords == 1) {
      return -1;
    }
    if (!followerOk(t, numEnd)) {
      return -1;
    }
    return floors(t, numEnd);
  }

  /** The index after a number marker at p ("nº", "n.º", "No.", "número", "#", "N°"), or p. */
  private static int numberMarker(Tokens t, int p) {
    if (p >= t.n) {
      return p;
    }
    if (t.punct(p, '#')) {
      return p + 1;
    }
    if (t.kind[p] != ALPHA) {
      return p;
    }
    String l = t.low(p);
    if (l.equals("numero")
        || l.equals("num")
        || l.equals("nro")
        || l.equals("nº")
        || l.equals("n°")
        || l.equals("no")
        || l.equals("n")) {
      int q = p + 1;
      if (t.punct(q, '.')) {
        q++;
      }
      if (q < t.n && t.kind[q] == PUNCT && (t.first(q) == 'º' || t.first(q) == '°')) {
        q++;
      }
      if (q < t.n
          && t.kind[q] == ALPHA
          && (t.first(q) == 'º' || t.first(q) == '°')
          && t.len(q) == 1) {
        q++;
      }
      if ((l.equals("n") || l.equals("no")) && q == p + 1) {
        return p; // "no" / "n" alone is a word, not a marker
      }
      if (t.punct(q, ':')) {
        q++;
      }
      return q;
    }
    return p;
  }

  private static boolean isSn(Tokens t, int p) {
    return p + 2 < t.n
        && t.kind[p] == ALPHA
        && t.len(p) == 1
        && (t.first(p) | 0x20) == 's'
        && t.punct(p + 1, '/')
        && t.kind[p + 2] == ALPHA
        && t.len(p + 2) == 1
        && (t.first(p + 2) | 0x20) == 'n'
        && t.tight(p)
        && t.tight(p + 1);
  }

  /** A Roman numeral in a street name: "XV de Novembro", "Pio XII". */
  private static boolean roman(Tokens t, int p) {
    if (t.kind[p] != ALPHA || t.len(p) > 5 || !ROMAN.contains(t.low(p))) {
      return false;
    }
    for (int k = t.st[p]; k < t.en[p]; k++) {
      if (!Character.isUpperCase(t.s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** A numbered street with its letter (Colombia): "58A", "14B", "7". */
  private static boolean numberedStreet(Tokens t, int p) {
    int len = t.len(p);
    char last = t.s.charAt(t.en[p] - 1);
    if (len < 2 || len > 4 || last < 'A' || last > 'Z') {
      return false;
    }
    for (int k = t.st[p]; k < t.en[p] - 1; k++) {
      if (!isDigit(t.s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** Digits only, at most maxDigits. */
  private static boolean plainNumber(Tokens t, int p, int maxDigits) {
    int len = t.len(p);
    if (len > maxDigits) {
      return false;
    }
    for (int k = t.st[p]; k < t.en[p]; k++) {
      if (!isDigit(t.s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** The index after the digits that start at {@code k} (before {@code e}). */
  private static int afterDigits(String s, int k, int e) {
    while (k < e && isDigit(s.charAt(k))) {
      k++;
    }
    return k;
  }

  /** 1-4 digits, an optional letter, optionally "-" and 1-3 digits (+ letter) or a letter: 12, 12A, 45-67, 8A-55, 12-B. */
  private static boolean houseNumber(Tokens t, int p) {
    String s = t.s;
    int e = t.en[p];
    int k = afterDigits(s, t.st[p], e);
    int d = k - t.st[p];
    if (d == 0 || d > 4) {
      return false;
    }
    if (k < e && Character.isLetter(s.charAt(k)) && s.charAt(k) != 'º' && s.charAt(k) != 'ª') {
      k++;
    }
    if (k == e) {
      return true;
    }
    if (s.charAt(k) != '-') {
      return false;
    }
    k++;
    int d2 = 0;
    while (k < e && isDigit(s.charAt(k))) {
      k++;
      d2++;
    }
    if (d2 > 3) {
      return false;
    }
    if (k < e && Character.isLetter(s.charAt(k))) {
      k++;
    }
    return k == e && (d2 > 0 || k > t.st[p] + d + 1);
  }

  /** What follows a house number: nothing, punctuation, a line break, a capitalised word, a number or an allowed small word. */
  private static boolean followerOk(Tokens t, int p) {
    if (p >= t.n || t.nl[p]) {
      return true;
    }
    byte k = t.kind[p];
    if (k == PUNCT) {
      char c = t.first(p);
      return c != '%' && c != '€' && c != '$' && c != 'x' && c != '*' && c != '/' && c != '+';
    }
    if (k == NUM) {
      return true;
    }
    if (!t.lower(p)) {
      return true;
    }
    String l = t.low(p);
    if (l.equals("por")) {
      // "por la tarde", "por favor"; not "2 por 1"
      return p + 1 < t.n
          && t.lower(p + 1)
          && (t.low(p + 1).equals("la")
              || t.low(p + 1).equals("el")
              || t.low(p + 1).equals("favor"));
    }
    return AFTER_NUMBER.contains(l) || FLOOR_WORDS.contains(l) || FLOOR_ALONE.contains(l);
  }

  /** Floor, door, apartment parts after the number (up to three); the exclusive end token. */
  private static int floors(Tokens t, int p) {
    int end = p;
    for (int round = 0; round < 3; round++) {
      int q = end;
      if (q < t.n && (t.punct(q, ',') || t.punct(q, '-'))) {
        q++;
      }
      if (q >= t.n || (t.nl[q] && q > end)) {
        break;
      }
      int r = floorPart(t, q);
      if (r < 0) {
        break;
      }
      end = r;
    }
    return end;
  }

  private static int floorPart(Tokens t, int q) {
    if (t.kind[q] == NUM && ordinal(t, q)) {
      // "3º B", "2º izq.", "3º andar", "1ºA"
      int r = q + 1;
      if (r < t.n && t.punct(r, '.') && t.tight(q)) {
        r++;
      }
      if (r < t.n && !t.nl[r] && t.kind[r] == ALPHA) {
        String l = t.low(r);
        if (t.len(r) == 1 && Character.isUpperCase(t.first(r))
            || SIDES.contains(l)
            || l.equals("andar")) {
          r++;
          if (t.punct(r, '.') && t.tight(r - 1) && t.len(r - 1) > 1) {
            r++;
          }
        }
      }
      return r;
    }
    if (t.punct(q, '#')
        && q + 1 < t.n
        && (t.kind[q + 1] == NUM || t.kind[q + 1] == ALPHA && t.len(q + 1) <= 3)) {
      return q + 2;
    }
    // Portugal: "R/C" (rés-do-chão, ground floor)
    if (t.kind[q] == ALPHA
        && t.len(q) == 1
        && (t.first(q) == 'R' || t.first(q) == 'r')
        && t.punct(q + 1, '/')
        && t.tight(q)
        && t.tight(q + 1)
        && q + 2 < t.n
        && t.len(q + 2) == 1
        && (t.first(q + 2) | 0x20) == 'c') {
      return q + 3;
    }
    if (t.kind[q] != ALPHA) {
      return -1;
    }
    String l = t.low(q);
    if (FLOOR_ALONE.contains(l)) {
      int r = q + 1;
      if (r < t.n && t.kind[r] == ALPHA && t.len(r) == 1 && Character.isUpperCase(t.first(r))) {
        r++;
      }
      return r;
    }
    if (!FLOOR_WORDS.contains(l)) {
      return -1;
    }
    int r = q + 1;
    if (t.punct(r, '.')) {
      r++;
    }
    int m = numberMarker(t, r);
    if (m > r) {
      r = m;
    }
    if (r < t.n
        && !t.nl[r]
        && (t.kind[r] == NUM && t.len(r) <= 6
            || t.kind[r] == ALPHA && t.len(r) <= 2 && Character.isUpperCase(t.first(r)))) {
      return r + 1;
    }
    return -1;
  }

  /** "3º", "2ª", "1°", "3ºB", "4o"? no: digits then º/ª/° (then an optional letter). */
  private static boolean ordinal(Tokens t, int p) {
    String s = t.s;
    int e = t.en[p];
    int k = afterDigits(s, t.st[p], e);
    int d = k - t.st[p];
    if (d == 0 || d > 2) {
      return false;
    }
    if (k == e) {
      // "3 º" / "3 °" written apart
      return false;
    }
    char c = s.charAt(k);
    if (c != 'º' && c != 'ª' && c != '°') {
      return false;
    }
    k++;
    if (k < e && Character.isLetter(s.charAt(k))) {
      k++;
    }
    return k == e;
  }

  /** "123 Main Street", "45 Oak Ave.", "1600 Pennsylvania Avenue NW, Apt 4B": the exclusive end token or -1. */
  private static int englishAddress(Tokens t, int i) {
    if (!plainNumber(t, i, 5) && !(houseNumber(t, i) && t.len(i) <= 5)) {
      return -1;
    }
    if (i > 0 && (t.punct(i - 1, '#') || t.punct(i - 1, '$') || t.punct(i - 1, '€'))
        || i + 2 >= t.n) {
      return -1;
    }
    int p = i + 1;
    int words = 0;
    boolean dir = false;
    // a directional before the name: "78 W 6th St", "62 S Broadway"
    if (t.kind[p] == ALPHA
        && t.len(p) <= 2
        && EN_DIRECTIONS.contains(t.s.substring(t.st[p], t.en[p]))
        && !t.nl[p]
        && (t.tight(p) ? t.punct(p + 1, '.') : true)) {
      p += t.punct(p + 1, '.') ? 2 : 1;
      dir = true;
    }
    while (p < t.n && words < 4 && !t.nl[p]) {
      boolean name = t.cap(p) || t.kind[p] == NUM && englishOrdinal(t, p);
      if (!name || dir && words > 0 && FLOOR_WORDS.contains(t.low(p))) {
        break;
      }
      if (words > 0 && t.kind[p] == ALPHA && EN_TYPES.contains(t.low(p))) {
        int end = p + 1;
        if (t.punct(end, '.') && t.tight(p) && EN_ABBR.contains(t.low(p))) {
          end++; // "St.", "Ave." keep their dot; "Close." ends a sentence
        }
        if (end < t.n
            && !t.nl[end]
            && t.kind[end] == ALPHA
            && EN_DIRECTIONS.contains(t.s.substring(t.st[end], t.en[end]))) {
          end++;
          if (t.punct(end, '.') && t.tight(end - 1)) {
            end++;
          }
        }
        // "3 Main Street tees" is a product line, not an address
        return followerOk(t, end) ? floors(t, end) : -1;
      }
      words++;
      p++;
    }
    // a directional and a name without a suffix ("S Broadway"): only before a unit, a comma or the
    // end
    if (dir && words >= 1 && words <= 2) {
      if (p >= t.n || t.nl[p]) {
        return p;
      }
      if (t.punct(p, ',')) {
        return floors(t, p);
      }
      if (t.kind[p] == ALPHA && FLOOR_WORDS.contains(t.low(p)) && !t.lower(p)) {
        int r = floorPart(t, p);
        return r > 0 ? floors(t, r) : -1;
      }
    }
    return -1;
  }

  private static boolean englishOrdinal(Tokens t, int p) {
    String l = t.low(p);
    int k = 0;
    while (k < l.length() && isDigit(l.charAt(k))) {
      k++;
    }
    String suf = l.substring(k);
    return k > 0
        && k <= 3
        && (suf.equals("st") || suf.equals("nd") || suf.equals("rd") || suf.equals("th"));
  }

  // ------------------------------------------------------------------ output

  private static boolean free(boolean[] taken, Tokens t, int a, int b) {
    if (taken == null) {
      return true;
    }
    for (int k = t.st[a]; k < t.en[b]; k++) {
      if (taken[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean[] emit(
      Tokens t,
      int a,
      int b,
      double conf,
      PiiType type,
      boolean[] taken,
      List<PiiDetector.Finding> out) {
    int s = t.st[a];
    int e = t.en[b];
    // a closing dot of an abbreviation is part of the span; a sentence's final dot is not
    if (!free(taken, t, a, b)) {
      return taken;
    }
    if (taken == null) {
      taken = new boolean[t.s.length()];
    }
    for (int k = s; k < e; k++) {
      taken[k] = true;
    }
    out.add(new PiiDetector.Finding(
        type, s, e, Math.round(Math.max(0, Math.min(1, conf)) * 1000) / 1000.0));
    return taken;
  }
}
