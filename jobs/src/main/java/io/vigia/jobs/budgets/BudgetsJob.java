package io.vigia.jobs.budgets;

import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.Scope;
import io.vigia.common.job.Window;
import io.vigia.common.json.Json;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.pricing.CsvLines;
import io.vigia.jobs.pricing.LlmCosts;
import io.vigia.jobs.rollups.EventInput;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Budgets and cost anomalies, from cost_tracking (written by costs) and tenant_budgets, as of the last
 * day of the window, for every month the window touches. Reads daily totals per tenant (and per tenant
 * x cost type x service x model for anomalies), aggregated in PostgreSQL.
 *
 * <p><b>budget_status</b> per tenant and month with a budget: spend to date = sum of total_cost_usd
 * of the month's days up to the as-of day (all cost types; unpriced calls add nothing and are counted);
 * forecast = spend / days elapsed x days in the month (run rate); projected_exceed_date = the day the
 * cumulative spend passed the budget, or, when not yet, as-of + ceil((budget - spend) / daily rate)
 * if that falls in the month.
 *
 * <p><b>Budget alerts</b> (cost_alerts, budget_threshold, scope_key = the percent), the design's three
 * levels: COST_ALERT_THRESHOLD_PERCENT (80: the warning, severity high, so it reaches people at once
 * rather than in the daily digest), COST_CRITICAL_THRESHOLD_PERCENT (95: critical) and 100 % (critical,
 * throttle = true): one row per tenant, threshold and month (upserted: a re-run after late events
 * refreshes it, never duplicates it; human-owned columns are kept; an open, unacknowledged alert whose
 * threshold is no longer reached is removed).
 *
 * <p><b>Anomalies</b> (cost_anomaly, scope_key = cost_type/service/model@date): a day's cost against
 * the preceding vigia.cost.anomaly-history-days days of the same key with a cost, by the modified z
 * score of Iglewicz and Hoaglin (1993): z = (x - median) / (1.4826 MAD), or (x - median) / (1.253314
 * MeanAD) when MAD = 0. Weekday-aware: the history is the same weekday's days when there are at least
 * 4 of them, else all days (at least anomaly-min-history). Only rises alert: z > anomaly-threshold is
 * high, z > twice it critical; the evidence (value, median, MAD, z, history) goes into details.
 */
public final class BudgetsJob implements Job {
  public static final String NAME = "budgets";
  static final int SAME_WEEKDAY_MIN = 4;
  /** Severities of the three budget levels: warning (alert threshold), critical, critical with throttle. */
  static final String[] SEVERITIES = {"high", "critical", "critical"};

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "budget status, month-end forecast and threshold alerts (80/95/100 %), daily cost anomalies (median/MAD)";
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Window w = ctx.window();
    EventInput.requireWhole(w, ChronoUnit.DAYS, NAME);
    Settings s = ctx.settings();
    LocalDate first = w.firstDate();
    LocalDate last = w.endDateExclusive().minusDays(1);
    LocalDate firstMonth = first.withDayOfMonth(1);
    LocalDate lastMonth = last.withDayOfMonth(1);
    String tenantFilter = ctx.tenant().isPresent() ? " AND tenant_id = ?" : "";

