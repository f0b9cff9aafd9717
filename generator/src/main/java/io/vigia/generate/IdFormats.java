package io.vigia.generate;

import static io.vigia.common.privacy.Validators.*;

import io.vigia.common.privacy.Validators;

/**
 * Generators of the identifiers the generator plants (and their look-alikes), built with the
 * check-digit functions of {@link Validators} (common's privacy package, which the privacy scan
 * uses). Generators take a seeded {@link Rng} and return formatted numbers.
 */
public final class IdFormats {
  private IdFormats() {}

  // ================================================================== generators

  private static final String CONSONANTS = "BCDFGHJLMNPRSTVZ";
  private static final String VOWELS = "AEIOU";
  private static final String[] STATES = CURP_STATES.stream().sorted().toArray(String[]::new);
  private static final String[] ES_BANKS = {
    "2100", "0049", "0182", "0081", "2085", "0128", "0075", "1465"
  };

  static String cardNumber(Rng r) {
    StringBuilder sb = new StringBuilder(16);
    int brand = r.nextInt(10);
    int len;
    if (brand < 5) {
      sb.append('4');
      len = 16;
    } else if (brand < 9) {
      sb.append('5').append((char) ('1' + r.nextInt(5)));
      len = 16;
    } else {
      sb.append('3').append(r.chance(0.5) ? '4' : '7');
      len = 15;
    }
    r.digits(sb, len - 1 - sb.length());
    sb.append((char) ('0' + luhnCheckDigit(sb.toString())));
    return sb.toString();
  }

  static String formatCard(Rng r, String digits) {
    int style = r.nextInt(3);
    if (style == 0) {
      return digits;
    }
    char sep = style == 1 ? ' ' : '-';
    if (digits.length() == 15) {
      return digits.substring(0, 4) + sep + digits.substring(4, 10) + sep + digits.substring(10);
    }
    return digits.substring(0, 4)
        + sep
        + digits.substring(4, 8)
        + sep
        + digits.substring(8, 12)
        + sep
        + digits.substring(12);
  }

  static String esIban(Rng r) {
    String bank = r.pick(ES_BANKS);
    String branch = r.digits(4);
    String account = r.digits(10);
    String bban = bank + branch + cccDigit("00" + bank + branch) + cccDigit(account) + account;
    return "ES" + ibanCheckDigits("ES", bban) + bban;
  }

