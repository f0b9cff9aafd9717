-- =====================================================================================================
-- vigia V9: partition maintenance and retention tiers (issue 8: the `partitions` and `retention` jobs).
--   * retention_moves: one row per move of a slice of rows between tiers (hot = PostgreSQL, warm =
--     Delta lake/archive/warm/<table>, cold = Delta lake/archive/cold/<table>, deleted). A move goes
--     started -> exported -> verified -> done; a run that dies leaves it open and the next run resumes
--     it (at most one open move per table x tiers x month x source x selection).
--   * retention_status: what each table holds in each tier (for the data inventory report).
--   * The seeded partition_management configs lose the keys that only repeated vigia's defaults
--     (hot_days 90, warm_days 365, cold_years 7, months_ahead 3), so the settings
--     vigia.retention.* / vigia.partitioning.months-ahead govern them; a key put back into a table's
--     config overrides the setting for that table.
-- Plain DDL only: runs inside Flyway's single transaction.
-- =====================================================================================================

CREATE TABLE retention_moves (
    id           bigserial    PRIMARY KEY,
    table_name   text         NOT NULL,
    tier_from    text         NOT NULL,
    tier_to      text         NOT NULL,
    month        date         NOT NULL,
    source       text         NOT NULL,
    selection    text         NOT NULL DEFAULT 'all',
    batch        text         NOT NULL,
    status       text         NOT NULL DEFAULT 'started',
    row_count    bigint,
    checksum     text,
    started_at   timestamptz  NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    run_id       uuid,
    details      jsonb        NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT rm_tiers_chk     CHECK ((tier_from, tier_to) IN (('hot', 'warm'), ('warm', 'cold'), ('cold', 'deleted'))),
    CONSTRAINT rm_status_chk    CHECK (status IN ('started', 'exported', 'verified', 'done')),
    CONSTRAINT rm_month_chk     CHECK (month = date_trunc('month', month)::date),
    CONSTRAINT rm_selection_chk CHECK (selection IN ('all', 'low_risk')),
    CONSTRAINT rm_count_chk     CHECK (row_count >= 0),
    CONSTRAINT rm_done_chk      CHECK (status <> 'done' OR (finished_at IS NOT NULL AND row_count IS NOT NULL))
);
CREATE UNIQUE INDEX retention_moves_open_key
    ON retention_moves (table_name, tier_from, tier_to, month, source, selection) WHERE status <> 'done';
CREATE INDEX retention_moves_table_idx ON retention_moves (table_name, tier_to, month);

COMMENT ON TABLE retention_moves IS
    'Retention tier moves (retention job): a slice of a table''s rows (month x source relation x selection) moved hot->warm (PostgreSQL to Delta), warm->cold (compacted Delta archive) or cold->deleted; batch tags the rows in the archive; checksum = count:sum(xxhash64) of the rows, equal on both sides before the source is dropped.';
COMMENT ON COLUMN retention_moves.source IS 'The relation (partition, default partition) or archive tier the rows came from.';
COMMENT ON COLUMN retention_moves.selection IS 'all = every row of the month in the source; low_risk = low-risk privacy events under the shorter hot limit.';

CREATE VIEW retention_status AS
WITH flows AS (
    SELECT table_name, tier_to AS tier, month, row_count AS delta, finished_at
      FROM retention_moves WHERE status = 'done'
    UNION ALL
    SELECT table_name, tier_from, month, -row_count, finished_at
      FROM retention_moves WHERE status = 'done' AND tier_from <> 'hot'
), per_month AS (
    SELECT table_name, tier, month, sum(delta) AS row_count, max(finished_at) AS last_move_at
      FROM flows GROUP BY table_name, tier, month
)
SELECT table_name,
       tier,
       count(*) FILTER (WHERE row_count > 0)                      AS months,
       coalesce(sum(row_count) FILTER (WHERE row_count > 0), 0)   AS row_count,
       min(month) FILTER (WHERE row_count > 0)                    AS oldest_month,
       max(month) FILTER (WHERE row_count > 0)                    AS newest_month,
       max(last_move_at)                                          AS last_move_at
  FROM per_month
 GROUP BY table_name, tier;

COMMENT ON VIEW retention_status IS
    'Per table x tier (warm, cold; deleted = rows removed past the cold limit): months and rows held, from the completed retention moves; hot rows are the table itself.';

UPDATE partition_management
   SET config = config - 'hot_days' - 'warm_days' - 'cold_years' - 'months_ahead'
 WHERE config @> '{"months_ahead":3,"hot_days":90,"warm_days":365,"cold_years":7}'::jsonb;
