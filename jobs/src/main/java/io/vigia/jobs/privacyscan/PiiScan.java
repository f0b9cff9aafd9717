package io.vigia.jobs.privacyscan;

import io.vigia.common.privacy.PiiDetector;
import io.vigia.common.privacy.PiiDetector.Finding;
import io.vigia.common.privacy.PiiSanitizer;
import io.vigia.common.privacy.PiiSanitizer.Method;
import io.vigia.common.privacy.PiiType;
import io.vigia.common.settings.PrivacySettings;
import io.vigia.common.settings.Settings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The scan as a pure transform: each input row keeps its columns, its text columns replaced by their
 * sanitized form, plus the scan's columns (pii_types, pii_fields, pii_findings, pii_confidence,
 * pii_method, record_ref, scan_status). Runs in mapPartitions on the executors; the driver never sees
 * a text. A text longer than the limit is not scanned: its column becomes null and scan_status says
 * why (the record counts as quarantined).
 */
public final class PiiScan implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final StructType SCAN_COLUMNS = new StructType()
      .add("pii_types", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("pii_fields", DataTypes.IntegerType, false)
      .add("pii_findings", DataTypes.IntegerType, false)
      .add("pii_confidence", DataTypes.DoubleType, true)
      .add("pii_method", DataTypes.StringType, true)
      .add("record_ref", DataTypes.StringType, false)
      .add("scan_status", DataTypes.StringType, false);

  private final PiiDetector detector;
  private final PiiSanitizer sanitizer;
  private final Map<String, String> countries;
  private final String defaultCountry;
  private final int maxChars;

  public PiiScan(
      PiiDetector detector,
      PiiSanitizer sanitizer,
      Map<String, String> countries,
      String defaultCountry,
      int maxChars) {
    this.detector = detector;
    this.sanitizer = sanitizer;
    this.countries = Map.copyOf(countries);
    this.defaultCountry = defaultCountry;
    this.maxChars = maxChars;
  }

  /** The scan configured by the settings; fails naming the setting when hashing lacks its secret. */
  public static PiiScan of(Settings s, Map<String, String> countries) {
    PrivacySettings p = s.privacy();
    return new PiiScan(
        new PiiDetector(p.minConfidence()),
        new PiiSanitizer(p.methods(), p.hashSecret()),
        countries,
        p.defaultCountry(),
        p.maxTextChars());
  }

  public PiiSanitizer sanitizer() {
    return sanitizer;
  }

  /** Scans {@code textCols} of each row of {@code in}; {@code source} and {@code idCol} make the record reference. */
  public Dataset<Row> apply(Dataset<Row> in, List<String> textCols, String source, String idCol) {
    StructType inSchema = in.schema();
    StructType out = inSchema;
    for (var f : SCAN_COLUMNS.fields()) {
      out = out.add(f);
    }
    int[] textIdx = textCols.stream().mapToInt(inSchema::fieldIndex).toArray();
    int tenantIdx = inSchema.fieldIndex("tenant_id");
    int idIdx = inSchema.fieldIndex(idCol);
    int width = inSchema.size();
    PiiScan self = this;
    return in.mapPartitions(
        (MapPartitionsFunction<Row, Row>) rows -> new Iterator<>() {
          @Override
          public boolean hasNext() {
            return rows.hasNext();
          }

          @Override
          public Row next() {
            return self.scanRow(rows.next(), textIdx, tenantIdx, idIdx, width, source, textCols);
          }
        },
        Encoders.row(out));
  }

  Row scanRow(
      Row r,
      int[] textIdx,
      int tenantIdx,
      int idIdx,
      int width,
      String source,
      List<String> textCols) {
    Object[] v = new Object[width + SCAN_COLUMNS.size()];
    for (int i = 0; i < width; i++) {
      v[i] = r.get(i);
    }
    String tenant = r.getString(tenantIdx);
    String country = countries.getOrDefault(tenant, defaultCountry);
    EnumSet<PiiType> types = EnumSet.noneOf(PiiType.class);
    int fields = 0;
    int findings = 0;
    double conf = 0;
    Method strongest = null;
    String status = "ok";
    for (int k = 0; k < textIdx.length; k++) {
      Object o = r.get(textIdx[k]);
      if (o == null) {
        continue;
      }
      String text = o.toString();
      if (text.length() > maxChars) {
        v[textIdx[k]] = null;
        status = "text_too_long:" + textCols.get(k);
        continue;
      }
      List<Finding> fs = detector.detect(text, country);
      if (fs.isEmpty()) {
        continue;
      }
      fields++;
      findings += fs.size();
      for (Finding f : fs) {
        types.add(f.type());
        conf = Math.max(conf, f.confidence());
        Method m = sanitizer.methodOf(f.type());
        strongest = stronger(strongest, m);
      }
      v[textIdx[k]] = sanitizer.sanitize(text, fs, tenant);
    }
    List<String> names = new ArrayList<>(types.size());
    types.forEach(t -> names.add(t.wire));
    int at = width;
    v[at++] = scala.jdk.javaapi.CollectionConverters.asScala(names).toSeq();
    v[at++] = fields;
    v[at++] = findings;
    v[at++] = findings == 0 ? null : conf;
    v[at++] = strongest == null ? null : strongest.wire;
    v[at++] = sanitizer.recordRef(tenant, source, String.valueOf(r.get(idIdx)));
    v[at] = status;
    return RowFactory.create(v);
  }

  /** remove > hash > mask: the record's method is the most destructive one applied to it. */
  static Method stronger(Method a, Method b) {
    if (a == null) {
      return b;
    }
    int ra = a == Method.REMOVE ? 2 : a == Method.HASH ? 1 : 0;
    int rb = b == Method.REMOVE ? 2 : b == Method.HASH ? 1 : 0;
    return rb > ra ? b : a;
  }
}
