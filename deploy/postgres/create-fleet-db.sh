#!/usr/bin/env bash
# create-fleet-db.sh: gives the fleet's ledger its own database and login on the compose stack's
# PostgreSQL, next to Temporal's. Idempotent, so the compose file runs it on every start: it creates
# the role and the database when they are missing and sets the role's password to the configured
# one (so changing FLEET_LEDGER_DB_PASSWORD and restarting takes effect). The worker's Flyway
# migrations create the tables.
#
# Environment: PGHOST, PGUSER, PGPASSWORD (an administrator: the stack's `temporal` user),
# FLEET_LEDGER_DB (default fleet), FLEET_LEDGER_DB_USER (default fleet), FLEET_LEDGER_DB_PASSWORD.
set -euo pipefail

db="${FLEET_LEDGER_DB:-fleet}"
user="${FLEET_LEDGER_DB_USER:-fleet}"
: "${FLEET_LEDGER_DB_PASSWORD:?set FLEET_LEDGER_DB_PASSWORD}"

for attempt in $(seq 1 30); do
  pg_isready -q && break
  [[ $attempt -eq 30 ]] && { echo "create-fleet-db: PostgreSQL at ${PGHOST:-?} did not answer" >&2; exit 1; }
  sleep 2
done

psql -v ON_ERROR_STOP=1 -q -d "${PGDATABASE:-postgres}" \
  -v db="$db" -v user="$user" -v password="$FLEET_LEDGER_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'user', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SQL
echo "create-fleet-db: database $db owned by $user is ready"