  static String formatIban(Rng r, String iban) {
    if (r.chance(0.5)) {
      return iban;
    }
    StringBuilder sb = new StringBuilder(30);
    for (int i = 0; i < iban.length(); i += 4) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(iban, i, Math.min(iban.length(), i + 4));
    }
    return sb.toString();
  }

  static String esDni(Rng r) {
    long n = r.betweenLong(1_000_000L, 99_999_999L);
    String num = String.format("%08d", n);
    return num + dniLetter(n);
  }

  static String esNie(Rng r) {
    int p = r.nextInt(3);
    String num = r.digits(7);
    return "XYZ".charAt(p) + num + dniLetter(Long.parseLong(p + num));
  }

  private static String nameLetters(Rng r) {
    String s;
    do {
      s = "" + CONSONANTS.charAt(r.nextInt(CONSONANTS.length())) + VOWELS.charAt(r.nextInt(5))
          + CONSONANTS.charAt(r.nextInt(CONSONANTS.length())) + (char) ('A' + r.nextInt(26));
    } while (CURP_INCONVENIENT.contains(s));
    return s;
  }

  private static String birthDate(Rng r, int fromYear, int toYear) {
    int y = r.between(fromYear, toYear);
    return String.format("%02d%02d%02d", y % 100, r.between(1, 12), r.between(1, 28));
  }

  static String mxCurp(Rng r) {
    int year = r.between(1955, 2006);
    String date = String.format("%02d%02d%02d", year % 100, r.between(1, 12), r.between(1, 28));
    String inner = "BCDFGHJKLMNPRSTVZ";
    StringBuilder sb = new StringBuilder(18)
        .append(nameLetters(r))
        .append(date)
        .append(r.chance(0.5) ? 'H' : 'M')
        .append(r.pick(STATES));
    for (int i = 0; i < 3; i++) {
      sb.append(inner.charAt(r.nextInt(inner.length())));
    }
    sb.append(year < 2000 ? (char) ('0' + r.nextInt(10)) : (char) ('A' + r.nextInt(26)));
    sb.append(curpCheckDigit(sb.toString()));
    return sb.toString();
  }

  static String mxRfc(Rng r) {
    String first = "123456789ABCDEFGHIJKLMNPQRSTUV";
    String second = "123456789ABCDEFGHIJKLMNPQRSTUVWXYZ";
    boolean company = r.chance(0.3);
    StringBuilder sb = new StringBuilder(13);
    if (company) {
      sb.append(nameLetters(r), 0, 3).append(birthDate(r, 1980, 2024));
    } else {
      sb.append(nameLetters(r)).append(birthDate(r, 1950, 2005));
    }
    sb.append(first.charAt(r.nextInt(first.length())))
        .append(second.charAt(r.nextInt(second.length())));
    sb.append(rfcCheckDigit(sb.toString()));
    return sb.toString();
  }

  static String arCuit(Rng r) {
    String[] types = {"20", "20", "27", "27", "23", "30", "30", "33"};
    while (true) {
      String body = r.pick(types) + String.format("%08d", r.betweenLong(5_000_000L, 45_999_999L));
      int c = cuitCheckDigit(body);
      if (c >= 0) {
        return body.substring(0, 2) + "-" + body.substring(2) + "-" + c;
      }
    }
  }

  static String clRut(Rng r) {
    long body = r.betweenLong(3_000_000L, 26_999_999L);
    String b = Long.toString(body);
    String dotted = r.chance(0.7) ? groupThousands(b, '.') : b;
    return dotted + "-" + rutCheckDigit(b);
  }

  static String groupThousands(String digits, char sep) {
    StringBuilder sb = new StringBuilder(digits.length() + 4);
    int first = digits.length() % 3;
    if (first == 0) {
      first = 3;
    }
    sb.append(digits, 0, first);
    for (int i = first; i < digits.length(); i += 3) {
      sb.append(sep).append(digits, i, i + 3);
    }
    return sb.toString();
  }

  static String coNit(Rng r) {
    String body = Long.toString(r.betweenLong(800_000_000L, 999_999_999L));
    String shown = r.chance(0.6) ? groupThousands(body, '.') : body;
    return shown + "-" + nitCheckDigit(body);
  }

  static String brCpf(Rng r) {
    String first9;
    do {
      first9 = r.digits(9);
    } while (allSame(first9));
    String s = first9 + cpfCheckDigits(first9);
    return r.chance(0.8)
        ? s.substring(0, 3) + "." + s.substring(3, 6) + "." + s.substring(6, 9) + "-"
            + s.substring(9)
        : s;
  }

  static String brCnpj(Rng r) {
    String first12 =
        String.format("%08d", r.betweenLong(1_000_000L, 99_999_999L)) + "000" + r.between(1, 4);
    String s = first12 + cnpjCheckDigits(first12);
    return r.chance(0.8)
        ? s.substring(0, 2) + "." + s.substring(2, 5) + "." + s.substring(5, 8) + "/"
            + s.substring(8, 12) + "-" + s.substring(12)
        : s;
  }

  static String peRuc(Rng r) {
    String first10 = r.chance(0.5)
        ? "10" + String.format("%08d", r.betweenLong(10_000_000L, 79_999_999L))
        : "20" + String.format("%08d", r.betweenLong(10_000_000L, 99_999_999L));
    return first10 + rucCheckDigit(first10);
  }

  static String peDni(Rng r) {
    String dni = String.format("%08d", r.betweenLong(10_000_000L, 79_999_999L));
    return r.chance(0.6) ? dni : dni + "-" + peDniCheckChars(dni).charAt(0);
  }

  static String ipv4(Rng r) {
    int a;
    do {
      a = r.between(1, 223);
    } while (a == 10 || a == 127);
    return a + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.between(1, 254);
  }

  static String ipv6(Rng r) {
    String[] prefixes = {"2a02", "2001", "2804", "2800", "2806", "2a01", "2600", "2803"};
    StringBuilder sb = new StringBuilder(40).append(r.pick(prefixes));
    boolean compressed = r.chance(0.5);
    int groups = compressed ? 3 : 7;
    for (int i = 0; i < groups; i++) {
      sb.append(':').append(Integer.toHexString(r.nextInt(0x10000)));
    }
    if (compressed) {
      sb.append("::").append(Integer.toHexString(1 + r.nextInt(0xffff)));
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ look-alikes
  // (checksum-invalid)

  /** Replaces the last character by another drawn from {@code alphabet} until {@code validator} rejects it. */
  static String breakLast(
      Rng r, String valid, String alphabet, java.util.function.Predicate<String> validator) {
    String s = valid;
    for (int tries = 0; tries < 100 && validator.test(s); tries++) {
      s = valid.substring(0, valid.length() - 1) + alphabet.charAt(r.nextInt(alphabet.length()));
    }
    if (validator.test(s)) {
      throw new IllegalStateException("could not break " + valid);
    }
    return s;
  }

  static final String DIGITS = "0123456789";
}
