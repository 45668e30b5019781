# syntax=docker/dockerfile:1
#
# The fleet image: the worker (the default command) with the `fleet` CLI beside it, which the
# compose file also runs as the admin page (`./fleet admin serve`).
#
#   docker build -t agent-fleet:local .
#   docker run --rm -e TEMPORAL_ADDRESS=host.docker.internal:7233 agent-fleet:local            # a worker
#   docker run --rm -e TEMPORAL_ADDRESS=... agent-fleet:local ./fleet status support-triage/T-1  # the CLI
#
# Stage 1 builds the worker and the CLI with the Maven wrapper (tests are the CI's job, not the
# image's); stage 2 is a JRE with the jars and their libraries, run as an unprivileged user.

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps Maven's downloads between builds (BuildKit, the default builder).
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true -Dspotless.check.skip=true -pl starter,worker -am package \
 && mkdir -p /out/worker/target /out/starter/target \
 && cp -r worker/target/worker-*.jar worker/target/lib /out/worker/target/ \
 && cp -r starter/target/starter-*.jar starter/target/lib /out/starter/target/

FROM eclipse-temurin:21-jre
# curl: the compose health checks. The fleet user owns /var/lib/fleet, so named volumes mounted
# under it (blobs, trusted approval keys, the admin page's signing key) start out owned by it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 fleet \
 && useradd --system --uid 10001 --gid fleet --home-dir /var/lib/fleet --shell /usr/sbin/nologin fleet \
 && mkdir -p /var/lib/fleet/blobs /var/lib/fleet/trust /var/lib/fleet/signing \
 && chown -R fleet:fleet /var/lib/fleet \
 && chmod 700 /var/lib/fleet/signing
WORKDIR /app
# The same layout as a checkout, so `./fleet` finds everything where it looks: jars under
# */target, playbooks in agents/, approvers in config/, sample inputs in examples/.
COPY --from=build /out/ ./
COPY fleet ./
COPY agents/ agents/
COPY config/ config/
COPY examples/ examples/
COPY deploy/docker-entrypoint.sh deploy/
ENV FLEET_REPO=/app \
    FLEET_HOME=/var/lib/fleet \
    FLEET_BLOB_DIR=/var/lib/fleet/blobs \
    FLEET_NO_BUILD=1 \
    FLEET_METRICS_PORT=9464
USER fleet
# 9464: the worker's /metrics and /health, on loopback only unless FLEET_METRICS_HOST=0.0.0.0
# (compose sets it for Prometheus); 7070: the admin page, when the container runs it.
EXPOSE 9464 7070
ENTRYPOINT ["/app/deploy/docker-entrypoint.sh"]
CMD ["worker"]
