package io.vigia.jobs.pricing;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * The cost of each LLM call, one definition for every job that reports LLM money (performance,
 * costs, cache): exact decimals end to end.
 *
 * <pre>
 *   caller reported (cost_usd present)  cost = cost_usd as reported             status caller_reported
 *   cache = exact_hit / semantic_hit    cost = 0 (no provider call was billed)    status not_billed
 *   model priced at ts                  cost = (input - cached) x p_in            status priced
 *                                             + cached x p_cached (p_in when the catalog has none)
 *                                             + output x p_out
 *   otherwise (unknown model, no price valid at ts)   cost = NULL                 status unpriced
 * </pre>
 *
 * cached_input_tokens is a part of input_tokens (OpenTelemetry GenAI semantic conventions). The price
 * is the catalog row of the resolved model ({@link PriceCatalog#resolve}) with valid_from <= ts <
 * valid_to. Prices are DECIMAL(18,15) USD per token and tokens DECIMAL(15,0), so each product is exact
 * (DECIMAL(34,15)) and sums stay at scale 15 (Spark widens the precision of a sum, never its scale):
 * no float ever touches money.
 */
public final class LlmCosts {
  private LlmCosts() {}

  public static final DecimalType PRICE = DataTypes.createDecimalType(18, 15);
  public static final DecimalType TOKENS = DataTypes.createDecimalType(15, 0);
  public static final DecimalType MONEY = DataTypes.createDecimalType(38, 15);

  static final StructType MAPPING = new StructType()
      .add("m_provider", DataTypes.StringType, false)
      .add("m_request", DataTypes.StringType, false)
      .add("m_response", DataTypes.StringType, false)
      .add("m_model", DataTypes.StringType, true)
      .add("m_rule", DataTypes.StringType, true);

  static final StructType PRICES = new StructType()
      .add("p_provider", DataTypes.StringType, false)
      .add("p_model", DataTypes.StringType, false)
      .add("p_from", DataTypes.TimestampType, false)
      .add("p_to", DataTypes.TimestampType, true)
      .add("p_in", PRICE, false)
      .add("p_cached", PRICE, true)
      .add("p_out", PRICE, false)
      .add("p_version", DataTypes.StringType, false);

  /**
   * Adds to llm_call rows (tenant_id, ts, provider, request_model, response_model, input_tokens,
   * output_tokens, cached_input_tokens, cache, cost_usd, ...): model (the catalog model, or the
   * request model when unknown), match_rule, billed (cache = miss), cost (DECIMAL(38,15), NULL when
   * unpriced), catalog_cost (the catalog price of the tokens whatever the cache or caller said; NULL
   * when unknown: what a hit avoided), pricing_status and price_version. Model names are resolved once
   * per distinct (provider, request, response) on the driver; both joins are broadcast.
   */
  public static Dataset<Row> price(SparkSession spark, Dataset<Row> llm, PriceCatalog catalog) {
    List<Row> combos = llm.select(
            col("provider"), col("request_model"), coalesce(col("response_model"), lit("")))
        .distinct()
        .collectAsList();
    List<Row> mapping = new ArrayList<>();
    for (Row r : combos) {
      String resp = r.getString(2);
      Optional<PriceCatalog.Match> m =
          catalog.resolve(r.getString(0), r.getString(1), resp.isEmpty() ? null : resp);
      mapping.add(RowFactory.create(
          r.getString(0),
          r.getString(1),
          resp,
          m.map(PriceCatalog.Match::model).orElse(null),
          m.map(PriceCatalog.Match::rule).orElse(null)));
    }
    List<Row> prices = new ArrayList<>();
    for (PriceCatalog.Entry e : catalog.entries()) {
      prices.add(RowFactory.create(
          e.provider(),
          e.model(),
          Timestamp.from(e.validFrom()),
          e.validTo() == null ? null : Timestamp.from(e.validTo()),
          scaled(e.input()),
          scaled(e.cachedInput()),
          scaled(e.output()),
          e.priceVersion()));
    }
    Dataset<Row> map = spark.createDataFrame(mapping, MAPPING);
    Dataset<Row> pr = spark.createDataFrame(prices, PRICES);

    Dataset<Row> j = llm.join(
            broadcast(map),
            col("provider")
                .equalTo(col("m_provider"))
                .and(col("request_model").equalTo(col("m_request")))
                .and(coalesce(col("response_model"), lit("")).equalTo(col("m_response"))),
            "left")
        .join(
            broadcast(pr),
            col("m_model")
                .equalTo(col("p_model"))
                .and(col("provider").equalTo(col("p_provider")))
                .and(col("ts").geq(col("p_from")))
                .and(col("p_to").isNull().or(col("ts").lt(col("p_to")))),
            "left");

    Column in = coalesce(col("input_tokens"), lit(0L)).cast(TOKENS);
    Column cached = coalesce(col("cached_input_tokens"), lit(0L)).cast(TOKENS);
    Column out = coalesce(col("output_tokens"), lit(0L)).cast(TOKENS);
    Column catalogCost = in.minus(cached)
        .multiply(col("p_in"))
        .plus(cached.multiply(coalesce(col("p_cached"), col("p_in"))))
        .plus(out.multiply(col("p_out")))
        .cast(MONEY);
    Column billed = col("cache").equalTo("miss");
    Column status = when(col("cost_usd").isNotNull(), lit("caller_reported"))
        .when(billed.unary_$bang(), lit("not_billed"))
        .when(col("p_in").isNotNull(), lit("priced"))
        .otherwise(lit("unpriced"));
    Column cost = when(col("cost_usd").isNotNull(), col("cost_usd").cast(MONEY))
        .when(billed.unary_$bang(), lit(BigDecimal.ZERO).cast(MONEY))
        .when(col("p_in").isNotNull(), catalogCost)
        .otherwise(lit(null).cast(MONEY));
    List<Column> cols = new ArrayList<>();
    for (String c : llm.columns()) {
      cols.add(col(c));
    }
    cols.add(coalesce(col("m_model"), col("request_model")).as("model"));
    cols.add(col("m_rule").as("match_rule"));
    cols.add(billed.as("billed"));
    cols.add(cost.as("cost"));
    cols.add(when(col("p_in").isNotNull(), catalogCost).as("catalog_cost"));
    cols.add(status.as("pricing_status"));
    cols.add(col("p_version").as("price_version"));
    return j.select(cols.toArray(new Column[0]));
  }

  private static BigDecimal scaled(BigDecimal perToken) {
    return perToken == null ? null : perToken.setScale(15, java.math.RoundingMode.UNNECESSARY);
  }
}
