package io.vigia.common.privacy;

import java.util.Set;

/**
 * Check-digit validators of the identifiers the privacy scan detects, written from the public
 * definitions: Luhn (ISO/IEC 7812), IBAN mod-97 (ISO 13616 / ISO 7064), Spanish CCC, DNI/NIE mod-23
 * letter (Real Decreto 1553/2005) and CIF (Real Decreto 1065/2007 art. 19 / Orden EHA/451/2008),
 * Mexican CURP (RENAPO) and RFC (SAT), Argentine CUIT/CUIL (AFIP mod 11), Chilean RUT/RUN (mod 11
 * with K), Colombian NIT (DIAN prime weights), Brazilian CPF and CNPJ (Receita Federal, two mod-11
 * digits), Peruvian RUC (SUNAT) and DNI/CUI check character (RENIEC). Validators accept the usual
 * separators (space, '-', '.', '/'). Plain static Java: usable inside Spark tasks.
 * The generator (jobs' IdFormats) builds its identifiers with the check-digit functions here.
 */
public final class Validators {
  private Validators() {}
  // ------------------------------------------------------------------ helpers

  /** Removes the separators people type between groups: space, '-', '.', '/'. */
  public static String compact(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != ' ' && c != '-' && c != '.' && c != '/') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  public static boolean allDigits(CharSequence s) {
    if (s.length() == 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  public static boolean allSame(CharSequence s) {
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) != s.charAt(0)) {
        return false;
      }
    }
    return true;
  }

  static int d(CharSequence s, int i) {
    return s.charAt(i) - '0';
  }

  // ------------------------------------------------------------------ Luhn (payment cards)

  /** Luhn (mod 10) check over the digits of {@code number}; 12 to 19 digits for a card. */
  public static boolean luhnValid(String number) {
    String n = compact(number);
    if (!allDigits(n) || n.length() < 12 || n.length() > 19) {
      return false;
    }
    return luhnSum(n, false) % 10 == 0;
  }

  /** The digit that, appended to {@code payload}, makes it Luhn-valid. */
  public static int luhnCheckDigit(String payload) {
    return (10 - luhnSum(payload, true) % 10) % 10;
  }

  private static int luhnSum(String n, boolean payloadOnly) {
    int sum = 0;
    boolean doubleIt = payloadOnly;
    for (int i = n.length() - 1; i >= 0; i--) {
      int v = d(n, i);
      if (doubleIt) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      doubleIt = !doubleIt;
    }
    return sum;
  }

  // ------------------------------------------------------------------ IBAN (ISO 13616, mod 97-10)

  /** Generic IBAN check: two letters, two digits, alphanumeric BBAN, rearranged value mod 97 == 1. */
  public static boolean ibanValid(String iban) {
    String s = compact(iban).toUpperCase();
    if (s.length() < 15 || s.length() > 34) {
      return false;
    }
    if (!Character.isLetter(s.charAt(0))
        || !Character.isLetter(s.charAt(1))
        || !Character.isDigit(s.charAt(2))
        || !Character.isDigit(s.charAt(3))) {
      return false;
    }
    for (int i = 4; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    if (s.startsWith("ES") && s.length() != 24) {
      return false;
    }
    return mod97(s.substring(4) + s.substring(0, 4)) == 1;
  }

  /** Spanish IBAN: mod-97 and the two CCC check digits of the BBAN. */
  public static boolean esIbanValid(String iban) {
    String s = compact(iban).toUpperCase();
    return s.startsWith("ES") && ibanValid(s) && esCccValid(s.substring(4));
  }

  public static int mod97(String alnum) {
    int r = 0;
    for (int i = 0; i < alnum.length(); i++) {
      char c = alnum.charAt(i);
      if (c >= '0' && c <= '9') {
        r = (r * 10 + (c - '0')) % 97;
      } else {
        int v = c - 'A' + 10;
        r = (r * 100 + v) % 97;
      }
    }
    return r;
  }

  /** IBAN check digits for a country code and BBAN. */
  public static String ibanCheckDigits(String country, String bban) {
    int cd = 98 - mod97(bban + country + "00");
    return cd < 10 ? "0" + cd : Integer.toString(cd);
  }

  private static final int[] CCC_WEIGHTS = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};

  public static int cccDigit(String ten) {
    int s = 0;
    for (int i = 0; i < 10; i++) {
      s += d(ten, i) * CCC_WEIGHTS[i];
    }
    int c = s % 11;
    return c < 2 ? c : 11 - c;
  }

  /** Spanish CCC (20 digits: bank, branch, 2 check digits, account). */
  public static boolean esCccValid(String ccc) {
    String s = compact(ccc);
    if (s.length() != 20 || !allDigits(s)) {
      return false;
    }
    return d(s, 8) == cccDigit("00" + s.substring(0, 8)) && d(s, 9) == cccDigit(s.substring(10));
  }

  // ------------------------------------------------------------------ Spain DNI / NIE

  private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

  public static char dniLetter(long number) {
    return DNI_LETTERS.charAt((int) (number % 23));
  }

  /** DNI: 8 digits and the mod-23 control letter. */
  public static boolean esDniValid(String dni) {
    String s = compact(dni).toUpperCase();
    if (s.length() != 9 || !allDigits(s.substring(0, 8))) {
      return false;
    }
    return s.charAt(8) == dniLetter(Long.parseLong(s.substring(0, 8)));
  }

  /** NIE: X, Y or Z (read as 0, 1, 2), 7 digits and the mod-23 letter. */
  public static boolean esNieValid(String nie) {
    String s = compact(nie).toUpperCase();
    if (s.length() != 9 || "XYZ".indexOf(s.charAt(0)) < 0 || !allDigits(s.substring(1, 8))) {
      return false;
    }
    long n = Long.parseLong("XYZ".indexOf(s.charAt(0)) + s.substring(1, 8));
    return s.charAt(8) == dniLetter(n);
  }

  // ------------------------------------------------------------------ Spain CIF

  /**
   * CIF (NIF of legal entities): organisation letter, 7 digits, control character. Sum the digits
   * in even positions, add the digit sums of twice each odd-position digit; control digit
   * c = (10 - sum mod 10) mod 10, control letter "JABCDEFGHI"[c]. Organisations of types P, Q, R, S,
   * N and W (and those with province code 00) carry the letter; A, B, E and H the digit; the rest either.
   */
  public static boolean esCifValid(String cif) {
    String s = compact(cif).toUpperCase();
    if (s.length() != 9
        || "ABCDEFGHJNPQRSUVW".indexOf(s.charAt(0)) < 0
        || !allDigits(s.substring(1, 8))) {
      return false;
    }
    int sum = 0;
    for (int i = 1; i <= 7; i++) {
      int v = d(s, i);
      if (i % 2 == 1) {
        v *= 2;
        v = v / 10 + v % 10;
      }
      sum += v;
    }
    int c = (10 - sum % 10) % 10;
    char letter = "JABCDEFGHI".charAt(c);
    char got = s.charAt(8);
    char kind = s.charAt(0);
    if ("PQRSNW".indexOf(kind) >= 0 || s.startsWith("00", 1)) {
      return got == letter;
    }
    if ("ABEH".indexOf(kind) >= 0) {
      return got == (char) ('0' + c);
    }
    return got == letter || got == (char) ('0' + c);
  }

  // ------------------------------------------------------------------ Mexico CURP / RFC

  private static final String CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ";
  public static final Set<String> CURP_STATES = Set.of(
      "AS", "BC", "BS", "CC", "CH", "CL", "CM", "CS", "DF", "DG", "GR", "GT", "HG", "JC", "MC",
      "MN", "MS", "NE", "NL", "NT", "OC", "PL", "QR", "QT", "SL", "SP", "SR", "TC", "TL", "TS",
      "VZ", "YN", "ZS");
  /** Inconvenient words RENAPO replaces in the first four letters (they never occur). */
  public static final Set<String> CURP_INCONVENIENT = Set.of(
      "BACA", "BAKA", "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE",
      "COGI", "COJA", "COJE", "COJI", "COJO", "COLA", "CULO", "FALO", "FETO", "GETA", "GUEI",
      "GUEY", "JETA", "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KAKA", "KAKO", "KOGE", "KOGI",
      "KOJA", "KOJE", "KOJI", "KOJO", "KOLA", "KULO", "LILO", "LOCA", "LOCO", "LOKA", "LOKO",
      "MAME", "MAMO", "MEAR", "MEAS", "MEON", "MIAR", "MION", "MOCO", "MOKO", "MULA", "MULO",
      "NACA", "NACO", "PEDA", "PEDO", "PENE", "PIPI", "PITO", "POPO", "PUTA", "PUTO", "QULO",
      "RATA", "ROBA", "ROBE", "ROBO", "RUIN", "SENO", "TETA", "VACA", "VAGA", "VAGO", "VAKA",
      "VUEI", "VUEY", "WUEI", "WUEY");

  /** CURP check digit: sum of value(c) * (18 - i) over the first 17 characters, (10 - sum mod 10) mod 10. */
  public static char curpCheckDigit(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int v = CURP_ALPHABET.indexOf(first17.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("not a CURP character: " + first17.charAt(i));
      }
      sum += v * (18 - i);
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  /** CURP: structure (letters, birth date, sex, state, consonants, homoclave) and check digit. */
  public static boolean mxCurpValid(String curp) {
    String s = compact(curp).toUpperCase();
    if (s.length() != 18
        || !s.matches("[A-Z]{4}[0-9]{6}[HM][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z][0-9]")) {
      return false;
    }
    if (CURP_INCONVENIENT.contains(s.substring(0, 4))
        || !CURP_STATES.contains(s.substring(11, 13))) {
      return false;
    }
    if (!validDate(s.substring(4, 10))) {
      return false;
    }
    return s.charAt(17) == curpCheckDigit(s.substring(0, 17));
  }

  private static boolean validDate(String yymmdd) {
    int m = Integer.parseInt(yymmdd.substring(2, 4));
    int day = Integer.parseInt(yymmdd.substring(4, 6));
    if (m < 1 || m > 12 || day < 1) {
      return false;
    }
    int yy = Integer.parseInt(yymmdd.substring(0, 2));
    int max = switch (m) {
      case 2 -> (yy % 4 == 0) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
    return day <= max;
  }

  private static final String RFC_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ";

  /** RFC check character over the 11 (company) or 12 (person) preceding characters, SAT mod 11. */
  public static char rfcCheckDigit(String withoutCheck) {
    String n = withoutCheck.length() == 11 ? " " + withoutCheck : withoutCheck;
    if (n.length() != 12) {
      throw new IllegalArgumentException("RFC body must have 11 or 12 characters");
    }
    int sum = 0;
    for (int i = 0; i < 12; i++) {
      int v = RFC_ALPHABET.indexOf(n.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("not an RFC character: " + n.charAt(i));
      }
      sum += v * (13 - i);
    }
    return RFC_ALPHABET.charAt(Math.floorMod(11 - sum, 11));
  }

  /** RFC with homoclave: 13 characters for a person, 12 for a company, check character verified. */
  public static boolean mxRfcValid(String rfc) {
    String s = compact(rfc).toUpperCase();
    if (s.length() == 13) {
      if (!s.matches("[A-ZÑ&]{4}[0-9]{6}[1-9A-V][1-9A-Z][0-9A]")
          || CURP_INCONVENIENT.contains(s.substring(0, 4))
          || !validDate(s.substring(4, 10))) {
        return false;
      }
    } else if (s.length() == 12) {
      if (!s.matches("[A-ZÑ&]{3}[0-9]{6}[1-9A-V][1-9A-Z][0-9A]") || !validDate(s.substring(3, 9))) {
        return false;
      }
    } else {
      return false;
    }
    return s.charAt(s.length() - 1) == rfcCheckDigit(s.substring(0, s.length() - 1));
  }

  // ------------------------------------------------------------------ Argentina CUIT / CUIL

  private static final int[] CUIT_WEIGHTS = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  private static final Set<String> CUIT_TYPES = Set.of("20", "23", "24", "27", "30", "33", "34");

  /**
   * CUIT check digit over the first 10 digits: 11 - (weighted sum mod 11); 11 gives 0. A result of 10
   * has no digit (AFIP then changes the type prefix); returns -1 for it.
   */
  public static int cuitCheckDigit(String first10) {
    int s = 0;
    for (int i = 0; i < 10; i++) {
      s += d(first10, i) * CUIT_WEIGHTS[i];
    }
    int c = 11 - s % 11;
    return c == 11 ? 0 : c == 10 ? -1 : c;
  }

  /**
   * CUIT/CUIL: 11 digits, a known type prefix, mod-11 check digit. A result of 10 has no digit of its
   * own; numbers issued with 9 there exist and are accepted (as python-stdnum does).
   */
  public static boolean arCuitValid(String cuit) {
    return cuitCheck(compact(cuit), true);
  }

  /** As {@link #arCuitValid} without the result-10 case (the generator's look-alike filter keeps its old rule). */
  static boolean arCuitValidStrict(String s) {
    return cuitCheck(s, false);
  }

  private static boolean cuitCheck(String s, boolean tenAsNine) {
    if (s.length() != 11 || !allDigits(s) || !CUIT_TYPES.contains(s.substring(0, 2))) {
      return false;
    }
    int c = cuitCheckDigit(s.substring(0, 10));
    return c >= 0 ? c == d(s, 10) : tenAsNine && d(s, 10) == 9;
  }

  // ------------------------------------------------------------------ Chile RUT / RUN

  /** RUT check character: weights 2..7 from the right, 11 - (sum mod 11); 11 gives 0, 10 gives K. */
  public static char rutCheckDigit(String body) {
    int s = 0;
    int w = 2;
    for (int i = body.length() - 1; i >= 0; i--) {
      s += d(body, i) * w;
      w = w == 7 ? 2 : w + 1;
    }
    int c = 11 - s % 11;
    return c == 11 ? '0' : c == 10 ? 'K' : (char) ('0' + c);
  }

  /** RUT: 7 or 8 digit body and its check character (0-9 or K). */
  public static boolean clRutValid(String rut) {
    String s = compact(rut).toUpperCase();
    if (s.length() < 8 || s.length() > 9 || !allDigits(s.substring(0, s.length() - 1))) {
      return false;
    }
    return s.charAt(s.length() - 1) == rutCheckDigit(s.substring(0, s.length() - 1));
  }

  // ------------------------------------------------------------------ Colombia NIT

  private static final int[] NIT_WEIGHTS = {3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71
  };

  /** NIT verification digit (DIAN): prime weights from the right, r = sum mod 11, r if r < 2 else 11 - r. */
  public static int nitCheckDigit(String body) {
    int s = 0;
    for (int i = 0; i < body.length(); i++) {
      s += d(body, body.length() - 1 - i) * NIT_WEIGHTS[i];
    }
    int r = s % 11;
    return r < 2 ? r : 11 - r;
  }

  /** NIT: 8 to 16 digits including the trailing verification digit. */
  public static boolean coNitValid(String nit) {
    String s = compact(nit);
    if (s.length() < 8 || s.length() > 16 || !allDigits(s)) {
      return false;
    }
    return nitCheckDigit(s.substring(0, s.length() - 1)) == d(s, s.length() - 1);
  }

  // ------------------------------------------------------------------ Brazil CPF / CNPJ

  /** The two CPF check digits over the first 9 digits. */
  public static String cpfCheckDigits(String first9) {
    int s1 = 0;
    int s2 = 0;
    for (int i = 0; i < 9; i++) {
      s1 += (10 - i) * d(first9, i);
      s2 += (11 - i) * d(first9, i);
    }
    int d1 = Math.floorMod(11 - s1, 11) % 10;
    int d2 = Math.floorMod(11 - (s2 + 2 * d1), 11) % 10;
    return "" + d1 + d2;
  }

  /** CPF: 11 digits, not all equal, two mod-11 check digits. */
  public static boolean brCpfValid(String cpf) {
    String s = compact(cpf);
    if (s.length() != 11 || !allDigits(s) || allSame(s)) {
      return false;
    }
    return s.endsWith(cpfCheckDigits(s.substring(0, 9)));
  }

  private static final int[] CNPJ_W1 = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
  private static final int[] CNPJ_W2 = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

  /** The two CNPJ check digits over the first 12 digits. */
  public static String cnpjCheckDigits(String first12) {
    int s1 = 0;
    for (int i = 0; i < 12; i++) {
      s1 += CNPJ_W1[i] * d(first12, i);
    }
    int d1 = s1 % 11 < 2 ? 0 : 11 - s1 % 11;
    int s2 = 0;
    for (int i = 0; i < 12; i++) {
      s2 += CNPJ_W2[i] * d(first12, i);
    }
    s2 += CNPJ_W2[12] * d1;
    int d2 = s2 % 11 < 2 ? 0 : 11 - s2 % 11;
    return "" + d1 + d2;
  }

  /** CNPJ: 14 digits, not all equal, two mod-11 check digits. */
  public static boolean brCnpjValid(String cnpj) {
    String s = compact(cnpj);
    if (s.length() != 14 || !allDigits(s) || allSame(s)) {
      return false;
    }
    return s.endsWith(cnpjCheckDigits(s.substring(0, 12)));
  }

  // ------------------------------------------------------------------ Peru RUC / DNI

  /** RUC check digit: weights 5,4,3,2,7,6,5,4,3,2; (11 - sum mod 11) mod 10. */
  public static int rucCheckDigit(String first10) {
    int s = 0;
    for (int i = 0; i < 10; i++) {
      s += d(first10, i) * CUIT_WEIGHTS[i];
    }
    return (11 - s % 11) % 10;
  }

  /** RUC: 11 digits, type 10/15/17/20, check digit. */
  public static boolean peRucValid(String ruc) {
    String s = compact(ruc);
    if (s.length() != 11 || !allDigits(s)) {
      return false;
    }
    String type = s.substring(0, 2);
    if (!type.equals("10") && !type.equals("15") && !type.equals("17") && !type.equals("20")) {
      return false;
    }
    return rucCheckDigit(s.substring(0, 10)) == d(s, 10);
  }

  private static final int[] PE_DNI_WEIGHTS = {3, 2, 7, 6, 5, 4, 3, 2};

  /** The Peruvian DNI (CUI) check character, as a digit and as its letter alternative. */
  public static String peDniCheckChars(String dni8) {
    int s = 0;
    for (int i = 0; i < 8; i++) {
      s += d(dni8, i) * PE_DNI_WEIGHTS[i];
    }
    int c = s % 11;
    return "" + "65432110987".charAt(c) + "KJIHGFEDCBA".charAt(c);
  }

  /** Peruvian DNI: 8 digits (no checksum to verify), or 8 digits and a correct check character. */
  public static boolean peDniValid(String dni) {
    String s = compact(dni).toUpperCase();
    if (s.length() == 8) {
      return allDigits(s);
    }
    if (s.length() != 9 || !allDigits(s.substring(0, 8))) {
      return false;
    }
    return peDniCheckChars(s.substring(0, 8)).indexOf(s.charAt(8)) >= 0;
  }

  // ------------------------------------------------------------------ network, email

  public static boolean ipv4Valid(String ip) {
    String[] parts = ip.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty()
          || p.length() > 3
          || !allDigits(p)
          || (p.length() > 1 && p.charAt(0) == '0')
          || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  public static boolean ipv6Valid(String ip) {
    if (ip.isEmpty() || ip.contains(":::")) {
      return false;
    }
    int dbl = ip.indexOf("::");
    if (dbl >= 0 && ip.indexOf("::", dbl + 1) >= 0) {
      return false;
    }
    String[] groups = ip.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (g.isEmpty()) {
        continue;
      }
      if (g.length() > 4) {
        return false;
      }
      for (int k = 0; k < g.length(); k++) {
        if (Character.digit(g.charAt(k), 16) < 0) {
          return false;
        }
      }
      count++;
    }
    if (dbl >= 0) {
      if (ip.startsWith(":") && !ip.startsWith("::") || ip.endsWith(":") && !ip.endsWith("::")) {
        return false;
      }
      return count < 8;
    }
    return count == 8 && groups.length == 8;
  }

  public static boolean emailValid(String email) {
    return email.matches("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  }

  /**
   * True when {@code compact} (separators removed) passes any of the checksums above. Look-alikes are
   * redrawn until this is false, so a decoy of one type is never a valid identifier of another.
   */
  public static boolean anyNumericIdValid(String compact) {
    String s = compact.toUpperCase();
    if (clRutValid(s) || ibanValid(s)) {
      return true;
    }
    if (!allDigits(s)) {
      return esDniValid(s)
          || esNieValid(s)
          || mxCurpValid(s)
          || mxRfcValid(s)
          || peDniValid(s) && s.length() == 9;
    }
    return luhnValid(s)
        || brCpfValid(s)
        || brCnpjValid(s)
        || arCuitValidStrict(s)
        || peRucValid(s)
        || coNitValid(s)
        || (s.length() == 9 && peDniValid(s));
  }
}
