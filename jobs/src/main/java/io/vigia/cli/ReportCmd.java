package io.vigia.cli;

import io.vigia.common.db.Database;
import io.vigia.common.job.Window;
import io.vigia.report.TenantReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `vigia report --tenant T --out DIR [--from T --to T]`: one self-contained HTML file per tenant. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "write a static HTML report (drift, experiments, costs and budget, privacy, "
        + "feedback) for a tenant and period; opens offline")
final class ReportCmd implements Callable<Integer> {
  @ParentCommand
  Main parent;

  @Option(names = "--tenant", required = true, description = "the tenant")
  String tenant;

  @Option(
      names = "--out",
      required = true,
      description = "directory to write report-TENANT.html into")
  Path out;

  @Option(names = "--from", description = "period start (default: 30 days before --to)")
  String from;

  @Option(
      names = "--to",
      description = "period end, exclusive (default: the day after the tenant's newest result)")
  String to;

  @Override
  public Integer call() throws Exception {
    if ((from == null) != (to == null)) {
      throw new IllegalArgumentException(
          "give both --from and --to, or neither (the 30 days up to the newest result)");
    }
    Clock clock = Clock.systemUTC();
    try (Database db = Database.openCurrent(parent.settings())) {
      Window period = from != null
          ? Window.of(from, to)
          : TenantReport.defaultPeriod(db, tenant, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
      Path file = new TenantReport(db, tenant, period, clock.instant()).write(out);
      System.out.println("report for " + tenant + " " + period + ": " + file.toAbsolutePath());
    }
    return Main.OK;
  }
}
