#!/usr/bin/env bash
# validate-compose.sh: checks docker-compose.temporal.yml without a Docker engine.
#
#   deploy/validate-compose.sh [FILE]      (FILE defaults to docker-compose.temporal.yml at the root)
#
# 1. Compose itself parses and validates the file (`config -q`): Compose v2 (`docker compose`)
#    when the plugin is there, else Compose v1 (`docker-compose`, Debian's package). Neither
#    needs a running engine for `config`. When neither is installed, root installs Debian's
#    docker-compose with apt-get; anyone else gets told what to install.
# 2. The files the stack reads exist and parse: the Dockerfile and its entrypoint, every bind
#    mount's source, the Grafana dashboard JSON (python3 -m json.tool), and, with PyYAML, the
#    Prometheus config and Grafana provisioning files.
# 3. A static check with python3 + PyYAML, when both are there: every service names an image,
#    every depends_on target is a service, every named volume is declared, long-running services
#    have a health check, the scalable `worker` has no container_name and publishes no port,
#    binds its metrics beyond loopback (FLEET_METRICS_HOST=0.0.0.0) for Prometheus to scrape,
#    Prometheus finds workers through DNS, and every fleet_* metric the dashboard queries is one
#    the code emits.
# 4. Parity with `./fleet cluster up` (python3 + PyYAML): the Temporal server runs the plain
#    temporalio/server image with deploy/temporal/server.yaml and dynamicconfig.yaml, the schema
#    and setup jobs run deploy/temporal's scripts, all three images are the server version cluster
#    up builds (ServerTools.VERSION), every variable cluster up sets is one the template reads and
#    so is every variable compose sets, the history shards agree, cluster up runs the same schema
#    and ledger-database scripts, and deploy/temporal/search-attributes.txt is exactly
#    FleetSearchAttributes.ALL.
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

# The environment a user might have must not change the verdict (passwords, model keys, OTEL_*,
# COMPOSE_*), and nothing may be pulled: Compose runs with only PATH and HOME.
if ! out="$(cd "$(dirname "$FILE")" &&
  env -i PATH="$PATH" HOME="${HOME:-/root}" "${COMPOSE[@]}" -f "$FILE" config -q 2>&1)"; then
  echo "$out" >&2
  die "$NAME is not valid for $TOOL"
fi
# Compose reports some problems (unset variables, ...) as warnings with exit code 0.
if [[ -n "$out" ]]; then
  echo "$out" >&2
  die "$NAME: $TOOL warned (see above); fix the file so it is silent"
fi

DIR="$(cd "$(dirname "$FILE")" && pwd)"
DASHBOARD="$DIR/deploy/grafana/dashboards/agent-fleet.json"
for needed in Dockerfile .dockerignore deploy/docker-entrypoint.sh deploy/postgres/create-fleet-db.sh \
  deploy/temporal/server.yaml deploy/temporal/dynamicconfig.yaml deploy/temporal/setup-schema.sh \
  deploy/temporal/setup-namespace.sh deploy/temporal/search-attributes.txt \
  deploy/prometheus/prometheus.yml deploy/grafana/provisioning/datasources/prometheus.yml \
  deploy/grafana/provisioning/dashboards/agent-fleet.yml deploy/grafana/dashboards/agent-fleet.json; do
  [[ -f "$DIR/$needed" ]] || die "$NAME: $needed is missing (the stack needs it)"
done
for executable in deploy/docker-entrypoint.sh deploy/postgres/create-fleet-db.sh \
  deploy/temporal/setup-schema.sh deploy/temporal/setup-namespace.sh; do
  [[ -x "$DIR/$executable" ]] || die "$NAME: $executable is not executable"
done
if command -v python3 >/dev/null 2>&1; then
  python3 -m json.tool "$DASHBOARD" >/dev/null || die "$DASHBOARD is not valid JSON"
else
  echo "validate-compose: python3 not found; dashboard JSON not checked" >&2
fi

if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' >/dev/null 2>&1; then
  python3 - "$FILE" <<'PY' || die "$NAME failed the static check"
import json
import os
import re
import sys

import yaml

path = sys.argv[1]
root = os.path.dirname(os.path.abspath(path))
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

