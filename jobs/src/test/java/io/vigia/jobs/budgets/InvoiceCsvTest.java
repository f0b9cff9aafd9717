package io.vigia.jobs.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The invoice export is CSV (RFC 4180): a quoted cell may hold commas and quotes. */
class InvoiceCsvTest {
  @TempDir
  Path dir;

  @Test
  void invoiceReadsQuotedCellsWithCommasAndQuotes() throws Exception {
    Path f = dir.resolve("invoice.csv");
    Files.writeString(
        f,
        "provider,model,month,amount_usd\n"
            + "# exported 2027-01-02\n"
            + "openai,,2026-12,10.50\n"
            + "\"acme, \"\"the\"\" provider\",\"m,1\",2026-12,\"2.25\"\n"
            + "openai,,2026-12,0.50\n"
            + "openai,,2026-10,5\n");
    Map<String, BigDecimal> m =
        BudgetsJob.readInvoice(f, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01"));
    assertThat(m).containsOnlyKeys("openai||2026-12-01", "acme, \"the\" provider|m,1|2026-12-01");
    assertThat(m.get("openai||2026-12-01")).isEqualByComparingTo("11.00");
    assertThat(m.get("acme, \"the\" provider|m,1|2026-12-01")).isEqualByComparingTo("2.25");
    Files.writeString(f, "provider,model,month,amount_usd\nopenai,,2026-12,ten\n");
    assertThatThrownBy(() ->
            BudgetsJob.readInvoice(f, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01")))
        .hasMessageContaining(f + " line 2: expected provider,model,YYYY-MM,amount_usd");
  }
}
