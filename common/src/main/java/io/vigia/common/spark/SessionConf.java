package io.vigia.common.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Session settings set for a while and then put back as they were: a setting that was not set on the
 * session is unset again (Spark's default applies), one that was is given its value back. The
 * settings are the session's, seen by every thread using it: callers keep one such change at a time.
 */
public final class SessionConf {
  private final SparkSession spark;
  /** Each changed key and its value before (null: it was not set). */
  private final Map<String, String> previous = new LinkedHashMap<>();

  private SessionConf(SparkSession spark) {
    this.spark = spark;
  }

  /** Sets the values on the session; if one cannot be set, those already set are put back. */
  public static SessionConf set(SparkSession spark, Map<String, String> values) {
    SessionConf c = new SessionConf(spark);
    try {
      for (Map.Entry<String, String> e : values.entrySet()) {
        c.previous.put(e.getKey(), spark.conf().get(e.getKey(), null));
        spark.conf().set(e.getKey(), e.getValue());
      }
    } catch (RuntimeException e) {
      c.restore();
      throw e;
    }
    return c;
  }

  /** Puts the changed settings back as they were before {@link #set}. */
  public void restore() {
    previous.forEach((k, v) -> {
      if (v == null) {
        spark.conf().unset(k);
      } else {
        spark.conf().set(k, v);
      }
    });
  }
}
