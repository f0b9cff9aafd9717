package io.vigia.common.job;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Which rows of a results table a run owns: a SQL predicate over the table's own columns with its
 * parameters. A re-run deletes (or upserts within) exactly these rows, and every staged row must
 * satisfy it, so a run can never touch another window's rows.
 */
public record Scope(String sql, List<Object> params) {
  public Scope {
    params = List.copyOf(params);
  }

  /** No row: the stale condition of an upsert whose rows are never deleted. */
  public static final Scope NO_ROW = new Scope("false", List.of());

  /** A predicate over plain columns with its bound parameters (never values written into the SQL). */
  public static Scope where(String predicate, Object... params) {
    return new Scope(predicate, List.of(params));
  }

  /** Rows whose column lies in [window start, window end). */
  public static Scope within(String column, Window w) {
    return new Scope(
        q(column) + " >= ? AND " + q(column) + " < ?",
        List.of(Timestamp.from(w.start()), Timestamp.from(w.end())));
  }

  /** Rows recorded for exactly this window (start and end columns equal to the window's). */
  public static Scope exactWindow(String startColumn, String endColumn, Window w) {
    return new Scope(
        q(startColumn) + " = ? AND " + q(endColumn) + " = ?",
        List.of(Timestamp.from(w.start()), Timestamp.from(w.end())));
  }

  /** This scope narrowed by another predicate over plain columns. */
  public Scope and(String predicate, Object... more) {
    List<Object> p = new ArrayList<>(params);
    p.addAll(List.of(more));
    return new Scope("(" + sql + ") AND (" + predicate + ")", p);
  }

  /** This scope narrowed to one tenant. */
  public Scope andTenant(String tenant) {
    List<Object> p = new ArrayList<>(params);
    p.add(tenant);
    return new Scope("(" + sql + ") AND tenant_id = ?", p);
  }

  static String q(String ident) {
    if (!ident.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain column name: " + ident);
    }
    return "\"" + ident + "\"";
  }
}
