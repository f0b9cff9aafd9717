package io.vigia.jobs.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The price catalog seed is CSV (RFC 4180): a quoted cell may hold commas and quotes. */
class PriceCatalogCsvTest {
  static final String HEADER =
      "provider,model,aliases,input,cached_input,output,valid_from,valid_to,price_version,source,licence\n";

  @TempDir
  Path dir;

  @Test
  void priceCatalogReadsQuotedCellsWithCommasAndQuotes() throws Exception {
    Path f = dir.resolve("prices.csv");
    Files.writeString(
        f,
        "# a comment, with a comma\n\n" + HEADER
            + "openai,gpt-4o,gpt-4o-2024-08-06;gpt-4o-2024-11-20,2.50,1.25,10.00,2024-10-01T00:00:00Z,,openai-2024-10,"
            + "\"https://openai.com/api/pricing/?a=1,b=2\",\"provider list price (\"\"facts\"\", as listed)\"\n"
            + "anthropic, claude-sonnet-4 ,,3,,15,2025-05-22T00:00:00Z,,anthropic-2025-05,https://www.anthropic.com/pricing,facts\n");
    List<PriceCatalog.Entry> l = PriceCatalog.readCsv(f);
    assertThat(l).hasSize(2);
    PriceCatalog.Entry e = l.get(0);
    assertThat(e.source()).isEqualTo("https://openai.com/api/pricing/?a=1,b=2");
    assertThat(e.licence()).isEqualTo("provider list price (\"facts\", as listed)");
    assertThat(e.aliases()).containsExactly("gpt-4o-2024-08-06", "gpt-4o-2024-11-20");
    assertThat(e.output()).isEqualByComparingTo("0.00001");
    assertThat(l.get(1).model()).isEqualTo("claude-sonnet-4");
    assertThat(l.get(1).cachedInput()).isNull();
  }

  @Test
  void priceCatalogErrorsNameTheFileAndLine() throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(
        f, "# comment\n" + HEADER + "openai,gpt-4o,,x,,10,2024-10-01T00:00:00Z,,v,s,l\n");
    assertThatThrownBy(() -> PriceCatalog.readCsv(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(f + " line 3: column input = 'x'");
    Files.writeString(
        f, HEADER + "openai,gpt-4o,,1,,10,2024-10-01T00:00:00Z,,v,\"never closed,l\n");
    assertThatThrownBy(() -> PriceCatalog.readCsv(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(f.toString());
    Files.writeString(f, HEADER + "openai,gpt-4o,,1,,10,2024-10-01T00:00:00Z,,v,s\n");
    assertThatThrownBy(() -> PriceCatalog.readCsv(f))
        .hasMessageContaining("line 2: 10 cells, header has 11");
  }

  @Test
  void theBundledSeedStillReads() throws Exception {
    assertThat(PriceCatalog.readCsv(Path.of("../conf/llm-prices.csv"))).isNotEmpty();
  }
}
