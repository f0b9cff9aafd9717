package io.vigia.jobs.pricing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The costs jobs' CSV files (the price catalog seed, the invoice export), read with Apache Commons
 * CSV: RFC 4180 quoting (a quoted cell may hold commas, doubled quotes and line breaks), lines starting
 * with '#' are comments, blank lines are skipped, cells are trimmed.
 */
public final class CsvLines {
  /** One record: the line it ends on (1-based, comments and blank lines counted) and its cells. */
  public record Line(long number, List<String> cells) {}

  private static final CSVFormat FORMAT = CSVFormat.RFC4180
      .builder()
      .setCommentMarker('#')
      .setIgnoreEmptyLines(true)
      .setIgnoreSurroundingSpaces(true)
      .setTrim(true)
      .get();

  private CsvLines() {}

  /** Every record of {@code in}, header included; a malformed file is an IllegalArgumentException naming {@code name}. */
  public static List<Line> read(Reader in, Object name) throws IOException {
    List<Line> out = new ArrayList<>();
    try (CSVParser p = CSVParser.builder().setReader(in).setFormat(FORMAT).get()) {
      for (CSVRecord r : p) {
        out.add(new Line(p.getCurrentLineNumber(), r.toList()));
      }
    } catch (UncheckedIOException | IllegalStateException e) {
      // e.g. a quote left open: commons-csv names the line in its message
      throw new IllegalArgumentException(
          name + ": not a valid CSV file: "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
          e);
    }
    return out;
  }
}
