#!/usr/bin/env bash
# validate-compose.sh: checks docker-compose.temporal.yml without a Docker engine.
#
#   deploy/validate-compose.sh [FILE]      (FILE defaults to docker-compose.temporal.yml at the root)
#
# 1. Compose itself parses and validates the file (`config -q`): Compose v2 (`docker compose`)
#    when the plugin is there, else Compose v1 (`docker-compose`, Debian's package). Neither
#    needs a running engine for `config`. When neither is installed, root installs Debian's
#    docker-compose with apt-get; anyone else gets told what to install.
# 2. A static check with python3 + PyYAML, when both are there: every service names an image
#    and every depends_on target is a service of the file.
#
# Prints "<file>: valid (<tool>)" and exits 0, or says what is wrong and exits 1.
# FLEET_COMPOSE=v1|v2 forces one Compose (for testing both).
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
FILE="${1:-$ROOT/docker-compose.temporal.yml}"
NAME="$(basename "$FILE")"

die() {
  echo "validate-compose: $*" >&2
  exit 1
}

[[ -f "$FILE" ]] || die "$FILE not found"

# Sets COMPOSE (the command, as an array) and TOOL (its name and version), or returns 1.
find_compose() {
  local want="${FLEET_COMPOSE:-any}" version
  if [[ "$want" != v1 ]] && command -v docker >/dev/null 2>&1 &&
    version="$(docker compose version --short 2>/dev/null)" && [[ -n "$version" ]]; then
    COMPOSE=(docker compose)
    TOOL="docker compose ${version#v}"
    return 0
  fi
  if [[ "$want" != v2 ]] && command -v docker-compose >/dev/null 2>&1 &&
    version="$(docker-compose version --short 2>/dev/null)" && [[ -n "$version" ]]; then
    COMPOSE=(docker-compose)
    TOOL="docker-compose ${version#v}"
    return 0
  fi
  return 1
}

install_compose() {
  if [[ "$(id -u)" -ne 0 ]]; then
    die "neither 'docker compose' (Compose v2) nor 'docker-compose' (v1) is installed; install one" \
      "(Debian/Ubuntu: sudo apt-get install docker-compose) and run this again"
  fi
  command -v apt-get >/dev/null 2>&1 ||
    die "no Compose found and no apt-get to install one: install Docker Compose and run this again"
  echo "validate-compose: no Compose found; installing Debian's docker-compose" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends docker-compose >&2 || die "apt-get install docker-compose failed"
}

if ! find_compose; then
  [[ "${FLEET_COMPOSE:-any}" == v2 ]] &&
    die "FLEET_COMPOSE=v2 but 'docker compose' is not available"
  install_compose
  find_compose || die "docker-compose was installed but does not run: try 'docker-compose version'"
fi

# The environment a user might have must not change the verdict, and nothing may be pulled.
if ! out="$(cd "$(dirname "$FILE")" &&
  env -u FLEET_POSTGRES_PASSWORD -u COMPOSE_FILE -u COMPOSE_PROFILES \
    "${COMPOSE[@]}" -f "$FILE" config -q 2>&1)"; then
  echo "$out" >&2
  die "$NAME is not valid for $TOOL"
fi
# Compose reports some problems (unset variables, ...) as warnings with exit code 0.
if [[ -n "$out" ]]; then
  echo "$out" >&2
  die "$NAME: $TOOL warned (see above); fix the file so it is silent"
fi

if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' >/dev/null 2>&1; then
  python3 - "$FILE" <<'PY' || die "$NAME failed the static check"
import sys

import yaml

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    doc = yaml.safe_load(f)

problems = []
if not isinstance(doc, dict):
    problems.append("the file is not a mapping")
    doc = {}
if "version" in doc:
    problems.append("has a top-level 'version:' key (the Compose spec has none)")
services = doc.get("services")
if not isinstance(services, dict) or not services:
    problems.append("has no services")
    services = {}
for name, service in services.items():
    if not isinstance(service, dict):
        problems.append(f"service {name}: not a mapping")
        continue
    if not service.get("image"):
        problems.append(f"service {name}: no image")
    depends = service.get("depends_on") or []
    targets = list(depends) if isinstance(depends, (list, dict)) else [depends]
    for target in targets:
        if target not in services:
            problems.append(f"service {name}: depends_on '{target}', which is not a service")
for problem in problems:
    print(f"validate-compose: {path}: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
else
  echo "validate-compose: python3 with PyYAML not found; static check skipped" >&2
fi

echo "$NAME: valid ($TOOL)"
