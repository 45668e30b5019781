#!/bin/sh
# setup-schema.sh: creates Temporal's two PostgreSQL databases (persistence and visibility) when
# they are missing and brings their schemas to the version the server needs. Idempotent: run on
# every start, it creates nothing twice and applies only the missing schema versions.
#
# The one schema procedure of the fleet: the compose stack's temporal-schema service runs it in the
# temporalio/admin-tools image (POSIX sh: that image has no bash), and `./fleet cluster up` runs it
# with the temporal-sql-tool it built.
#
# Environment: POSTGRES_SEEDS, DB_PORT (default 5432), POSTGRES_USER, POSTGRES_PWD, DBNAME (default
# temporal), VISIBILITY_DBNAME (default temporal_visibility), SCHEMA_DIR (the server's
# schema/postgresql/v12 folder; default the admin-tools image's), SQL_TOOL (default
# temporal-sql-tool on PATH).
set -eu

: "${POSTGRES_SEEDS:?set POSTGRES_SEEDS to PostgreSQL's host}"
: "${POSTGRES_USER:?set POSTGRES_USER to Temporal's PostgreSQL login}"
schema_dir="${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"
tool="${SQL_TOOL:-temporal-sql-tool}"
if [ ! -d "$schema_dir/temporal/versioned" ]; then
  echo "setup-schema: no schema under $schema_dir (set SCHEMA_DIR)" >&2
  exit 1
fi

sql() {
  "$tool" --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "${DB_PORT:-5432}" \
    -u "$POSTGRES_USER" --pw "${POSTGRES_PWD:-}" "$@"
}

# setup DATABASE SCHEMA: the database, its version tables, then every missing schema version.
setup() {
  if ! out="$(sql --db "$1" create-database 2>&1)"; then
    case "$out" in
      *"already exists"*) ;;
      *) echo "setup-schema: cannot create database $1: $out" >&2; exit 1 ;;
    esac
  fi
  if ! out="$(sql --db "$1" setup-schema -v 0.0 2>&1)"; then
    echo "setup-schema: cannot set up $1: $out" >&2
    exit 1
  fi
  if ! out="$(sql --db "$1" update-schema -d "$schema_dir/$2/versioned" 2>&1)"; then
    echo "setup-schema: cannot update $1: $out" >&2
    exit 1
  fi
  echo "setup-schema: database $1 has the current $2 schema"
}

setup "${DBNAME:-temporal}" temporal
setup "${VISIBILITY_DBNAME:-temporal_visibility}" visibility
