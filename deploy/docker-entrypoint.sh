#!/usr/bin/env bash
# The fleet image's entrypoint. `worker` (the default) runs a fleet worker; anything else runs as
# given, so `./fleet ...` runs the CLI (the compose file's admin service runs `./fleet admin serve`).
#
# JAVA_OPTS adds JVM options to the worker (e.g. -Xmx1g); by default the heap is 75 % of the
# container's memory limit.
set -euo pipefail

if [[ $# -eq 0 || "$1" == worker ]]; then
  [[ $# -gt 0 ]] && shift
  shopt -s nullglob
  app="${FLEET_REPO:-/app}"
  jars=("$app"/worker/target/worker-*.jar)
  [[ ${#jars[@]} -eq 1 ]] || { echo "entrypoint: expected one worker jar, found ${#jars[@]}" >&2; exit 1; }
  # shellcheck disable=SC2086
  exec java -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED \
    ${JAVA_OPTS:-} -cp "${jars[0]}:$app/worker/target/lib/*" dev.agentfleet.worker.WorkerMain "$@"
fi
exec "$@"
