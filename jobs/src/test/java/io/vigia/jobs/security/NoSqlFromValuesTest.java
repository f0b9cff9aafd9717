package io.vigia.jobs.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A source-level guard (issue 15): no predicate is built from a value, in Spark SQL or PostgreSQL.
 * Scans the main sources of jobs and common for PostgreSQL-style quoting of a value
 * ({@code replace("'", "''")}: Spark SQL reads a backslash as an escape, so it is no quoting there),
 * for a string expression concatenated into {@code filter}, {@code where}, {@code expr},
 * {@code selectExpr} or {@code spark.sql}, and for Delta's string {@code replaceWhere} option (use
 * {@code JobContext.delta().replace} with a Column). Constant strings stay allowed.
 */
class NoSqlFromValuesTest {
  static final Pattern QUOTE_DOUBLING =
      Pattern.compile("replace\\(\\s*\"'\"\\s*,\\s*\"''\"\\s*\\)");
  /**
   * The first argument of a SQL-taking call: a string literal plus something other than another
   * literal, or a name or call plus anything.
   */
  static final Pattern CONCATENATED_SQL =
      Pattern.compile("(\\.filter|\\.where|\\bexpr|\\.selectExpr|\\.sql)\\(\\s*"
          + "(\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\+(?!\\s*\")|[\\w.]+(?:\\([^()]*\\))?\\s*\\+)");

  static final Pattern REPLACE_WHERE_OPTION = Pattern.compile("option\\(\\s*\"replaceWhere\"");

  @Test
  void noMainSourceBuildsSqlFromValues() throws IOException {
    Path root = projectRoot();
    List<String> found = new ArrayList<>();
    for (String module : List.of("jobs", "common")) {
      try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          String rel = root.relativize(f).toString().replace('\\', '/');
          found.addAll(findings(rel, Files.readString(f)));
        }
      }
    }
    assertThat(found)
        .as("SQL built from values (use Column expressions or bound parameters)")
        .isEmpty();
  }

  @Test
  void theGuardFlagsTheDefectAndLeavesConstantsAlone() {
    assertThat(
            findings("X.java", "String p = \"tenant_id = '\" + t.replace(\"'\", \"''\") + \"'\";"))
        .hasSize(1);
    assertThat(findings("X.java", "d.filter(\"dt >= DATE'\" + from + \"'\")")).hasSize(1);
    assertThat(findings("X.java", "d.where(predicate + \" AND x\")")).hasSize(1);
    assertThat(findings("X.java", "expr(\n  \"a = '\" + v + \"'\")")).hasSize(1);
    assertThat(findings("X.java", "spark.sql(\"SELECT * FROM t WHERE id = \" + id)"))
        .hasSize(1);
    assertThat(findings("X.java", "w.option(\"replaceWhere\", replace)")).hasSize(1);

    assertThat(findings("X.java", "d.filter(\"false\")")).isEmpty();
    assertThat(findings("X.java", "expr(\"a IS NOT NULL \"\n    + \"AND b IS NULL\")"))
        .isEmpty();
    assertThat(findings("X.java", "expr(\"hour + INTERVAL 1 HOUR\").as(\"pe\")"))
        .isEmpty();
    assertThat(findings("X.java", "d.filter(col(\"tenant_id\").equalTo(lit(t)))"))
        .isEmpty();
    assertThat(findings("X.java", "d.where(col(\"a\").plus(lit(1)).gt(2))")).isEmpty();
    assertThat(findings("X.java", "// d.filter(\"a = '\" + v + \"'\") was the defect"))
        .isEmpty();
  }

  /** The defect patterns in one source file, as "file:line: text". */
  static List<String> findings(String file, String source) {
    String code = stripComments(source);
    List<String> out = new ArrayList<>();
    for (Pattern p : List.of(QUOTE_DOUBLING, CONCATENATED_SQL, REPLACE_WHERE_OPTION)) {
      Matcher m = p.matcher(code);
      while (m.find()) {
        int line = 1
            + (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        out.add(file + ":" + line + ": " + m.group().replaceAll("\\s+", " "));
      }
    }
    return out;
  }

  /** Block comments and whole-line comments blanked out (newlines kept, so line numbers hold). */
  static String stripComments(String source) {
    Matcher m = Pattern.compile("(?ms)^\\s*/\\*.*?\\*/|(?m)^\\s*//[^\\n]*").matcher(source);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group().replaceAll("[^\\n]", " ")));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The directory holding the jobs and common modules (tests run in the module directory). */
  static Path projectRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null
        && !(Files.isDirectory(p.resolve("jobs/src/main/java"))
            && Files.isDirectory(p.resolve("common/src/main/java")))) {
      p = p.getParent();
    }
    assertThat(p).as("project root above " + Path.of("").toAbsolutePath()).isNotNull();
    return p;
  }
}
