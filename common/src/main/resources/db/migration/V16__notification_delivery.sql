-- =====================================================================================================
-- vigia V16 (issue 18): delivery of the notification outbox (V14) by the notify job.
--
-- notification_deliveries: one row per notification x channel (webhook, slack, email), and one per
-- digest (tenant x channel x day). A row is CLAIMED (status sending, attempts + 1, claimed_by = run)
-- in a transaction committed BEFORE anything is sent, and marked sent/failed/dead after: a run killed
-- in between leaves its claims, which the next run (the notify run lock makes every earlier claim one
-- of a dead run) or the lease expiry hands back for a re-send under the SAME key. Receivers de-duplicate
-- on the key (X-Vigia-Delivery), so delivery is at least once, exactly once as they see it.
--
-- Statuses: pending (to send), sending (claimed), failed (will retry at next_attempt_at), sent, dead
-- (permanent failure or attempts exhausted; a notification_failed notification is enqueued), queued
-- (below the immediate severity: waits for its daily digest), digested (in the digest digest_id),
-- skipped (no channel routes its tenant).
--
-- last_error is written by vigia from the status code or error class (never a response body, a URL or
-- a secret: the job redacts every secret value from it before writing).
-- =====================================================================================================
-- severities are compared with vigia_severity_rank (V15)

CREATE TABLE notification_deliveries (
    id              bigserial    PRIMARY KEY,
    -- the notification (NULL for a digest row)
    outbox_id       bigint       REFERENCES notification_outbox (id) ON DELETE CASCADE,
    -- the idempotency key sent: the notification's key, or digest:<day>:<channel>:<tenant>
    key             text         NOT NULL,
    channel         text         NOT NULL,
    tenant_id       text         NOT NULL DEFAULT '',
    -- a digest row: the UTC day it covers (NULL for a single notification)
    digest_day      date,
    -- a digested notification: the digest row it went out in
    digest_id       bigint       REFERENCES notification_deliveries (id),
    status          text         NOT NULL,
    attempts        integer      NOT NULL DEFAULT 0,
    next_attempt_at timestamptz  NOT NULL DEFAULT now(),
    claimed_by      uuid,
    claimed_at      timestamptz,
    lease_until     timestamptz,
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT nd_key UNIQUE (key, channel),
    CONSTRAINT nd_channel_chk CHECK (channel IN ('webhook', 'slack', 'email', 'none')),
    CONSTRAINT nd_status_chk CHECK (status IN ('pending', 'sending', 'failed', 'sent', 'dead', 'queued', 'digested',
        'skipped')),
    CONSTRAINT nd_kind_chk CHECK ((outbox_id IS NULL) = (digest_day IS NOT NULL)),
    CONSTRAINT nd_digested_chk CHECK ((status = 'digested') = (digest_id IS NOT NULL)),
    CONSTRAINT nd_sent_chk CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    CONSTRAINT nd_attempts_chk CHECK (attempts >= 0)
);
CREATE UNIQUE INDEX notification_deliveries_outbox_channel ON notification_deliveries (outbox_id, channel)
    WHERE outbox_id IS NOT NULL;
-- the claim query: what is due
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at)
    WHERE status IN ('pending', 'failed');
CREATE INDEX notification_deliveries_open ON notification_deliveries (status)
    WHERE status IN ('sending', 'queued', 'dead');
CREATE INDEX notification_deliveries_digest ON notification_deliveries (digest_id) WHERE digest_id IS NOT NULL;

COMMENT ON TABLE notification_deliveries IS
    'Delivery state of each notification x channel and of each daily digest (notify job): claimed before sending, recorded after; at least once under the idempotency key.';
COMMENT ON COLUMN notification_deliveries.last_error IS
    'The last failure, written by vigia (HTTP status, timeout, error class); never a URL, a response body or a secret.';

-- Per-tenant routing, on top of the channels the settings configure (a channel is on when its URL or
-- host is set): a row switches a channel off for a tenant (enabled = false) or gives the tenant its
-- own immediate threshold on that channel (below min_severity: the daily digest). No row: the channel
-- with VIGIA_NOTIFY_MIN_SEVERITY. Destinations themselves are secrets and never stored here.
CREATE TABLE notification_routes (
    tenant_id     text         NOT NULL,
    channel       text         NOT NULL,
    min_severity  text         NOT NULL DEFAULT 'high',
    enabled       boolean      NOT NULL DEFAULT true,
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, channel),
    CONSTRAINT nr_channel_chk CHECK (channel IN ('webhook', 'slack', 'email')),
    CONSTRAINT nr_severity_chk CHECK (min_severity IN ('low', 'medium', 'high', 'critical'))
);
COMMENT ON TABLE notification_routes IS
    'Per-tenant routing of notifications: switch a configured channel off, or set its immediate severity (below: daily digest).';

-- What operators look at: deliveries that will not happen without a human (dead letters), newest first.
CREATE VIEW notification_dead_letters AS
SELECT d.id AS delivery_id, d.channel, d.tenant_id, d.key, coalesce(o.kind, 'digest') AS kind,
       o.severity, coalesce(o.title, 'digest of ' || d.digest_day) AS title, d.attempts, d.last_error,
       d.updated_at AS dead_since
  FROM notification_deliveries d
  LEFT JOIN notification_outbox o ON o.id = d.outbox_id
 WHERE d.status = 'dead';
COMMENT ON VIEW notification_dead_letters IS
    'Dead-lettered deliveries (each also raised a notification_failed notification): fix the channel, then set status = ''failed'', attempts = 0 to retry.';
