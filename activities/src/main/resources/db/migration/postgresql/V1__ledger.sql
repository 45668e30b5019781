-- The action ledger, the local sandbox effects and the hash-chained audit log, on PostgreSQL.
-- Same version, tables and columns as sqlite/V1__ledger.sql; the fleet CLI reads these tables
-- by name, so rename nothing without changing it too. Times are ISO-8601 UTC text.

CREATE TABLE ledger_actions (
  idempotency_key  TEXT PRIMARY KEY,
  workflow_id      TEXT NOT NULL,
  record_id        TEXT,
  agent            TEXT,
  step_id          TEXT NOT NULL,
  connector        TEXT NOT NULL,
  operation        TEXT NOT NULL,
  amount           NUMERIC,
  currency         TEXT,
  approved_by      TEXT,
  attestation_json TEXT NOT NULL,
  status           TEXT NOT NULL,
  result_json      TEXT,
  created_at       TEXT NOT NULL,
  completed_at     TEXT
);

CREATE INDEX ledger_actions_workflow_id ON ledger_actions (workflow_id);

CREATE TABLE sandbox_payments (
  refund_id       TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  order_id        TEXT,
  amount          NUMERIC NOT NULL,
  currency        TEXT,
  workflow_id     TEXT,
  created_at      TEXT NOT NULL
);

CREATE TABLE sandbox_mail (
  message_id      TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  to_address      TEXT,
  subject         TEXT,
  body            TEXT,
  workflow_id     TEXT,
  created_at      TEXT NOT NULL
);

-- seq is assigned while the appender holds the table lock (LOCK TABLE audit_log IN EXCLUSIVE
-- MODE), so seq order is chain order; a skipped duplicate may leave a gap, which is harmless.
CREATE TABLE audit_log (
  seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry_key       TEXT NOT NULL UNIQUE,
  workflow_id     TEXT,
  record_id       TEXT,
  agent           TEXT,
  definition_hash TEXT,
  kind            TEXT NOT NULL,
  step_id         TEXT,
  actor           TEXT,
  detail          TEXT,
  at              TEXT NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL
);

CREATE INDEX audit_log_workflow_id ON audit_log (workflow_id);
