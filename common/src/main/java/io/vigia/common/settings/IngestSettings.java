package io.vigia.common.settings;

import java.io.Serializable;
import java.time.Period;

/**
 * vigia.ingest.*: the ingest job's data-quality alert and de-duplication lookback.
 *
 * @param quarantineAlertShare a tenant's quarantined share of lines above which a data_quality alert is raised
 * @param quarantineAlertMinLines ...when the tenant has at least this many lines in the window
 * @param dedupLookback events ingested this long before the window count as earlier deliveries (zero = none)
 */
public record IngestSettings(
    double quarantineAlertShare, long quarantineAlertMinLines, Period dedupLookback)
    implements Serializable {

  static IngestSettings read(SettingsReader r) {
    return new IngestSettings(
        r.dblIn("vigia.ingest.quarantine-alert-share", 0, 1),
        r.longIn("vigia.ingest.quarantine-alert-min-lines", 0, Long.MAX_VALUE),
        r.daysIn("vigia.ingest.dedup-lookback-days", 0, 366));
  }
}
