-- The short-term vector memory on PostgreSQL: resolved cases an agent remembered, found again by
-- meaning. Same version, tables and columns as sqlite/V4__memory_items.sql (see it for the
-- columns). Times are ISO-8601 UTC text.
--
-- Recall compares vectors by brute force in the worker, which is fine at the size the
-- per-namespace cap allows. The upgrade path when namespaces grow large is pgvector: a
-- vector(384) column beside embedding, an HNSW index with vector_cosine_ops, and recall as
-- ORDER BY embedding <=> ? LIMIT k; the fleet does not require the extension.

CREATE TABLE memory_items (
  id              TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  agent           TEXT NOT NULL,
  namespace       TEXT NOT NULL,
  text            TEXT NOT NULL,
  text_hash       TEXT NOT NULL,
  embedding_model TEXT NOT NULL,
  embedding       BYTEA NOT NULL,
  outcome_json    TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  expires_at      TEXT NOT NULL
);

CREATE INDEX memory_items_scope ON memory_items (agent, namespace, created_at);
CREATE INDEX memory_items_expires_at ON memory_items (expires_at);