declared_volumes = set((doc.get("volumes") or {}).keys())
for name, service in services.items():
    if not isinstance(service, dict):
        continue
    for volume in service.get("volumes") or []:
        source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source", "")
        if source.startswith(("./", "../", "/")):
            if not os.path.exists(os.path.join(root, source)):
                problems.append(f"service {name}: mounts {source}, which does not exist")
        elif source and source not in declared_volumes:
            problems.append(f"service {name}: volume '{source}' is not declared under volumes:")
    build = service.get("build")
    if build:
        context = build if isinstance(build, str) else build.get("context", ".")
        dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
        if not os.path.isfile(os.path.join(root, context, dockerfile)):
            problems.append(f"service {name}: builds {context}/{dockerfile}, which does not exist")
    one_shot = str(service.get("restart", "")).startswith("on-failure")
    # The Web UI's image ships no HTTP client to probe itself with, and nothing waits for it.
    if not one_shot and name != "temporal-ui" and "healthcheck" not in service:
        problems.append(f"service {name}: a long-running service without a healthcheck")

worker = services.get("worker")
if not isinstance(worker, dict):
    problems.append("has no 'worker' service")
else:
    if "container_name" in worker:
        problems.append("service worker: container_name stops --scale worker=N")
    if worker.get("ports"):
        problems.append("service worker: published ports clash under --scale worker=N")
    # The worker binds its metrics to loopback unless told otherwise; Prometheus scrapes it over
    # the compose network, so the worker must say so.
    worker_env = worker.get("environment") or {}
    if isinstance(worker_env, list):
        worker_env = dict(e.split("=", 1) for e in worker_env if "=" in e)
    if str(worker_env.get("FLEET_METRICS_HOST", "")) != "0.0.0.0":
        problems.append("service worker: FLEET_METRICS_HOST must be 0.0.0.0 for Prometheus to"
                        " scrape it (the worker binds loopback by default)")

def load_yaml(relative):
    with open(os.path.join(root, relative), encoding="utf-8") as f:
        return yaml.safe_load(f)

prometheus = load_yaml("deploy/prometheus/prometheus.yml")
jobs = {job.get("job_name"): job for job in prometheus.get("scrape_configs", [])}
worker_job = jobs.get("fleet-worker", {})
names = [n for sd in worker_job.get("dns_sd_configs", []) for n in sd.get("names", [])]
if "worker" not in names and "tasks.worker" not in names:
    problems.append("deploy/prometheus/prometheus.yml: no dns_sd_configs job finds the workers")

datasources = load_yaml("deploy/grafana/provisioning/datasources/prometheus.yml")
uids = {d.get("uid") for d in datasources.get("datasources", [])}
providers = load_yaml("deploy/grafana/provisioning/dashboards/agent-fleet.yml")
if not providers.get("providers"):
    problems.append("deploy/grafana/provisioning/dashboards/agent-fleet.yml: no provider")

with open(os.path.join(root, "deploy/grafana/dashboards/agent-fleet.json"), encoding="utf-8") as f:
    dashboard = json.load(f)
exprs = []
for panel in dashboard.get("panels", []):
    for target in panel.get("targets", []):
        exprs.append(target.get("expr", ""))
        uid = (target.get("datasource") or {}).get("uid")
        if uid not in uids:
            problems.append(f"dashboard panel '{panel.get('title')}': data source uid {uid} is not provisioned")
if not exprs:
    problems.append("the dashboard has no queries")

# Every fleet_* series the dashboard reads must be one the code emits: Micrometer names it from
# the registered name (dots become underscores) plus a unit or type suffix.
sources = []
for module in ("workflows", "activities", "worker"):
    for base, _, files in os.walk(os.path.join(root, module, "src", "main")):
        for file in files:
            if file.endswith(".java"):
                with open(os.path.join(base, file), encoding="utf-8") as f:
                    sources.append(f.read())
code = "\n".join(sources)
if sources:
    suffixes = r"(_seconds_bucket|_seconds_count|_seconds_sum|_seconds_max|_seconds|_usd_total|_total|_bucket|_count)$"
    for series in sorted({m for e in exprs for m in re.findall(r"\bfleet_[a-z_]+", e)}):
        base = re.sub(suffixes, "", series)
        candidates = {f'"{series}"', f'"{base}"', f'"{base.replace("_", ".")}"'}
        if series.endswith("_usd_total"):
            candidates.add(f'"{base.replace("_", ".")}.usd"')
        if not any(c in code for c in candidates):
            problems.append(f"the dashboard queries {series}, which no code emits")

# Compose parity with `./fleet cluster up`: one server config template, one dynamic config, one
# schema procedure, one search-attribute list, one server version.
def read(relative):
    with open(os.path.join(root, relative), encoding="utf-8") as f:
        return f.read()

