package dev.agentfleet.starter.local;

import dev.agentfleet.starter.connection.TemporalConnection;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/** Where the parts of a local fleet are, as {@code up} and {@code demo} print it. */
final class FleetWhereabouts {

  private final FleetPaths paths;
  private final TemporalConnection temporal;
  private final Map<String, String> env;
  private final PrintStream out;

  FleetWhereabouts(
      FleetPaths paths, TemporalConnection temporal, Map<String, String> env, PrintStream out) {
    this.paths = paths;
    this.temporal = temporal;
    this.env = env;
    this.out = out;
  }

  /**
   * Prints where each part of the fleet is: Temporal, the model, the Web UI, metrics, the payload
   * codec, the admin page and the logs, then (when {@code suggestNext}) what to do next.
   */
  void print(
      LocalModel model,
      DevServer server,
      WorkerProcess worker,
      AdminProcess admin,
      ChaosProcess chaos,
      boolean suggestNext) {
    out.println();
    out.println(
        "  Temporal   " + temporal.address() + "  (namespace " + temporal.namespace() + ")");
    if (model.chaos()) {
      out.println(
          "  Model      chaos model server "
              + chaos.baseUrl()
              + "  ("
              + chaos.runningSpec().orElse("spec unknown")
              + "; log "
              + paths.show(chaos.log())
              + ")");
    } else {
      out.println("  Model      " + worker.model());
    }
    webUi(paths, temporal, env).ifPresent(ui -> out.println("  Web UI     " + ui));
    out.println(
        "  Metrics    http://127.0.0.1:"
            + env.getOrDefault("FLEET_METRICS_PORT", "9464")
            + "/metrics");
    temporal
        .payloadKeyFile()
        .ifPresent(
            keys ->
                out.println(
                    "  Encrypted  payloads, key file "
                        + paths.show(keys.path())
                        + "; codec endpoint http://localhost:"
                        + env.getOrDefault("FLEET_CODEC_PORT", "8089")
                        + " (Bearer token: "
                        + paths.show(paths.home().resolve(PayloadKeyFiles.TOKEN_FILE))
                        + ")"));
    if (admin.running().isPresent()) {
      out.println(
          "  Admin      "
              + admin.url()
              + "  (approvers of "
              + paths.show(paths.approvers())
              + " sign in; log "
              + paths.show(admin.log())
              + ")");
    }
    out.println(
        "  Logs       "
            + (server.running().isPresent() ? paths.show(paths.temporalLog()) + ", " : "")
            + paths.show(paths.workerLog()));
    if (suggestNext) {
      out.println("  Next       ./fleet demo   or   ./fleet run support-triage --input FILE");
    }
  }

  /**
   * The Temporal Web UI to link: {@code FLEET_TEMPORAL_UI} when it is set (a cluster's or Cloud's
   * UI), else the dev server's own UI when this fleet home started that dev server; none for a
   * server it does not manage, whose UI it cannot know.
   */
  static Optional<String> webUi(
      FleetPaths paths, TemporalConnection temporal, Map<String, String> env) {
    String configured = env.get("FLEET_TEMPORAL_UI");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(configured.strip().replaceAll("/+$", ""));
    }
    if (temporal.isLocal() && new DevServer(paths, temporal).running().isPresent()) {
      return Optional.of("http://localhost:" + DevServer.uiPort(temporal));
    }
    return Optional.empty();
  }
}
