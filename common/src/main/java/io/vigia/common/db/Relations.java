package io.vigia.common.db;

/** Which PostgreSQL relations hold a table's rows, for the queries that size or list them. */
public final class Relations {
  private Relations() {}

  /**
   * A query of one column, {@code relid}: the leaf partitions of the public table named by its one
   * bound parameter, or the table itself when it is not partitioned; no row when there is no such
   * table. (pg_partition_tree lists nothing for a table that is not partitioned, and a partitioned
   * table's root holds no rows of its own.)
   */
  public static final String LEAVES_OF_TABLE =
      "SELECT l.relid FROM (SELECT to_regclass('public.' || quote_ident(?)) AS oid) AS x"
          + " CROSS JOIN LATERAL (SELECT t.relid FROM pg_partition_tree(x.oid) AS t WHERE t.isleaf"
          + " UNION SELECT c.oid FROM pg_class AS c WHERE c.oid = x.oid AND c.relkind = 'r') AS l";
}
