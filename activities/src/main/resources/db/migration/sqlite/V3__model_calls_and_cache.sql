-- Cost governance: every model call accounted, and the content-addressed response cache.
-- Same version, tables and columns as postgresql/V3__model_calls_and_cache.sql. The fleet CLI
-- (fleet cost) reads model_calls by name. Times are ISO-8601 UTC text, fixed width, so text order
-- is time order and a quota window is a range scan on (agent, at).

CREATE TABLE model_calls (
  id              TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  workflow_id     TEXT,
  agent           TEXT,
  step_id         TEXT NOT NULL,
  tier            TEXT,
  provider        TEXT,
  model           TEXT,
  input_tokens    INTEGER NOT NULL,
  output_tokens   INTEGER NOT NULL,
  cost_usd        REAL NOT NULL,
  latency_ms      INTEGER NOT NULL,
  cache_hit       INTEGER NOT NULL,
  at              TEXT NOT NULL
);

CREATE INDEX model_calls_agent_at ON model_calls (agent, at);

-- cache_key is the SHA-256 (hex) of provider, model, task, prompt, labels, examples, output schema
-- and context; output_json only ever holds an output that passed its step's contract.
CREATE TABLE model_cache (
  cache_key   TEXT PRIMARY KEY,
  output_json TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  hits        INTEGER NOT NULL DEFAULT 0
);
