package io.vigia.common.privacy;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data in free text: e-mail addresses, phone numbers (libphonenumber metadata, the
 * tenant's country first, then ES, MX, AR, CO, CL, PE, BR, US; E.164 and national forms), payment
 * cards (Luhn + issuer prefix and length), IBANs (mod 97), IPv4/IPv6 and the national identifiers of
 * {@link Validators}. A candidate is a run of letters and digits joined by the separators people type
 * (space between digit groups, '-', '.', '/', a phone's parentheses); each type whose shape and check
 * digits accept the run scores a base confidence that reflects how much its check rules out chance
 * (a mod-97 IBAN far more than a Luhn digit), plus 0.25 when a Spanish or English context word of the
 * type stands just before it, plus 0.05 when the type belongs to the tenant's country; the best type
 * wins and is reported when its confidence reaches the minimum. A bare 8-digit number (Peru's DNI has
 * no check character in that form) only reaches it with a context word. Look-alikes with a wrong check
 * digit, order numbers, timestamps, UUIDs, decimals and versions are rejected by shape or checksum.
 * Plain Java, serialisable, thread-confined state only: safe in Spark tasks.
 */
public final class PiiDetector implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One detection: type, [start, end) in the text (UTF-16 offsets), confidence in [0, 1]. */
  public record Finding(PiiType type, int start, int end, double confidence)
      implements Serializable {}

  public static final List<String> DEFAULT_REGIONS =
      List.of("ES", "MX", "AR", "CO", "CL", "PE", "BR", "US");
  public static final double CONTEXT_BONUS = 0.25;
  public static final double COUNTRY_BONUS = 0.05;
  public static final double CONTRADICTION_PENALTY = 0.4;

  private static final Pattern EMAIL = Pattern.compile(
      "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
          + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\\.[A-Za-z]{2,24}(?![A-Za-z0-9-])");
  private static final Pattern IPV4 =
      Pattern.compile("(?<![0-9.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![0-9]|\\.\\d)");
  private static final Pattern IPV6 = Pattern.compile(
      "(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z]|:[0-9A-Za-z:])");

  private static final Pattern CUIT_SHAPE = Pattern.compile("\\d{2}-\\d{8}-\\d");
  private static final Pattern CPF_SHAPE = Pattern.compile("\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}");
  private static final Pattern CNPJ_SHAPE =
      Pattern.compile("\\d{2}\\.\\d{3}\\.\\d{3}/\\d{4}-\\d{2}");
  private static final Pattern THOUSANDS = Pattern.compile("\\d{1,3}(\\.\\d{3})+");

  /** Context words (lower case, matched on word boundaries in the 40 characters before a value). */
  private static final Map<PiiType, String[]> CONTEXT = new EnumMap<>(PiiType.class);

  static {
    CONTEXT.put(PiiType.EMAIL, new String[] {
      "correo", "email", "e-mail", "mail", "escríbeme", "escribeme", "write to", "escreva"
    });
    CONTEXT.put(PiiType.PHONE, new String[] {
      "tel",
      "tel.",
      "teléfono",
      "telefono",
      "móvil",
      "movil",
      "celular",
      "llámame",
      "llamame",
      "llamar",
      "whatsapp",
      "phone",
      "mobile",
      "call",
      "cel",
      "fono",
      "contacto",
      "tlf",
      "tfno",
      "telf",
      "telefone",
      "ligue",
      "ligar",
      "contato",
      "whats",
      "zap",
      "cell",
      "text"
    });
    CONTEXT.put(PiiType.CREDIT_CARD, new String[] {
      "tarjeta",
      "card",
      "visa",
      "mastercard",
      "amex",
      "crédito",
      "credito",
      "débito",
      "debito",
      "credit",
      "cartão",
      "cartao"
    });
    CONTEXT.put(
        PiiType.IBAN,
        new String[] {"iban", "cuenta", "account", "transferencia", "bank", "banco", "conta"});
    CONTEXT.put(
        PiiType.IPV4,
        new String[] {"ip", "dirección ip", "address", "conectado", "connected", "host"});
    CONTEXT.put(PiiType.IPV6, CONTEXT.get(PiiType.IPV4));
    CONTEXT.put(PiiType.ES_DNI, new String[] {"dni", "nif", "documento", "d.n.i"});
    CONTEXT.put(PiiType.ES_NIE, new String[] {"nie", "extranjero", "documento"});
    CONTEXT.put(PiiType.ES_CIF, new String[] {"cif", "nif"});
    CONTEXT.put(PiiType.MX_CURP, new String[] {"curp"});
    CONTEXT.put(PiiType.MX_RFC, new String[] {"rfc", "tax id"});
    CONTEXT.put(PiiType.AR_CUIT, new String[] {"cuit", "cuil"});
    CONTEXT.put(PiiType.CL_RUT, new String[] {"rut", "run"});
    CONTEXT.put(PiiType.CO_NIT, new String[] {"nit"});
    CONTEXT.put(PiiType.BR_CPF, new String[] {"cpf"});
    CONTEXT.put(PiiType.BR_CNPJ, new String[] {"cnpj"});
    CONTEXT.put(PiiType.PE_RUC, new String[] {"ruc"});
    CONTEXT.put(PiiType.PE_DNI, new String[] {"dni", "documento", "d.n.i", "identidad"});
    CONTEXT.put(PiiType.PERSON_NAME, new String[0]);
    CONTEXT.put(PiiType.ADDRESS, new String[0]);
    java.util.Set<String> words = new java.util.HashSet<>();
    for (String[] ws : CONTEXT.values()) {
      for (String w : ws) {
        if (w.indexOf(' ') < 0) {
          words.add(NumberContext.strip(w));
        }
      }
    }
    PERSONAL_WORDS = java.util.Set.copyOf(words);
  }

  private static final java.util.Set<String> PERSONAL_WORDS;

  private final double minConfidence;
  private final List<String> regions;

  public PiiDetector(double minConfidence) {
    this(minConfidence, DEFAULT_REGIONS);
  }

  public PiiDetector(double minConfidence, List<String> regions) {
    if (!(minConfidence >= 0 && minConfidence <= 1)) {
      throw new IllegalArgumentException("minimum confidence must be in [0, 1]");
    }
    this.minConfidence = minConfidence;
    this.regions = List.copyOf(regions);
  }

  public double minConfidence() {
    return minConfidence;
  }

  /** The findings in {@code text}, in text order, non-overlapping; {@code country} may be null. */
  public List<Finding> detect(String text, String country) {
    List<Finding> out = new ArrayList<>(2);
    if (text == null || text.isEmpty()) {
      return out;
    }
    boolean[] taken = null;
    if (text.indexOf('@') >= 0) {
      Matcher m = EMAIL.matcher(text);
      while (m.find()) {
        taken = mark(taken, text.length(), m.start(), m.end());
        add(out, text, PiiType.EMAIL, m.start(), m.end(), 0.95, country);
      }
    }
    if (text.indexOf(':') >= 0) {
      Matcher m = IPV6.matcher(text);
      while (m.find()) {
        String v = m.group();
        int end = m.end();
        if (v.endsWith(":") && !v.endsWith("::")) {
          v = v.substring(
              0, v.length() - 1); // "IP 2600:d3d1::a9f: ..." ends before the sentence's colon
          end--;
        }
        if (v.indexOf("::") >= 0 || count(v, ':') == 7) {
          if (Validators.ipv6Valid(v) && hasHexDigits(v)) {
            taken = mark(taken, text.length(), m.start(), end);
            add(out, text, PiiType.IPV6, m.start(), end, 0.85, country);
          }
        }
      }
    }
    if (digitDotDigit(text)) {
      Matcher m = IPV4.matcher(text);
      while (m.find()) {
        if (Validators.ipv4Valid(m.group()) && free(taken, m.start(), m.end())) {
          taken = mark(taken, text.length(), m.start(), m.end());
          add(out, text, PiiType.IPV4, m.start(), m.end(), 0.7, country);
        }
      }
    }
    // names and addresses before the runs of digits: a house number is not a candidate of its own
    taken = PersonAddressFinder.get().find(text, taken, out);
    scanRuns(text, country, taken, out);
    if (out.size() > 1) {
      out.sort((a, b) -> Integer.compare(a.start(), b.start()));
    }
    return out;
  }

  // ------------------------------------------------------------------ runs of digits and letters

  private void scanRuns(String text, String country, boolean[] taken, List<Finding> out) {
    int n = text.length();
    int i = 0;
    int[] segStart = new int[16];
    int[] segEnd = new int[16];
    while (i < n) {
      char c = text.charAt(i);
      boolean alnum = isAlnum(c);
      boolean opener = (c == '+' || c == '(') && i + 1 < n && isDigit(text.charAt(i + 1));
      if (!(alnum || opener)
          || (i > 0 && isAlnum(text.charAt(i - 1)))
          || (taken != null && taken[i])) {
        i++;
        continue;
      }
      // one run: segments separated by single spaces between digit groups
      int segs = 0;
      int j = i;
      int digits = 0;
      int segBegin = i;
      boolean openParen = false;
      while (j < n) {
        char ch = text.charAt(j);
        if (taken != null && taken[j]) {
          break;
        }
        if (isAlnum(ch)) {
          if (isDigit(ch)) {
            digits++;
          }
          j++;
        } else if (j == segBegin && (ch == '+' || ch == '(')) {
          openParen |= ch == '(';
          j++;
        } else if (ch == ')' && openParen && j > segBegin && isAlnum(text.charAt(j - 1))) {
          openParen = false;
          j++;
        } else if ((ch == '-' || ch == '.' || ch == '/')
            && j > segBegin
            && isAlnum(text.charAt(j - 1))
            && j + 1 < n
            && isAlnum(text.charAt(j + 1))) {
          j++;
        } else if (ch == ' '
            && j > segBegin
            && j + 1 < n
            && ((isDigit(text.charAt(j - 1)) || text.charAt(j - 1) == ')')
                    && (isDigit(text.charAt(j + 1))
                        || text.charAt(j + 1) == '(' && j + 2 < n && isDigit(text.charAt(j + 2)))
                || ibanGroups(text, i, segBegin, j))) {
          if (segs < segStart.length - 1) {
            segStart[segs] = segBegin;
            segEnd[segs] = j;
            segs++;
          }
          j++;
          segBegin = j;
        } else {
          break;
        }
      }
      segStart[segs] = segBegin;
      segEnd[segs] = j;
      segs++;
      if (digits >= 5) {
        // a time of day right after the run (10:15) is not part of any identifier: drop that
        // segment
        if (j + 1 < n && text.charAt(j) == ':' && isDigit(text.charAt(j + 1)) && segs > 1) {
          segs--;
        }
        evaluateSegments(text, country, segStart, segEnd, segs, out);
      }
      i = Math.max(j, i + 1);
    }
  }

  /**
   * The whole run is evaluated, never a part of it: part of a checksum-invalid card number is often a
   * valid phone number, so trying sub-runs costs far more precision than it gains recall.
   */
  private void evaluateSegments(
      String text, String country, int[] ss, int[] se, int segs, List<Finding> out) {
    evaluate(text, country, ss[0], se[segs - 1], out);
  }

  private boolean evaluate(String text, String country, int s, int e, List<Finding> out) {
    // a parenthesised value "(612345678)" is the value without the parentheses
    int innerOpen = text.indexOf('(', s + 1);
    if (e - s > 2
        && text.charAt(s) == '('
        && text.charAt(e - 1) == ')'
        && (innerOpen < 0 || innerOpen >= e)
        && text.indexOf(')', s + 1) == e - 1) {
      s++;
      e--;
    }
    if (e - s < 5) {
      return false;
    }
    String raw = text.substring(s, e);
    String c = compact(raw);
    int len = c.length();
    if (len < 5 || len > 34) {
      return false;
    }
    boolean allDigits = Validators.allDigits(c);
    String lower = null;
    PiiType best = null;
    double bestScore = -1;
    double bestConf = 0;
    // each (type, base confidence) whose shape and check digits accept the run
    PiiType[] types = new PiiType[6];
    double[] base = new double[6];
    int k = 0;
    if (allDigits) {
      if (len >= 13 && len <= 19 && cardShape(raw) && Validators.luhnValid(c) && issuerOk(c)) {
        types[k] = PiiType.CREDIT_CARD;
        base[k++] = 0.9;
      }
      if (len == 11) {
        boolean bare = raw.length() == 11;
        if ((bare || CUIT_SHAPE.matcher(raw).matches()) && Validators.arCuitValid(c)) {
          types[k] = PiiType.AR_CUIT;
          base[k++] = 0.85;
        }
        if ((bare || CPF_SHAPE.matcher(raw).matches()) && Validators.brCpfValid(c)) {
          types[k] = PiiType.BR_CPF;
          base[k++] = 0.85;
        }
        if (bare && Validators.peRucValid(c)) {
          types[k] = PiiType.PE_RUC;
          base[k++] = 0.85;
        }
      }
      if (len == 14
          && (raw.length() == 14 || CNPJ_SHAPE.matcher(raw).matches())
          && Validators.brCnpjValid(c)) {
        types[k] = PiiType.BR_CNPJ;
        base[k++] = 0.9;
      }
      if (dashCheck(raw)) {
        String body = raw.substring(0, raw.length() - 2);
        int bodyDigits = len - 1;
        if (bodyDigits >= 7 && bodyDigits <= 8 && thousands(body) && Validators.clRutValid(c)) {
          types[k] = PiiType.CL_RUT;
          base[k++] = 0.8;
        }
        if (bodyDigits >= 9 && bodyDigits <= 10 && thousands(body) && Validators.coNitValid(c)) {
          types[k] = PiiType.CO_NIT;
          base[k++] = 0.8;
        }
        if (bodyDigits == 8 && body.length() == 8 && Validators.peDniValid(c)) {
          types[k] = PiiType.PE_DNI;
          base[k++] = 0.75;
        }
      }
      if (len == 8 && raw.length() == 8) {
        types[k] = PiiType.PE_DNI;
        base[k++] = 0.4;
      }
    } else {
      char first = c.charAt(0);
      char last = c.charAt(len - 1);
      if (len == 9) {
        if (isDigit(first) && !isDigit(last) && Validators.esDniValid(c)) {
          types[k] = PiiType.ES_DNI;
          base[k++] = 0.9;
        } else if ("XYZ".indexOf(first) >= 0 && Validators.esNieValid(c)) {
          types[k] = PiiType.ES_NIE;
          base[k++] = 0.9;
        } else if (!isDigit(first) && Validators.esCifValid(c)) {
          types[k] = PiiType.ES_CIF;
          base[k++] = 0.8;
        }
        // "13244594-K" is a RUT and may be a DNI too: both are candidates, the context word decides
        if (dashCheck(raw)
            && thousands(raw.substring(0, raw.length() - 2))
            && Validators.clRutValid(c)) {
          types[k] = PiiType.CL_RUT;
          base[k++] = 0.8;
        } else if (dashCheck(raw) && raw.length() == 10 && Validators.peDniValid(c)) {
          types[k] = PiiType.PE_DNI;
          base[k++] = 0.75;
        }
      } else if (len == 8 && dashCheck(raw) && Validators.clRutValid(c)) {
        types[k] = PiiType.CL_RUT;
        base[k++] = 0.8;
      } else if (len == 18 && raw.length() == 18 && Validators.mxCurpValid(c)) {
        types[k] = PiiType.MX_CURP;
        base[k++] = 0.95;
      } else if ((len == 12 || len == 13) && raw.length() == len && Validators.mxRfcValid(c)) {
        types[k] = PiiType.MX_RFC;
        base[k++] = 0.85;
      }
      if (len >= 15
          && !isDigit(first)
          && !isDigit(c.charAt(1))
          && isDigit(c.charAt(2))
          && isDigit(c.charAt(3))
          && ibanShape(raw)
          && Validators.ibanValid(c)
          && (!c.startsWith("ES") || Validators.esIbanValid(c))) {
        types[k] = PiiType.IBAN;
        base[k++] = 0.97;
      }
    }
    // phones: digits, spaces, dashes, parentheses and a leading '+' only, and not an identifier's
    // dash shape
    double phoneBase = 0;
    int business = -1; // unknown; 1 when business words introduce the value (NumberContext), else 0
    if ((k == 0 || allDigits) && businessForm(PiiType.PHONE, raw, c) && len >= 8 && len <= 13) {
      // the cheap word test first: libphonenumber's parse is the scan's costliest step
      business = NumberContext.businessNumber(text, s, e, PiiDetector::personalWord) ? 1 : 0;
    }
    if ((k == 0 || allDigits) && business != 1) {
      phoneBase = phone(raw, c, country);
      if (phoneBase > 0) {
        types[k] = PiiType.PHONE;
        base[k++] = phoneBase;
      }
    }
    if (k == 0) {
      return false;
    }
    // a number introduced as an order, invoice, tracking number, amount ... is not personal data in
    // a
    // form that business numbers share (bare digits); a phone's '+' or grouping, an ID's own
    // punctuation keep it
    for (int t = 0; t < k; t++) {
      if (base[t] > 0 && businessForm(types[t], raw, c)) {
        if (business < 0) {
          business = NumberContext.businessNumber(text, s, e, PiiDetector::personalWord) ? 1 : 0;
        }
        if (business == 1) {
          base[t] = -1;
        }
      }
    }
    for (int t = 0; t < k; t++) {
      if (base[t] < 0) {
        continue;
      }
      if (lower == null) {
        lower = text.substring(Math.max(0, s - 40), s).toLowerCase(Locale.ROOT);
      }
      boolean own = hasContext(lower, types[t]);
      // a word naming another identifier ("CPF 88947532201" with a wrong CPF digit) speaks against
      // this type
      double conf = base[t]
          + (own ? CONTEXT_BONUS : otherIdContext(lower, types[t]) ? -CONTRADICTION_PENALTY : 0);
      double score =
          conf + (country != null && country.equals(types[t].country) ? COUNTRY_BONUS : 0);
      if (score > bestScore) {
        bestScore = score;
        best = types[t];
        bestConf = Math.min(0.99, score);
      }
    }
    if (bestConf < minConfidence) {
      return false;
    }
    out.add(new Finding(best, s, e, round(bestConf)));
    return true;
  }

  // ------------------------------------------------------------------ phones

  /** Base confidence of a phone number, 0 when it is not one. */
  private double phone(String raw, String c, String country) {
    int digits = c.length();
    boolean plus = raw.charAt(0) == '+';
    if (digits < 8 || digits > 15 || (!plus && digits > 13)) {
      return 0;
    }
    int dashes = 0;
    for (int i = 0; i < raw.length(); i++) {
      char ch = raw.charAt(i);
      if (ch == '-') {
        dashes++;
      } else if (!(isDigit(ch) || ch == ' ' || ch == '(' || ch == ')' || (ch == '+' && i == 0))) {
        return 0;
      }
    }
    if (dashes > 3 || dashCheck(raw) || CUIT_SHAPE.matcher(raw).matches()) {
      return 0;
    }
    if (!plus) {
      // national forms start with a short group (area code, mobile prefix): "63131 16559" is not a
      // phone
      int first = 0;
      int i = raw.charAt(0) == '(' ? 1 : 0;
      while (i < raw.length() && isDigit(raw.charAt(i))) {
        first++;
        i++;
      }
      if (i < raw.length() && first > 4) {
        return 0;
      }
    }
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try {
      if (plus) {
        PhoneNumber p = util.parse(raw, "ZZ");
        return util.isValidNumber(p) ? 0.85 : 0;
      }
      if (country != null) {
        PhoneNumber p = util.parse(raw, country);
        if (util.isValidNumberForRegion(p, country)) {
          return 0.6;
        }
      }
      for (String r : regions) {
        if (r.equals(country)) {
          continue;
        }
        PhoneNumber p = util.parse(raw, r);
        if (util.isValidNumberForRegion(p, r)) {
          return 0.45; // another country's national form: reported with a context word
        }
      }
    } catch (NumberParseException e) {
      return 0;
    }
    return 0;
  }

  // ------------------------------------------------------------------ shapes

  /**
   * The forms an order or reference number shares with a personal-data type: bare digits for phones,
   * cards and numeric IDs (no '+', no phone or card grouping, no CPF/CUIT/CNPJ/RUT punctuation), and a
   * company CIF (a letter, seven digits, a check character, like many product codes).
   */
  private static boolean businessForm(PiiType t, String raw, String c) {
    return switch (t) {
      case PHONE, CREDIT_CARD, AR_CUIT, BR_CPF, BR_CNPJ, PE_RUC, PE_DNI ->
        raw.length() == c.length();
      case CL_RUT, CO_NIT -> raw.indexOf('.') < 0;
      case ES_CIF -> true;
      default -> false;
    };
  }

  /** A word of a personal-data type's context (lower case, one token): "tel", "móvil", "dni", "cpf" ... */
  static boolean personalWord(String w) {
    return PERSONAL_WORDS.contains(w);
  }

  /** Inside a run that opened like an IBAN (CC99), a space before the next group of up to 4 characters joins it. */
  private static boolean ibanGroups(String text, int runStart, int segBegin, int j) {
    if (j - runStart < 4
        || !(Character.isUpperCase(text.charAt(runStart))
            && Character.isUpperCase(text.charAt(runStart + 1))
            && isDigit(text.charAt(runStart + 2))
            && isDigit(text.charAt(runStart + 3)))) {
      return false;
    }
    if (j - segBegin > 4 || !isAlnum(text.charAt(j + 1))) {
      return false;
    }
    int k = j + 1;
    while (k < text.length() && isAlnum(text.charAt(k))) {
      if (text.charAt(k) >= 'a') {
        return false; // IBAN groups are upper case: "... 20 y quiero" ends the IBAN
      }
      k++;
    }
    return k - j - 1 <= 4;
  }

  /** "...-D" or "...-K": an identifier whose check character follows a dash (RUT, NIT, Peruvian DNI). */
  private static boolean dashCheck(String raw) {
    int n = raw.length();
    return n >= 3
        && raw.charAt(n - 2) == '-'
        && raw.indexOf('-') == n - 2
        && raw.indexOf(' ') < 0
        && raw.indexOf('/') < 0;
  }

  /** Digits with no separator, or grouped in thousands by dots (12.345.678). */
  private static boolean thousands(String body) {
    if (body.indexOf('.') < 0) {
      return Validators.allDigits(body);
    }
    return THOUSANDS.matcher(body).matches();
  }

  /** Groups of digits split by spaces or dashes only (4-4-4-4, 4-6-5) or none. */
  private static boolean cardShape(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char ch = raw.charAt(i);
      if (!(isDigit(ch) || ch == ' ' || ch == '-')) {
        return false;
      }
    }
    return true;
  }

  /** IIN ranges of the card networks (ISO/IEC 7812): Visa 4, Mastercard 51-55 and 2221-2720, Amex 34/37, Discover 6011/644-649/65, Diners 36/38/300-305, JCB 3528-3589, UnionPay 62. */
  private static boolean issuerOk(String c) {
    int len = c.length();
    int p2 = Integer.parseInt(c.substring(0, 2));
    int p4 = Integer.parseInt(c.substring(0, 4));
    return switch (c.charAt(0)) {
      case '4' -> len == 13 || len == 16 || len == 19;
      case '5' -> p2 >= 51 && p2 <= 55 && len == 16;
      case '2' -> p4 >= 2221 && p4 <= 2720 && len == 16;
      case '3' ->
        (p2 == 34 || p2 == 37) && len == 15
            || (p2 == 36 || p2 == 38 || (p4 >= 3000 && p4 <= 3059)) && len == 14
            || p4 >= 3528 && p4 <= 3589 && len >= 16;
      case '6' -> (p4 == 6011 || p2 == 65 || (p4 >= 6440 && p4 <= 6499) || p2 == 62) && len >= 16;
      default -> false;
    };
  }

  private static boolean ibanShape(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char ch = raw.charAt(i);
      if (!(isAlnum(ch) || ch == ' ')) {
        return false;
      }
    }
    return true;
  }

  /** A context word of a national identifier other than {@code t} (for a phone: of any national identifier). */
  private static boolean otherIdContext(String lowerBefore, PiiType t) {
    if (!(t.isNationalId() || t == PiiType.PHONE)) {
      return false;
    }
    for (PiiType o : PiiType.values()) {
      if (o != t && o.isNationalId() && hasContext(lowerBefore, o)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasContext(String lowerBefore, PiiType t) {
    for (String w : CONTEXT.get(t)) {
      int from = 0;
      while (true) {
        int i = lowerBefore.indexOf(w, from);
        if (i < 0) {
          break;
        }
        int end = i + w.length();
        boolean left = i == 0 || !Character.isLetterOrDigit(lowerBefore.charAt(i - 1));
        boolean right =
            end >= lowerBefore.length() || !Character.isLetterOrDigit(lowerBefore.charAt(end));
        if (left && right) {
          return true;
        }
        from = i + 1;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ helpers

  private void add(
      List<Finding> out, String text, PiiType t, int s, int e, double base, String country) {
    String lower = text.substring(Math.max(0, s - 40), s).toLowerCase(Locale.ROOT);
    double conf = Math.min(0.99, base + (hasContext(lower, t) ? CONTEXT_BONUS : 0));
    if (conf >= minConfidence) {
      out.add(new Finding(t, s, e, round(conf)));
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static String compact(String raw) {
    StringBuilder sb = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char ch = raw.charAt(i);
      if (isAlnum(ch)) {
        sb.append(Character.toUpperCase(ch));
      }
    }
    return sb.toString();
  }

  private static boolean[] mark(boolean[] taken, int n, int s, int e) {
    boolean[] t = taken == null ? new boolean[n] : taken;
    for (int i = s; i < e; i++) {
      t[i] = true;
    }
    return t;
  }

  private static boolean free(boolean[] taken, int s, int e) {
    if (taken == null) {
      return true;
    }
    for (int i = s; i < e; i++) {
      if (taken[i]) {
        return false;
      }
    }
    return true;
  }

  /** A digit, a dot and a digit somewhere: the cheap test before the IPv4 pattern runs. */
  private static boolean digitDotDigit(String t) {
    for (int i = t.indexOf('.'); i > 0 && i + 1 < t.length(); i = t.indexOf('.', i + 1)) {
      if (isDigit(t.charAt(i - 1)) && isDigit(t.charAt(i + 1))) {
        return true;
      }
    }
    return false;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  private static boolean hasHexDigits(String v) {
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) != ':') {
        return true;
      }
    }
    return false;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
