-- The short-term vector memory: resolved cases an agent remembered, found again by meaning.
-- Same version, tables and columns as postgresql/V4__memory_items.sql. Times are ISO-8601 UTC
-- text, fixed width, so text order is time order.
--
-- embedding holds the case's all-MiniLM-L6-v2 vector as little-endian 32-bit floats; recall reads
-- the unexpired rows of one agent and namespace and compares them by brute force, which is fine at
-- the size the per-namespace cap (FLEET_MEMORY_MAX_ITEMS) allows. embedding_model names the model
-- that made the vector, so a change of model never compares vectors of two different spaces.
-- text is what the playbook's remember.text rendered (cut to its token budget), nothing more;
-- text_hash (SHA-256, hex) lets a newer copy of the same case replace the older one.

CREATE TABLE memory_items (
  id              TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  agent           TEXT NOT NULL,
  namespace       TEXT NOT NULL,
  text            TEXT NOT NULL,
  text_hash       TEXT NOT NULL,
  embedding_model TEXT NOT NULL,
  embedding       BLOB NOT NULL,
  outcome_json    TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  expires_at      TEXT NOT NULL
);

CREATE INDEX memory_items_scope ON memory_items (agent, namespace, created_at);
CREATE INDEX memory_items_expires_at ON memory_items (expires_at);