java = "starter/src/main/java/dev/agentfleet/starter/cluster/"
services_java = read(java + "TemporalServices.java")
tools_java = read(java + "ServerTools.java")
postgres_java = read(java + "ClusterPostgres.java")
template = read("deploy/temporal/server.yaml")
if not template.lstrip().startswith("# enable-template"):
    problems.append("deploy/temporal/server.yaml: the first line must be '# enable-template'")
for constant, relative in (("CONFIG_TEMPLATE", "deploy/temporal/server.yaml"),
                           ("DYNAMIC_CONFIG", "deploy/temporal/dynamicconfig.yaml")):
    if f'{constant} = "{relative}"' not in services_java:
        problems.append(f"TemporalServices.{constant} is not {relative}: cluster up and compose differ")
for script in ("deploy/temporal/setup-schema.sh", "deploy/postgres/create-fleet-db.sh"):
    if f'"{script}"' not in postgres_java:
        problems.append(f"cluster up does not run {script}, which the compose stack runs")
version = re.search(r'VERSION = "([0-9.]+)"', tools_java)
version = version.group(1) if version else "?"
template_vars = set(re.findall(r'env "([A-Z_]+)"', template))
cluster_vars = set(re.findall(r'env\.put\("([A-Z_]+)"', services_java))
cluster_vars |= {f"{s}_{p}" for s in ("FRONTEND", "HISTORY", "MATCHING", "WORKER")
                 for p in ("GRPC_PORT", "MEMBERSHIP_PORT")}
for var in sorted(cluster_vars - template_vars):
    problems.append(f"cluster up sets {var}, which deploy/temporal/server.yaml does not read")
temporal = services.get("temporal") or {}
if not str(temporal.get("image", "")).startswith("temporalio/server:"):
    problems.append("service temporal: must run the plain temporalio/server image with the fleet's template")
for name in ("temporal", "temporal-schema", "temporal-setup"):
    service = services.get(name) or {}
    image = str(service.get("image", ""))
    if image.split(":")[-1] != version:
        problems.append(f"service {name}: image {image} is not server version {version}, which cluster up runs")
    mounts = [v.split(":")[0] for v in service.get("volumes") or [] if isinstance(v, str)]
    if "./deploy/temporal" not in mounts:
        problems.append(f"service {name}: does not mount ./deploy/temporal (the template and scripts)")
temporal_env = temporal.get("environment") or {}
if str(temporal_env.get("TEMPORAL_SERVER_CONFIG_FILE_PATH", "")).rsplit("/", 1)[-1] != "server.yaml":
    problems.append("service temporal: TEMPORAL_SERVER_CONFIG_FILE_PATH must name deploy/temporal/server.yaml")
if str(temporal_env.get("DYNAMIC_CONFIG_FILE_PATH", "")).rsplit("/", 1)[-1] != "dynamicconfig.yaml":
    problems.append("service temporal: DYNAMIC_CONFIG_FILE_PATH must name deploy/temporal/dynamicconfig.yaml")
for var in sorted(set(temporal_env) - template_vars - {"TEMPORAL_SERVER_CONFIG_FILE_PATH", "TEMPORAL_ALLOW_NO_AUTH"}):
    problems.append(f"service temporal: sets {var}, which deploy/temporal/server.yaml does not read")
shards = re.search(r"HISTORY_SHARDS = (\d+)", services_java)
if shards and str(temporal_env.get("NUM_HISTORY_SHARDS")) != shards.group(1):
    problems.append(f"service temporal: NUM_HISTORY_SHARDS is not {shards.group(1)} as in cluster up")
declared = read("workflows/src/main/java/dev/agentfleet/workflows/run/FleetSearchAttributes.java")
all_block = declared[declared.index("ALL ="):]
code_attributes = set(re.findall(r'"(Fleet[A-Za-z]+)",\s*"([A-Za-z]+)"', all_block))
listed = set()
for line in read("deploy/temporal/search-attributes.txt").splitlines():
    if line.strip() and not line.startswith("#"):
        name, kind = line.split()
        listed.add((name, kind))
if listed != code_attributes:
    problems.append("deploy/temporal/search-attributes.txt differs from FleetSearchAttributes.ALL:"
                    f" only in the file {sorted(listed - code_attributes)},"
                    f" only in the code {sorted(code_attributes - listed)}")

for problem in problems:
    print(f"validate-compose: {path}: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
else
  echo "validate-compose: python3 with PyYAML not found; static check skipped" >&2
fi

echo "$NAME: valid ($TOOL)"
