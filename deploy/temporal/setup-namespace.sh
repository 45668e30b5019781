#!/bin/sh
# setup-namespace.sh: the compose stack's temporal-setup job. Creates the fleet's namespace when it
# is missing, then registers the fleet's search attributes listed in search-attributes.txt beside
# this script (the list ./fleet cluster up registers too, through the SDK). What exists is left
# alone, so it runs on every start. POSIX sh: the temporalio/admin-tools image has no bash.
#
# Environment: TEMPORAL_ADDRESS, FLEET_NAMESPACE (default `default`), FLEET_RETENTION (default 72h).
set -eu

ns="${FLEET_NAMESPACE:-default}"
list="$(dirname "$0")/search-attributes.txt"
[ -f "$list" ] || { echo "temporal-setup: $list is missing" >&2; exit 1; }

if ! temporal operator namespace describe --namespace "$ns" >/dev/null 2>&1; then
  if out="$(temporal operator namespace create --namespace "$ns" --retention "${FLEET_RETENTION:-72h}" 2>&1)"; then
    echo "temporal-setup: created namespace $ns"
  else
    case "$out" in
      *already*) echo "temporal-setup: namespace $ns already exists" ;;
      *) echo "temporal-setup: cannot create namespace $ns: $out" >&2; exit 1 ;;
    esac
  fi
fi
tries=0
until temporal operator namespace describe --namespace "$ns" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 90 ]; then
    echo "temporal-setup: namespace $ns did not appear within 180 s" >&2
    exit 1
  fi
  sleep 2
done

grep -v '^#' "$list" | while read -r name type; do
  [ -n "$name" ] || continue
  attempt=1
  while :; do
    if out="$(temporal operator search-attribute create --namespace "$ns" --name "$name" --type "$type" 2>&1)"; then
      echo "temporal-setup: registered $name ($type)"
      break
    fi
    case "$out" in
      *"different type"*) echo "temporal-setup: $name exists with another type: $out" >&2; exit 1 ;;
      *"already exists"*) echo "temporal-setup: $name ($type) already registered"; break ;;
    esac
    if [ "$attempt" -ge 30 ]; then
      echo "temporal-setup: cannot register $name: $out" >&2
      exit 1
    fi
    # The namespace cache can lag just after the namespace is created.
    attempt=$((attempt + 1))
    sleep 2
  done
done
echo "temporal-setup: done"
