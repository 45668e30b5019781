-- The sandboxes behind the default connectors (crm, calendar, publisher, payment reversals) and
-- the fault table, on PostgreSQL. Same version, tables and columns as sqlite/V5__sandboxes.sql
-- (see it for the columns). The fleet CLI (fleet sandbox) reads and writes these tables by name.
-- Times are ISO-8601 UTC text, fixed width.

-- Faults injected into the connectors, changeable while the fleet runs (./fleet sandbox fault),
-- so retries, dead letters and compensations can be watched working. A worker reads the table on
-- each action (cached for at most a few hundred milliseconds) and, before it acts, sleeps
-- latency_ms and then fails the call as ConnectorTimeout with probability timeout_rate or as
-- ConnectorUnavailable with probability fail_rate (both retryable). operation '*' applies to every
-- operation of the connector. until_ms (epoch milliseconds) ends the fault; null keeps it.
CREATE TABLE sandbox_faults (
  connector    TEXT NOT NULL,
  operation    TEXT NOT NULL,
  fail_rate    DOUBLE PRECISION NOT NULL DEFAULT 0,
  timeout_rate DOUBLE PRECISION NOT NULL DEFAULT 0,
  latency_ms   BIGINT NOT NULL DEFAULT 0,
  until_ms     BIGINT,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (connector, operation)
);

-- The sandbox CRM: leads by id and email, a few seeded below. crm.update upserts fields on a lead
-- and records each applied update in sandbox_crm_updates, once per idempotency key.
CREATE TABLE sandbox_crm_leads (
  lead_id      TEXT PRIMARY KEY,
  email        TEXT NOT NULL UNIQUE,
  name         TEXT,
  company      TEXT,
  title        TEXT,
  employees    BIGINT,
  country      TEXT,
  last_contact TEXT,
  status       TEXT,
  notes        TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);

CREATE TABLE sandbox_crm_updates (
  update_id       TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  lead_id         TEXT NOT NULL,
  fields_json     TEXT NOT NULL,
  workflow_id     TEXT,
  created_at      TEXT NOT NULL
);

CREATE INDEX sandbox_crm_updates_lead_id ON sandbox_crm_updates (lead_id);

INSERT INTO sandbox_crm_leads (lead_id, email, name, company, title, employees, country,
    last_contact, status, notes, created_at, updated_at) VALUES
  ('lead_ada', 'ada@analytical-engines.example', 'Ada Lovelace', 'Analytical Engines Ltd',
    'CTO', 120, 'GB', '2025-01-15', 'open', NULL,
    '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
  ('lead_grace', 'grace@cobol-systems.example', 'Grace Hopper', 'Cobol Systems',
    'VP Engineering', 850, 'US', '2024-11-02', 'open', NULL,
    '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
  ('lead_alan', 'alan@bletchley-labs.example', 'Alan Turing', 'Bletchley Labs',
    'Head of Research', 40, 'GB', NULL, 'new', NULL,
    '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
  ('lead_katherine', 'katherine@orbit-analytics.example', 'Katherine Johnson',
    'Orbit Analytics', 'Data Lead', 15, 'US', '2025-02-20', 'open', NULL,
    '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
  ('lead_hedy', 'hedy@spectrum-wireless.example', 'Hedy Lamarr', 'Spectrum Wireless',
    'CEO', 300, 'AT', NULL, 'new', NULL,
    '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');

-- The sandbox sales calendar: one booking per idempotency key, at most one live booking per slot.
-- status is 'booked' or 'cancelled' (calendar.cancel, the compensation of calendar.book).
CREATE TABLE sandbox_bookings (
  booking_id      TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  lead_id         TEXT,
  email           TEXT,
  start_at        TEXT NOT NULL,
  end_at          TEXT NOT NULL,
  status          TEXT NOT NULL,
  workflow_id     TEXT,
  created_at      TEXT NOT NULL,
  cancelled_at    TEXT
);

CREATE UNIQUE INDEX sandbox_bookings_booked_slot ON sandbox_bookings (start_at)
  WHERE status = 'booked';

-- The sandbox publisher, and the canonical record of what was published where: one post per
-- idempotency key. status is 'published' or 'unpublished' (publisher.unpublish, the compensation).
CREATE TABLE sandbox_posts (
  post_id         TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  channel         TEXT NOT NULL,
  language        TEXT NOT NULL,
  title           TEXT NOT NULL,
  body            TEXT NOT NULL,
  url             TEXT NOT NULL,
  status          TEXT NOT NULL,
  workflow_id     TEXT,
  created_at      TEXT NOT NULL,
  unpublished_at  TEXT
);

CREATE INDEX sandbox_posts_channel ON sandbox_posts (channel, language);

-- payments.reverse-refund writes a row with the negated amount whose reverses column names the
-- refund it undoes; a refund is reversed at most once.
ALTER TABLE sandbox_payments ADD COLUMN reverses TEXT;

CREATE UNIQUE INDEX sandbox_payments_reverses ON sandbox_payments (reverses);
