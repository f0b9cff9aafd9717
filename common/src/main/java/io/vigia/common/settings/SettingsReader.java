package io.vigia.common.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads typed values out of the merged settings, collecting every problem instead of stopping at the
 * first; each message names the setting and its environment variable ({@link Settings#userName}).
 */
final class SettingsReader {
  final Config c;
  final List<String> errors = new ArrayList<>();

  SettingsReader(Config c) {
    this.c = c;
  }

  String name(String path) {
    return Settings.userName(path);
  }

  void error(String message) {
    errors.add(message);
  }

  boolean ok() {
    return errors.isEmpty();
  }

  private <T> T get(String path, Supplier<T> f, T fallback) {
    try {
      return f.get();
    } catch (ConfigException.Missing e) {
      errors.add(name(path) + ": missing");
    } catch (ConfigException e) {
      String shown = path.endsWith("password") || path.endsWith("secret") || path.endsWith(".url")
          ? "***"
          : safeRaw(path);
      errors.add(name(path) + " = '" + shown + "': " + simplify(e));
    }
    return fallback;
  }

  private String safeRaw(String path) {
    try {
      return c.getValue(path).unwrapped().toString();
    } catch (ConfigException e) {
      return "?";
    }
  }

  private static String simplify(ConfigException e) {
    String m = e.getMessage();
    if (m.contains("has type STRING rather than NUMBER") || m.contains("NUMBER")) {
      return "not a number";
    }
    if (m.contains("BOOLEAN")) {
      return "not a boolean (use true or false)";
    }
    return m;
  }

  String str(String path) {
    return get(path, () -> c.getString(path), "");
  }

  /**
   * A secret: only from the environment or from a file whose path is setting {@code filePath} (a
   * secret in a settings file or on the command line would sit in version control or in `ps`). The
   * value is never part of a message.
   */
  String secret(String path, String filePath) {
    String file = str(filePath);
    String v = str(path);
    if (!v.isEmpty()) {
      String origin = c.getValue(path).origin().description();
      if (!origin.startsWith(EnvironmentVariable.ORIGIN)) {
        errors.add(
            name(path) + ": a secret may come only from the environment or from a file named by "
                + name(filePath) + "; it is set in " + origin.replaceAll(":\\s*\\d+$", ""));
      }
      if (!file.isEmpty()) {
        errors.add(name(path) + " and " + name(filePath) + ": give one of them, not both");
      }
      return v;
    }
    if (file.isEmpty()) {
      return v;
    }
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException | RuntimeException e) {
      errors.add(name(filePath) + " = '" + file + "': cannot read the file ("
          + e.getClass().getSimpleName() + ")");
      return "";
    }
  }

  String nonEmpty(String path) {
    String v = str(path);
    if (v.isBlank() && errors.stream().noneMatch(x -> x.startsWith(name(path)))) {
      errors.add(name(path) + ": must not be empty");
    }
    return v;
  }

  boolean bool(String path) {
    return get(path, () -> c.getBoolean(path), false);
  }

  long longIn(String path, long lo, long hi) {
    Long v = get(path, () -> c.getLong(path), null);
    if (v == null) {
      return lo;
    }
    if (v < lo || v > hi) {
      errors.add(name(path) + " = " + v + ": must be between " + lo + " and " + hi);
    }
    return v;
  }

  int intIn(String path, int lo, int hi) {
    return (int) longIn(path, lo, hi);
  }

  /** A whole number of days in [lo, hi], as a period (date arithmetic). */
  Period daysIn(String path, int lo, int hi) {
    return Period.ofDays(intIn(path, lo, hi));
  }

  /** A whole number of hours in [lo, hi], as a duration. */
  Duration hoursIn(String path, long lo, long hi) {
    return Duration.ofHours(longIn(path, lo, hi));
  }

  /** A (possibly fractional) number of hours in [lo, hi], as a duration to the millisecond. */
  Duration fractionalHoursIn(String path, double lo, double hi) {
    return Duration.ofMillis(Math.round(dblIn(path, lo, hi) * 3_600_000));
  }

  double dblIn(String path, double lo, double hi) {
    Double v = get(path, () -> c.getDouble(path), null);
    if (v == null) {
      return lo;
    }
    if (!(v >= lo && v <= hi)) {
      errors.add(name(path) + " = " + v + ": must be between " + lo + " and " + hi);
    }
    return v;
  }

  double dblOpen(String path, double lo, double hi) {
    Double v = get(path, () -> c.getDouble(path), null);
    if (v == null) {
      return lo;
    }
    if (!(v > lo && v < hi)) {
      errors.add(name(path) + " = " + v + ": must be strictly between " + lo + " and " + hi);
    }
    return v;
  }

  double dblPositive(String path) {
    Double v = get(path, () -> c.getDouble(path), null);
    if (v == null) {
      return 0;
    }
    if (!(v > 0) || v.isInfinite()) {
      errors.add(name(path) + " = " + v + ": must be a positive number");
    }
    return v;
  }

  /** A non-negative exact decimal amount (money is never a double). */
  BigDecimal money(String path) {
    String v = get(path, () -> c.getString(path), null);
    if (v == null) {
      return BigDecimal.ZERO;
    }
    try {
      BigDecimal d = new BigDecimal(v.trim());
      if (d.signum() < 0) {
        errors.add(name(path) + " = " + v + ": must be >= 0");
      }
      return d;
    } catch (NumberFormatException e) {
      errors.add(name(path) + " = '" + v + "': not a decimal number");
      return BigDecimal.ZERO;
    }
  }

  /**
   * The constant of {@code type} the setting names (its lower-case name); an error naming the setting
   * and the choices, and {@code fallback}, when it names none.
   */
  <E extends Enum<E>> E choice(String path, Class<E> type, E fallback) {
    String v = str(path);
    Optional<E> e = constant(type, v);
    if (e.isEmpty()) {
      errors.add(name(path) + " = " + v + ": must be " + choices(type));
    }
    return e.orElse(fallback);
  }

  /** The constant of {@code type} whose lower-case name is {@code wire}, if any. */
  static <E extends Enum<E>> Optional<E> constant(Class<E> type, String wire) {
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(wire)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** "a, b or c": the lower-case names of {@code type}'s constants, for messages. */
  static <E extends Enum<E>> String choices(Class<E> type) {
    E[] all = type.getEnumConstants();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < all.length; i++) {
      b.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ")
          .append(all[i].name().toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }
}
