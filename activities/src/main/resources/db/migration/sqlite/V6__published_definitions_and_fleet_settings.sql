-- Agent definitions published with ./fleet agents publish: the playbook text, the SHA-256 of its
-- UTF-8 bytes (the name runs give it), and a release key's Ed25519 signature over the agent's name
-- and that hash (dev.agentfleet.workflows.definition.DefinitionSignature). The table is a
-- distribution channel, not a source of trust: a worker runs a published definition only when a
-- release key it trusts (FLEET_RELEASE_PUBLIC_KEYS) verifies the signature and the text hashes to
-- sha256, so whoever can write here still cannot make a worker run a definition of their own.
-- Same columns in sqlite/ and postgresql/. published_at is ISO-8601 UTC text.
CREATE TABLE published_definitions (
  sha256       TEXT NOT NULL PRIMARY KEY,
  agent        TEXT NOT NULL,
  playbook     TEXT NOT NULL,
  key_id       TEXT NOT NULL,
  signature    TEXT NOT NULL,
  published_at TEXT NOT NULL
);

-- What the workers declare about the deployment, for the CLI to find without being told:
-- payload_encryption holds the active payload key's id once any worker ran with payload
-- encryption on. No worker clears it, so a CLI never starts a plaintext run into a fleet that
-- encrypts (dev.agentfleet.starter.connection.DeploymentEncryption).
CREATE TABLE fleet_settings (
  name       TEXT NOT NULL PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
