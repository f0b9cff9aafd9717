package io.vigia.common.settings;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * vigia.partitioning.*: the partitions job's thresholds, migration and watch list.
 *
 * @param monthsAhead monthly partitions kept created ahead of the window end
 * @param migrateOnline also run a crossed table's migration plan online
 * @param exactCountMaxRows partitions whose planner estimate is below this are counted exactly
 * @param watch unpartitioned high-volume tables registered in partition_management when missing
 * @param logKeep maintenance_log keeps the newest this many entries per table
 */
public record PartitioningSettings(
    boolean enabled,
    double sizeThresholdGb,
    long rowThreshold,
    int monthsAhead,
    boolean migrateOnline,
    long migrateBatchRows,
    long exactCountMaxRows,
    List<WatchedTable> watch,
    int logKeep)
    implements Serializable {

  private static final String NAME = "[a-z_][a-z0-9_]*";

  public PartitioningSettings {
    watch = List.copyOf(watch);
  }

  /** One entry of vigia.partitioning.watch: {@code table:partition_column}. */
  public record WatchedTable(String table, String partitionColumn) implements Serializable {}

  static PartitioningSettings read(SettingsReader r) {
    boolean enabled = r.bool("vigia.partitioning.enabled");
    double sizeGb = r.dblPositive("vigia.partitioning.size-threshold-gb");
    long rows = r.longIn("vigia.partitioning.row-threshold", 1, Long.MAX_VALUE);
    int monthsAhead = r.intIn("vigia.partitioning.months-ahead", 0, 120);
    boolean online = r.bool("vigia.partitioning.migrate-online");
    long batchRows = r.longIn("vigia.partitioning.migrate-batch-rows", 1, 100_000_000);
    long exactMax = r.longIn("vigia.partitioning.exact-count-max-rows", 0, Long.MAX_VALUE);
    String watchText = r.str("vigia.partitioning.watch");
    List<WatchedTable> watch = new ArrayList<>();
    if (!watchText.isBlank()) {
      String item = "\\s*" + NAME + ":" + NAME + "\\s*";
      if (watchText.matches(item + "(," + item + ")*")) {
        for (String entry : watchText.split(",")) {
          String[] tk = entry.trim().split(":");
          watch.add(new WatchedTable(tk[0], tk[1]));
        }
      } else {
        r.error(r.name("vigia.partitioning.watch") + " = '" + watchText
            + "': must be a comma-separated list of table:partition_column");
      }
    }
    int logKeep = r.intIn("vigia.partitioning.log-keep", 1, 100_000);
    return new PartitioningSettings(
        enabled, sizeGb, rows, monthsAhead, online, batchRows, exactMax, watch, logKeep);
  }
}
