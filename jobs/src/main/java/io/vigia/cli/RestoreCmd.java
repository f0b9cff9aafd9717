package io.vigia.cli;

import io.vigia.common.db.Database;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.retention.Restore;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `vigia restore --table T --from D --to D`: archived rows back into vigia_restore.T for an audit. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = "bring archived rows (warm and cold) of a table with key in [--from, --to) "
        + "back into PostgreSQL, as vigia_restore.<table>")
final class RestoreCmd implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main parent;

  @Option(
      names = "--table",
      required = true,
      description = "a table of partition_management, e.g. privacy_audit_log")
  String table;

  @Option(
      names = "--from",
      required = true,
      description = "first key: ISO date (midnight UTC) or instant")
  String from;

  @Option(names = "--to", required = true, description = "end key (exclusive)")
  String to;

  @Override
  public Integer call() throws Exception {
    Window w = Window.of(from, to);
    Settings s = parent.settings();
    try (Database db = Database.openCurrent(s)) {
      SparkSession spark = Main.session(s, "vigia restore " + table);
      try {
        Restore.Result r = Restore.run(spark, s, db, table, w.start(), w.end());
        System.out.println("restored " + r.rows() + " archived rows of " + table + " with key in "
            + w + " into " + r.target());
      } finally {
        spark.stop();
      }
    }
    return Main.OK;
  }
}