    // ---- daily totals per tenant of the touched months
    Map<String, TreeMap<LocalDate, BigDecimal>> daily = new TreeMap<>();
    Map<String, Long> unpricedByTenantMonth = new TreeMap<>();
    Map<String, BigDecimal> budgets = new TreeMap<>();
    long rowsIn = 0;
    try (Connection c = ctx.db().connect()) {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT tenant_id, usage_date, sum(coalesce(total_cost_usd, 0)), "
              + "sum(unpriced_event_count), count(*) FROM cost_tracking WHERE usage_date >= ? AND usage_date <= ?"
              + tenantFilter
              + " GROUP BY 1, 2")) {
        ps.setDate(1, Date.valueOf(firstMonth));
        ps.setDate(2, Date.valueOf(last));
        ctx.tenant().ifPresent(t -> set(ps, 3, t));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            LocalDate d = rs.getDate(2).toLocalDate();
            daily
                .computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                .put(d, rs.getBigDecimal(3));
            unpricedByTenantMonth.merge(
                rs.getString(1) + "|" + d.withDayOfMonth(1), rs.getLong(4), Long::sum);
            rowsIn += rs.getLong(5);
          }
        }
      }
      for (LocalDate m = firstMonth; !m.isAfter(lastMonth); m = m.plusMonths(1)) {
        try (PreparedStatement ps =
            c.prepareStatement("SELECT DISTINCT ON (tenant_id) tenant_id, monthly_budget_usd FROM "
                + "tenant_budgets WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)"
                + tenantFilter
                + " ORDER BY tenant_id, valid_from DESC")) {
          ps.setDate(1, Date.valueOf(m));
          ps.setDate(2, Date.valueOf(m));
          ctx.tenant().ifPresent(t -> set(ps, 3, t));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              budgets.put(rs.getString(1) + "|" + m, rs.getBigDecimal(2));
            }
          }
        }
      }
    }

    List<Row> status = new ArrayList<>();
    List<Row> alerts = new ArrayList<>();
    double[] thresholds = {
      s.cost().alertThresholdPercent(), s.cost().criticalThresholdPercent(), 100
    };
    String[] severities = SEVERITIES;
    for (Map.Entry<String, BigDecimal> b : budgets.entrySet()) {
      String tenant = b.getKey().substring(0, b.getKey().indexOf('|'));
      LocalDate month = LocalDate.parse(b.getKey().substring(b.getKey().indexOf('|') + 1));
      LocalDate asOf =
          last.isBefore(month.plusMonths(1)) ? last : month.plusMonths(1).minusDays(1);
      Budget r =
          Budget.evaluate(b.getValue(), month, asOf, daily.getOrDefault(tenant, new TreeMap<>()));
      long unpriced = unpricedByTenantMonth.getOrDefault(tenant + "|" + month, 0L);
      boolean throttle = r.percentUsed() >= 100;
      status.add(RowFactory.create(
          tenant,
          Date.valueOf(month),
          b.getValue(),
          r.spend(),
          Date.valueOf(asOf),
          r.daysElapsed(),
          r.daysInMonth(),
          r.percentUsed(),
          r.forecast(),
          r.exceedDate() == null ? null : Date.valueOf(r.exceedDate()),
          unpriced,
          throttle));
      for (int i = 0; i < thresholds.length; i++) {
        if (r.percentUsed() >= thresholds[i]) {
          LocalDate crossed = r.crossingDate(BigDecimal.valueOf(thresholds[i])
              .multiply(b.getValue())
              .divide(BigDecimal.valueOf(100)));
          String details = Json.write(Json.object()
              .put("budget_usd", b.getValue())
              .put("spend_to_date_usd", r.spend())
              .put(
                  "percent_used",
                  Double.isFinite(r.percentUsed())
                      ? BigDecimal.valueOf(r.percentUsed()).setScale(4, RoundingMode.HALF_UP)
                      : null)
              .put("threshold_percent", new BigDecimal(fmt(thresholds[i])))
              .put("as_of", asOf.toString())
              .put("crossed_on", crossed == null ? null : crossed.toString())
              .put("forecast_month_end_usd", r.forecast())
              .put(
                  "projected_exceed_date",
                  r.exceedDate() == null ? null : r.exceedDate().toString())
              .put("unpriced_events", unpriced)
              .put("throttle", i == 2));
          alerts.add(RowFactory.create(
              tenant,
              "budget_threshold",
              fmt(thresholds[i]),
              Date.valueOf(month),
              severities[i],
              BigDecimal.valueOf(thresholds[i]),
              i == 2,
              details,
              NAME));
        }
      }
    }
    int anomalies = anomalies(ctx, s, first, last, tenantFilter, alerts);

    StructType statusSchema = new StructType()
        .add("tenant_id", DataTypes.StringType)
        .add("billing_period", DataTypes.DateType)
        .add("budget_usd", LlmCosts.MONEY)
        .add("spend_to_date_usd", LlmCosts.MONEY)
        .add("as_of_date", DataTypes.DateType)
        .add("days_elapsed", DataTypes.IntegerType)
        .add("days_in_month", DataTypes.IntegerType)
        .add("percent_used", DataTypes.DoubleType)
        .add("forecast_month_end_usd", LlmCosts.MONEY)
        .add("projected_exceed_date", DataTypes.DateType)
        .add("unpriced_events", DataTypes.LongType)
        .add("throttle", DataTypes.BooleanType);
    StructType alertSchema = new StructType()
        .add("tenant_id", DataTypes.StringType)
        .add("alert_type", DataTypes.StringType)
        .add("scope_key", DataTypes.StringType)
        .add("billing_period", DataTypes.DateType)
        .add("severity", DataTypes.StringType)
        .add("threshold_percent", DataTypes.createDecimalType(10, 4))
        .add("throttle", DataTypes.BooleanType)
        .add("details", DataTypes.StringType)
        .add("source_job", DataTypes.StringType);
    Scope months = new Scope(
        "billing_period >= ? AND billing_period <= ?",
        List.of(Date.valueOf(firstMonth), Date.valueOf(lastMonth)));
    ctx.writer()
        .replace(
            "budget_status",
            ctx.spark().createDataFrame(fixScale(status), statusSchema).coalesce(1),
            months);
    List<String> human =
        List.of("status", "acknowledged_by", "acknowledged_at", "resolved_at", "created_at");
    List<String> key = List.of("tenant_id", "alert_type", "scope_key", "billing_period");
    // one staging per table: budget alerts of the touched months and anomalies of the window's days
    // together
    // (a re-run replaces the unacknowledged ones it no longer finds)
    Scope alertScope = new Scope(
        "source_job = ? AND ((alert_type = 'budget_threshold' AND billing_period >= ? "
            + "AND billing_period <= ?) OR (alert_type = 'cost_anomaly' AND (details->>'date')::date >= ? "
            + "AND (details->>'date')::date <= ?))",
        List.of(
            NAME,
            Date.valueOf(firstMonth),
            Date.valueOf(lastMonth),
            Date.valueOf(first),
            Date.valueOf(last)));
    ctx.writer()
        .upsert(
            "cost_alerts",
            ctx.spark().createDataFrame(alerts, alertSchema).coalesce(1),
            alertScope,
            key,
            human,
            Scope.where("status = ? AND acknowledged_by IS NULL", "open"));
    long reconciled = reconcile(ctx, s, firstMonth, lastMonth);
    String msg = String.format(
        Locale.ROOT,
        "%d invoice lines reconciled; %d tenant-months with a budget, %d threshold alerts, %d anomalies (%d cost rows read)",
        reconciled,
        status.size(),
        alerts.size() - anomalies,
        anomalies,
        rowsIn);
    return JobResult.of(rowsIn, rowsIn, 0, ctx.writer().stagedCounts(), msg);
  }

  private static List<Row> fixScale(List<Row> rows) {
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < r.size(); i++) {
        v[i] = r.get(i) instanceof BigDecimal d ? d.setScale(15, RoundingMode.HALF_EVEN) : r.get(i);
      }
      out.add(RowFactory.create(v));
    }
    return out;
  }

  private static String fmt(double x) {
    return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
  }

  private static void set(PreparedStatement ps, int i, String v) {
    try {
      ps.setString(i, v);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The budget arithmetic of one tenant and month (exact decimals; forecast rounded to 15 decimals). */
  record Budget(
      BigDecimal budget,
      BigDecimal spend,
      int daysElapsed,
      int daysInMonth,
      double percentUsed,
      BigDecimal forecast,
      LocalDate exceedDate,
      TreeMap<LocalDate, BigDecimal> days) {
    static Budget evaluate(
        BigDecimal budget, LocalDate month, LocalDate asOf, TreeMap<LocalDate, BigDecimal> daily) {
      TreeMap<LocalDate, BigDecimal> days = new TreeMap<>(daily.subMap(month, true, asOf, true));
      BigDecimal spend = days.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      int elapsed = asOf.getDayOfMonth();
      int dim = month.lengthOfMonth();
      BigDecimal rate = spend.divide(BigDecimal.valueOf(elapsed), MathContext.DECIMAL128);
      BigDecimal forecast =
          rate.multiply(BigDecimal.valueOf(dim)).setScale(15, RoundingMode.HALF_EVEN);
      double pct = spend
          .multiply(BigDecimal.valueOf(100))
          .divide(budget, MathContext.DECIMAL64)
          .doubleValue();
      Budget b = new Budget(budget, spend, elapsed, dim, pct, forecast, null, days);
      LocalDate exceed = b.crossingDate(budget);
      if (exceed == null && rate.signum() > 0) {
        long more = budget.subtract(spend).divide(rate, 0, RoundingMode.CEILING).longValueExact();
        LocalDate d = asOf.plusDays(Math.max(1, more));
        exceed = d.isBefore(month.plusMonths(1)) ? d : null;
      }
      return new Budget(budget, spend, elapsed, dim, pct, forecast, exceed, days);
    }

    /** The first day whose cumulative spend reached the amount; null if not yet. */
    LocalDate crossingDate(BigDecimal amount) {
      BigDecimal cum = BigDecimal.ZERO;
      for (Map.Entry<LocalDate, BigDecimal> e : days.entrySet()) {
        cum = cum.add(e.getValue());
        if (cum.compareTo(amount) >= 0) {
          return e.getKey();
        }
      }
      return null;
    }
  }

  /** An invoice line's key: provider, model ("" = all the provider's models), billing month. */
  record InvoiceKey(String provider, String model, LocalDate month) {}

  /**
   * The invoice export's amounts of the months in [firstMonth, lastMonth], summed per provider x
   * model x month (model empty = all the provider's models), in key order. Read with {@link
   * CsvLines}: a quoted cell may hold commas and doubled quotes.
   */
  static Map<InvoiceKey, BigDecimal> readInvoice(
      java.nio.file.Path file, LocalDate firstMonth, LocalDate lastMonth)
      throws java.io.IOException {
    List<CsvLines.Line> lines;
    try (java.io.Reader in =
        java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
      lines = CsvLines.read(in, file);
    }
    Map<InvoiceKey, BigDecimal> invoiced =
        new TreeMap<>(java.util.Comparator.comparing(InvoiceKey::provider)
            .thenComparing(InvoiceKey::model)
            .thenComparing(InvoiceKey::month));
    List<String> header = null;
    for (CsvLines.Line line : lines) {
      List<String> c = line.cells();
      if (header == null) {
        header = c;
        if (!header.equals(List.of("provider", "model", "month", "amount_usd"))) {
          throw new IllegalArgumentException(
              file + ": the header must be provider,model,month,amount_usd");
        }
        continue;
      }
      try {
        LocalDate month = java.time.YearMonth.parse(c.get(2)).atDay(1);
        if (month.isBefore(firstMonth) || month.isAfter(lastMonth)) {
          continue;
        }
        invoiced.merge(
            new InvoiceKey(c.get(0), c.get(1), month), new BigDecimal(c.get(3)), BigDecimal::add);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + " line " + line.number()
            + ": expected provider,model,YYYY-MM,amount_usd (" + e.getMessage() + ")");
      }
    }
    return invoiced;
  }

  /**
   * Reconciliation against a provider invoice export (vigia.cost.invoice-file: CSV provider,model,
   * month,amount_usd; empty model = all the provider's models): per invoice line of a touched month,
   * the llm_api cost tracked for all tenants, difference = tracked - invoiced and captured share =
   * tracked / invoiced, into cost_reconciliation. Skipped when no file is set (and never with --tenant:
   * an invoice covers every tenant).
   */
  private long reconcile(JobContext ctx, Settings s, LocalDate firstMonth, LocalDate lastMonth)
      throws Exception {
    if (s.cost().invoiceFile().isBlank() || ctx.tenant().isPresent()) {
      return 0;
    }
    java.nio.file.Path file = java.nio.file.Path.of(s.cost().invoiceFile());
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new IllegalArgumentException("invoice file " + file.toAbsolutePath()
          + " does not exist (setting vigia.cost.invoice-file)");
    }
    Map<InvoiceKey, BigDecimal> invoiced = readInvoice(file, firstMonth, lastMonth);
    List<Row> rows = new ArrayList<>();
    try (Connection c = ctx.db().connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT coalesce(sum(total_cost_usd), 0), coalesce(sum(unpriced_event_count), 0) "
                + "FROM cost_tracking WHERE cost_type = 'llm_api' AND service = ? AND (? = '' OR model = ?) AND billing_period = ?")) {
      for (Map.Entry<InvoiceKey, BigDecimal> e : invoiced.entrySet()) {
        InvoiceKey k = e.getKey();
        ps.setString(1, k.provider());
        ps.setString(2, k.model());
        ps.setString(3, k.model());
        ps.setDate(4, Date.valueOf(k.month()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          BigDecimal tracked = rs.getBigDecimal(1);
          BigDecimal inv = e.getValue();
          rows.add(RowFactory.create(
              k.provider(),
              k.model(),
              Date.valueOf(k.month()),
              inv.setScale(15, RoundingMode.HALF_EVEN),
              tracked.setScale(15, RoundingMode.HALF_EVEN),
              tracked.subtract(inv).setScale(15, RoundingMode.HALF_EVEN),
              inv.signum() == 0
                  ? null
                  : tracked.divide(inv, MathContext.DECIMAL64).doubleValue(),
              rs.getLong(2),
              file.toString()));
        }
      }
    }
    StructType schema = new StructType()
        .add("provider", DataTypes.StringType)
        .add("model", DataTypes.StringType)
        .add("billing_period", DataTypes.DateType)
        .add("invoiced_usd", LlmCosts.MONEY)
        .add("tracked_usd", LlmCosts.MONEY)
        .add("difference_usd", LlmCosts.MONEY)
        .add("captured_share", DataTypes.DoubleType)
        .add("unpriced_events", DataTypes.LongType)
        .add("invoice_file", DataTypes.StringType);
    ctx.writer()
        .replace(
            "cost_reconciliation",
            ctx.spark().createDataFrame(rows, schema).coalesce(1),
            new Scope(
                "billing_period >= ? AND billing_period <= ?",
                List.of(Date.valueOf(firstMonth), Date.valueOf(lastMonth))));
    return rows.size();
  }

  /** Modified z score of x against a history (Iglewicz and Hoaglin 1993); NaN when undefined. */
  static double robustZ(double x, double[] history) {
    if (history.length == 0) {
      return Double.NaN;
    }
    double med = median(history);
    double[] dev = Arrays.stream(history).map(h -> Math.abs(h - med)).toArray();
    double mad = median(dev);
    if (mad > 0) {
      return (x - med) / (1.4826 * mad);
    }
    double meanAd = Arrays.stream(dev).average().orElse(0);
    if (meanAd > 0) {
      return (x - med) / (1.253314 * meanAd);
    }
    return x == med ? 0 : x > med ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private int anomalies(
      JobContext ctx,
      Settings s,
      LocalDate first,
      LocalDate last,
      String tenantFilter,
      List<Row> alerts)
      throws Exception {
    LocalDate from = first.minus(s.cost().anomalyHistory());
    Map<String, TreeMap<LocalDate, Double>> series = new LinkedHashMap<>();
    try (Connection c = ctx.db().connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT tenant_id || '|' || cost_type || '/' || service || '/' || model, "
                + "usage_date, total_cost_usd FROM cost_tracking WHERE usage_date >= ? AND usage_date <= ? "
                + "AND total_cost_usd IS NOT NULL AND pricing_status <> 'unpriced'" + tenantFilter
                + " ORDER BY 1, 2")) {
      ps.setDate(1, Date.valueOf(from));
      ps.setDate(2, Date.valueOf(last));
      ctx.tenant().ifPresent(t -> set(ps, 3, t));
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          series
              .computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
              .put(rs.getDate(2).toLocalDate(), rs.getBigDecimal(3).doubleValue());
        }
      }
    }
    int n = 0;
    for (Map.Entry<String, TreeMap<LocalDate, Double>> e : series.entrySet()) {
      for (Map.Entry<LocalDate, Double> day :
          e.getValue().subMap(first, true, last, true).entrySet()) {
        LocalDate d = day.getKey();
        List<Double> same = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        e.getValue().subMap(d.minus(s.cost().anomalyHistory()), true, d, false).forEach((hd, v) -> {
          all.add(v);
          if (hd.getDayOfWeek() == d.getDayOfWeek()) {
            same.add(v);
          }
        });
        boolean weekday = same.size() >= SAME_WEEKDAY_MIN;
        List<Double> hist = weekday ? same : all;
        if (hist.size() < (weekday ? SAME_WEEKDAY_MIN : s.cost().anomalyMinHistory())) {
          continue;
        }
        double[] h = hist.stream().mapToDouble(Double::doubleValue).toArray();
        double z = robustZ(day.getValue(), h);
        if (!(z > s.cost().anomalyThreshold())) {
          continue;
        }
        String k = e.getKey();
        String tenant = k.substring(0, k.indexOf('|'));
        String scope = k.substring(k.indexOf('|') + 1) + "@" + d;
        double med = median(h);
        com.fasterxml.jackson.databind.node.ObjectNode details = Json.object()
            .put("date", d.toString())
            .put("key", scope)
            .put("cost_usd", day.getValue())
            .put("median_usd", med)
            .put("mad_usd", median(Arrays.stream(h).map(x -> Math.abs(x - med)).toArray()))
            .put("z", Double.isInfinite(z) ? null : z)
            .put("threshold", s.cost().anomalyThreshold())
            .put("history_days", h.length)
            .put("weekday_history", weekday);
        Arrays.stream(h).forEach(details.putArray("history_usd")::add);
        alerts.add(RowFactory.create(
            tenant,
            "cost_anomaly",
            scope,
            Date.valueOf(d.withDayOfMonth(1)),
            z > 2 * s.cost().anomalyThreshold() ? "critical" : "high",
            null,
            false,
            Json.write(details),
            NAME));
        n++;
      }
    }
    return n;
  }
}
