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
            + "a|b,x|y,2026-11,1\n"
            + "openai,,2026-10,5\n");
    Map<BudgetsJob.InvoiceKey, BigDecimal> m =
        BudgetsJob.readInvoice(f, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01"));
    LocalDate dec = LocalDate.parse("2026-12-01");
    BudgetsJob.InvoiceKey openai = new BudgetsJob.InvoiceKey("openai", "", dec);
    BudgetsJob.InvoiceKey acme = new BudgetsJob.InvoiceKey("acme, \"the\" provider", "m,1", dec);
    // a '|' in a cell is just a character (keys were once glued with '|' and split back)
    BudgetsJob.InvoiceKey piped =
        new BudgetsJob.InvoiceKey("a|b", "x|y", LocalDate.parse("2026-11-01"));
    assertThat(m).containsOnlyKeys(openai, acme, piped);
    assertThat(m.get(openai)).isEqualByComparingTo("11.00");
    assertThat(m.get(acme)).isEqualByComparingTo("2.25");
    assertThat(m.get(piped)).isEqualByComparingTo("1");
    Files.writeString(f, "provider,model,month,amount_usd\nopenai,,2026-12,ten\n");
    assertThatThrownBy(() ->
            BudgetsJob.readInvoice(f, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01")))
        .hasMessageContaining(f + " line 2: expected provider,model,YYYY-MM,amount_usd");
  }
}
