package io.vigia.jobs.pricing;

import io.vigia.common.db.Database;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dated LLM price catalog: entries (provider, model, aliases, USD per input / cached-input /
 * output token, valid in [valid_from, valid_to), price_version) read from PostgreSQL
 * (llm_price_catalog), seeded from a CSV file in conf/ whose prices are per million tokens.
 *
 * <p><b>Model matching</b> ({@link #resolve}), first rule that finds a (provider, name) entry wins,
 * case-insensitive: (1) response_model by name or alias, (2) request_model by name or alias, (3)
 * response_model, then request_model, with a dated-snapshot suffix removed ({@code -YYYY-MM-DD},
 * {@code -YYYYMMDD}) or a Bedrock version suffix ({@code :N}) removed. The response model comes first
 * because it is what the provider served and billed. No other fuzzy matching: a name that none of
 * these rules finds is unknown, and its calls are unpriced (never $0).
 */
public final class PriceCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(PriceCatalog.class);
  /** How the jobs that price usage write the catalog (see RunRules#directWrites). */
  public static final String DIRECT_WRITE =
      "llm_price_catalog: the seed file (vigia.cost.price-catalog-file) upserted in its own transaction before the run reads prices; idempotent, operator rows left alone";

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("(-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|:\\d+)$");

  /** One dated price of a model; prices in USD per token, cached null = billed at the input price. */
  public record Entry(
      String provider,
      String model,
      List<String> aliases,
      BigDecimal input,
      BigDecimal cachedInput,
      BigDecimal output,
      Instant validFrom,
      Instant validTo,
      String priceVersion,
      String source,
      String licence) {}

  private final List<Entry> entries;
  /** provider -> lower-case name or alias -> canonical model. */
  private final Map<String, Map<String, String>> names = new HashMap<>();

  public PriceCatalog(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    for (Entry e : entries) {
      Map<String, String> m = names.computeIfAbsent(e.provider(), k -> new HashMap<>());
      m.put(e.model().toLowerCase(Locale.ROOT), e.model());
      for (String a : e.aliases()) {
        String prev = m.put(a.toLowerCase(Locale.ROOT), e.model());
        if (prev != null && !prev.equals(e.model())) {
          throw new IllegalArgumentException("price catalog: alias " + a + " of " + e.provider()
              + " names both " + prev + " and " + e.model());
        }
      }
    }
    checkNoOverlap(entries);
  }

  public List<Entry> entries() {
    return entries;
  }

  /** A resolved model name and the rule that found it. */
  public record Match(String model, String rule) {}

  /** The catalog model a call is priced as, by the rules in the class comment; empty = unknown. */
  public Optional<Match> resolve(String provider, String requestModel, String responseModel) {
    Map<String, String> m = names.get(provider);
    if (m == null) {
      return Optional.empty();
    }
    String[][] tries = {
      {responseModel, "response_model"},
      {requestModel, "request_model"},
      {strip(responseModel), "response_model_snapshot"},
      {strip(requestModel), "request_model_snapshot"}
    };
    for (String[] t : tries) {
      if (t[0] != null && !t[0].isBlank()) {
        String hit = m.get(t[0].toLowerCase(Locale.ROOT));
        if (hit != null) {
          return Optional.of(new Match(hit, t[1]));
        }
      }
    }
    return Optional.empty();
  }

  static String strip(String name) {
    if (name == null) {
      return null;
    }
    String s = SNAPSHOT_SUFFIX.matcher(name).replaceFirst("");
    return s.equals(name) ? null : s;
  }

  private static void checkNoOverlap(List<Entry> entries) {
    Map<String, List<Entry>> by = new LinkedHashMap<>();
    for (Entry e : entries) {
      by.computeIfAbsent(e.provider() + "/" + e.model(), k -> new ArrayList<>()).add(e);
    }
    for (Map.Entry<String, List<Entry>> g : by.entrySet()) {
      List<Entry> l = new ArrayList<>(g.getValue());
      l.sort(Comparator.comparing(Entry::validFrom));
      for (int i = 0; i + 1 < l.size(); i++) {
        Instant to = l.get(i).validTo();
        if (to == null || to.isAfter(l.get(i + 1).validFrom())) {
          throw new IllegalArgumentException(
              "price catalog: the prices of " + g.getKey() + " valid from "
                  + l.get(i).validFrom() + " and from " + l.get(i + 1).validFrom()
                  + " overlap (close the first with valid_to <= the second's valid_from)");
        }
      }
    }
  }

  // ------------------------------------------------------------------ the seed file

  /** The setting's default, relative to the working directory; a copy is in the jar. */
  static final Path DEFAULT_FILE = Path.of("conf", "llm-prices.csv");

  /**
   * Reads the seed CSV ({@link CsvLines}: RFC 4180 quoting, comment lines start with '#'; prices per
   * million tokens, converted exactly to per token). An error names the file, the line and the column.
   */
  public static List<Entry> readCsv(Path file) throws IOException {
    List<CsvLines.Line> lines;
    if (Files.isRegularFile(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        lines = CsvLines.read(in, file);
      }
    } else if (file.equals(DEFAULT_FILE)) {
      // the default relative path from another working directory (spark-submit, tests): the jar's
      // copy
      try (java.io.InputStream in = PriceCatalog.class.getResourceAsStream("llm-prices.csv")) {
        if (in == null) {
          throw new IllegalArgumentException("price catalog file " + file.toAbsolutePath()
              + " does not exist and the jar has no copy (setting vigia.cost.price-catalog-file)");
        }
        lines = CsvLines.read(new InputStreamReader(in, StandardCharsets.UTF_8), file);
      }
    } else {
      throw new IllegalArgumentException(
          "price catalog file " + file.toAbsolutePath()
              + " does not exist (setting vigia.cost.price-catalog-file; empty = use llm_price_catalog as it is)");
    }
    List<Entry> out = new ArrayList<>();
    List<String> header = null;
    for (CsvLines.Line line : lines) {
      List<String> cells = line.cells();
      if (header == null) {
        header = cells;
        for (String need : List.of(
            "provider",
            "model",
            "aliases",
            "input",
            "cached_input",
            "output",
            "valid_from",
            "valid_to",
            "price_version",
            "source",
            "licence")) {
          if (!header.contains(need)) {
            throw new IllegalArgumentException(file + ": header lacks column " + need);
          }
        }
        continue;
      }
      long lineNo = line.number();
      if (cells.size() != header.size()) {
        throw new IllegalArgumentException(
            file + " line " + lineNo + ": " + cells.size() + " cells, header has " + header.size());
      }
      Map<String, String> c = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        c.put(header.get(i), cells.get(i));
      }
      String where = file + " line " + lineNo;
      try {
        List<String> aliases =
            c.get("aliases").isEmpty() ? List.of() : List.of(c.get("aliases").split(";"));
        out.add(new Entry(
            nonEmpty(c, "provider", where),
            nonEmpty(c, "model", where),
            aliases,
            perToken(c, "input", where, false),
            perToken(c, "cached_input", where, true),
            perToken(c, "output", where, false),
            Instant.parse(nonEmpty(c, "valid_from", where)),
            c.get("valid_to").isEmpty() ? null : Instant.parse(c.get("valid_to")),
            nonEmpty(c, "price_version", where),
            c.get("source"),
            c.get("licence")));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            where + ": valid_from/valid_to must be ISO instants: " + e.getMessage());
      }
      Entry e = out.get(out.size() - 1);
      if (e.validTo() != null && !e.validTo().isAfter(e.validFrom())) {
        throw new IllegalArgumentException(where + ": valid_to must be after valid_from");
      }
    }
    new PriceCatalog(out); // aliases and overlaps checked
    return out;
  }

  private static String nonEmpty(Map<String, String> c, String col, String where) {
    String v = c.get(col);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(where + ": column " + col + " is empty");
    }
    return v;
  }

  private static BigDecimal perToken(
      Map<String, String> c, String col, String where, boolean optional) {
    String v = c.get(col);
    if (v.isEmpty()) {
      if (optional) {
        return null;
      }
      throw new IllegalArgumentException(where + ": column " + col + " is empty");
    }
    BigDecimal perM;
    try {
      perM = new BigDecimal(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          where + ": column " + col + " = '" + v + "' is not a decimal number");
    }
    if (perM.signum() < 0) {
      throw new IllegalArgumentException(where + ": column " + col + " = " + v + " is negative");
    }
    return perM.divide(MILLION).stripTrailingZeros(); // exact: a division by 10^6
  }

  // ------------------------------------------------------------------ PostgreSQL

  /**
   * Upserts the seed file's rows into llm_price_catalog on (provider, model, valid_from) in one
   * transaction; rows not in the file (entered by an operator) are left alone. Returns rows changed.
   */
  public static int seed(Database db, List<Entry> rows, String seedFile) throws SQLException {
    String sql =
        "INSERT INTO llm_price_catalog (provider, model, aliases, input_price_per_token, output_price_per_token, "
            + "cached_input_price_per_token, valid_from, valid_to, price_version, source, licence, seed_file) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, model, valid_from) DO UPDATE SET "
            + "aliases = EXCLUDED.aliases, input_price_per_token = EXCLUDED.input_price_per_token, "
            + "output_price_per_token = EXCLUDED.output_price_per_token, "
            + "cached_input_price_per_token = EXCLUDED.cached_input_price_per_token, valid_to = EXCLUDED.valid_to, "
            + "price_version = EXCLUDED.price_version, source = EXCLUDED.source, licence = EXCLUDED.licence, "
            + "seed_file = EXCLUDED.seed_file WHERE (llm_price_catalog.aliases, llm_price_catalog.input_price_per_token, "
            + "llm_price_catalog.output_price_per_token, llm_price_catalog.cached_input_price_per_token, "
            + "llm_price_catalog.valid_to, llm_price_catalog.price_version, llm_price_catalog.source, "
            + "llm_price_catalog.licence) IS DISTINCT FROM (EXCLUDED.aliases, EXCLUDED.input_price_per_token, "
            + "EXCLUDED.output_price_per_token, EXCLUDED.cached_input_price_per_token, EXCLUDED.valid_to, "
            + "EXCLUDED.price_version, EXCLUDED.source, EXCLUDED.licence)";
    int changed = db.inTransaction(c -> {
      int n = 0;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (Entry e : rows) {
          Array aliases = c.createArrayOf("text", e.aliases().toArray());
          ps.setString(1, e.provider());
          ps.setString(2, e.model());
          ps.setArray(3, aliases);
          ps.setBigDecimal(4, e.input());
          ps.setBigDecimal(5, e.output());
          ps.setBigDecimal(6, e.cachedInput());
          ps.setTimestamp(7, Timestamp.from(e.validFrom()));
          ps.setTimestamp(8, e.validTo() == null ? null : Timestamp.from(e.validTo()));
          ps.setString(9, e.priceVersion());
          ps.setString(10, e.source());
          ps.setString(11, e.licence());
          ps.setString(12, seedFile);
          n += ps.executeUpdate();
        }
      }
      return n;
    });
    if (changed > 0) {
      LOG.info("price catalog: {} row(s) inserted or changed from {}", changed, seedFile);
    }
    return changed;
  }

  /** The whole catalog as stored (a few hundred rows at most). */
  public static PriceCatalog load(Database db) throws SQLException {
    List<Entry> out = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT provider, model, aliases, input_price_per_token, "
            + "cached_input_price_per_token, output_price_per_token, valid_from, valid_to, price_version, source, licence "
            + "FROM llm_price_catalog ORDER BY provider, model, valid_from")) {
      while (rs.next()) {
        String[] aliases = (String[]) rs.getArray(3).getArray();
        out.add(new Entry(
            rs.getString(1),
            rs.getString(2),
            List.of(aliases),
            rs.getBigDecimal(4),
            rs.getBigDecimal(5),
            rs.getBigDecimal(6),
            rs.getTimestamp(7).toInstant(),
            rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(),
            rs.getString(9),
            rs.getString(10),
            rs.getString(11)));
      }
    }
    return new PriceCatalog(out);
  }

  /** Seeds from the file named by the setting (when set), then loads the catalog. */
  public static PriceCatalog prepare(Database db, String seedFile)
      throws SQLException, IOException {
    if (seedFile != null && !seedFile.isBlank()) {
      seed(db, readCsv(Path.of(seedFile)), seedFile);
    }
    return load(db);
  }
}
