package io.vigia.common.settings;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Period;

/**
 * vigia.cost.*: budgets thresholds, price files, unit prices (exact decimals) and the daily anomaly test.
 *
 * @param priceCatalogFile seed CSV of the LLM price catalog (upserted into llm_price_catalog); empty = none
 * @param invoiceFile provider invoice export (CSV provider,model,month,amount_usd) to reconcile; empty = none
 * @param lateness events may land this long after their ts date (cost jobs read dt up to window end + this)
 * @param anomalyThreshold robust z (|x - median| / (1.4826 MAD)) above which a day's cost is an anomaly
 * @param anomalyHistory the history a day's cost is compared with
 * @param anomalyMinHistory at least this many days of history
 */
public record CostSettings(
    double alertThresholdPercent,
    double criticalThresholdPercent,
    String priceCatalogFile,
    String invoiceFile,
    Period lateness,
    BigDecimal computeUsdPerCoreHour,
    BigDecimal memoryUsdPerGbHour,
    BigDecimal storageUsdPerGbDay,
    BigDecimal vectorUsdPerEmbedding,
    BigDecimal vectorUsdPerSearch,
    BigDecimal cacheLookupUsd,
    double anomalyThreshold,
    Period anomalyHistory,
    int anomalyMinHistory)
    implements Serializable {

  static CostSettings read(SettingsReader r) {
    double alert = r.dblIn("vigia.cost.alert-threshold-percent", 0, 1000);
    double critical = r.dblIn("vigia.cost.critical-threshold-percent", 0, 1000);
    if (r.ok() && critical < alert) {
      r.error(r.name("vigia.cost.critical-threshold-percent") + " = " + critical + ": must be >= "
          + r.name("vigia.cost.alert-threshold-percent") + " = " + alert);
    }
    return new CostSettings(
        alert,
        critical,
        r.str("vigia.cost.price-catalog-file"),
        r.str("vigia.cost.invoice-file"),
        r.daysIn("vigia.cost.lateness-days", 0, 31),
        r.money("vigia.cost.compute-usd-per-core-hour"),
        r.money("vigia.cost.memory-usd-per-gb-hour"),
        r.money("vigia.cost.storage-usd-per-gb-day"),
        r.money("vigia.cost.vector-usd-per-embedding"),
        r.money("vigia.cost.vector-usd-per-search"),
        r.money("vigia.cost.cache-lookup-usd"),
        r.dblPositive("vigia.cost.anomaly-threshold"),
        r.daysIn("vigia.cost.anomaly-history-days", 7, 366),
        r.intIn("vigia.cost.anomaly-min-history", 3, 366));
  }
}
