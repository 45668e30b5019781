-- The sandbox card processor behind the cards connector (bank-support freezes a card it believes
-- lost, stolen or compromised). One row per card holder: status is 'active' or 'frozen'; a card
-- the sandbox has not seen is active. Every applied freeze or unfreeze is an event, once per
-- idempotency key, so a retried action changes nothing twice.
CREATE TABLE sandbox_cards (
  holder          TEXT PRIMARY KEY,
  card_id         TEXT NOT NULL UNIQUE,
  status          TEXT NOT NULL,
  workflow_id     TEXT,
  updated_at      TEXT NOT NULL
);

CREATE TABLE sandbox_card_events (
  event_id        TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  holder          TEXT NOT NULL,
  operation       TEXT NOT NULL,
  changed         INTEGER NOT NULL,
  workflow_id     TEXT,
  created_at      TEXT NOT NULL
);

CREATE INDEX sandbox_card_events_holder ON sandbox_card_events (holder);
