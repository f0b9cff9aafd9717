package io.vigia.common.job;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** A run window [start, end) in UTC. */
public record Window(Instant start, Instant end) implements Serializable {
  public Window {
    if (start == null || end == null) {
      throw new IllegalArgumentException("window start and end are required (--from, --to)");
    }
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException(
          "window start " + start + " must be before its end " + end + " (--from < --to)");
    }
  }

  /**
   * Parses a window bound: an ISO date (meaning midnight UTC) or an ISO instant with zone.
   *
   * @param option the option name, for the message
   */
  public static Instant parseBound(String text, String option) {
    String t = text.trim();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + text
          + "' is neither an ISO date (2026-11-27) nor an ISO instant " + "(2026-11-27T10:00:00Z)");
    }
  }

  public static Window of(String from, String to) {
    return new Window(parseBound(from, "--from"), parseBound(to, "--to"));
  }

  /** The whole UTC days [first, end). */
  public static Window between(LocalDate first, LocalDate end) {
    return new Window(
        first.atStartOfDay(ZoneOffset.UTC).toInstant(),
        end.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  public static Window days(LocalDate first, int days) {
    Instant s = first.atStartOfDay(ZoneOffset.UTC).toInstant();
    return new Window(s, first.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** The UTC dates the window touches, in order. */
  public List<LocalDate> dates() {
    List<LocalDate> out = new ArrayList<>();
    LocalDate d = LocalDate.ofInstant(start, ZoneOffset.UTC);
    while (d.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(end)) {
      out.add(d);
      d = d.plusDays(1);
    }
    return out;
  }

  public LocalDate firstDate() {
    return LocalDate.ofInstant(start, ZoneOffset.UTC);
  }

  /** The first date not covered: exclusive bound for date-partitioned data. */
  public LocalDate endDateExclusive() {
    List<LocalDate> d = dates();
    return d.get(d.size() - 1).plusDays(1);
  }

  public java.time.Duration length() {
    return java.time.Duration.between(start, end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
