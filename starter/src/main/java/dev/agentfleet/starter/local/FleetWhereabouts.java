package dev.agentfleet.starter.local;

import dev.agentfleet.starter.connection.TemporalConnection;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the parts of a local fleet are, as {@code up} and {@code demo} print it: the facts are
 * gathered once into a {@link Whereabouts}, which renders as the text {@code up} prints or as the
 * JSON of {@code up --json}. Paths are absolute in the record (and so in the JSON); the text shows
 * them relative to the repository where they lie in it.
 */
public final class FleetWhereabouts {

  private FleetWhereabouts() {}

  /**
   * Where everything is after {@code up}.
   *
   * @param temporalAddress the Temporal frontend ({@code TEMPORAL_ADDRESS})
   * @param namespace the Temporal namespace
   * @param model the worker's model: {@code chaos}, or the provider the running worker recorded
   *     ({@code offline}, {@code openai}, {@code unknown} when not recorded)
   * @param chaosServer the chaos model server the worker talks to; null unless the model is chaos
   * @param webUi the Temporal Web UI to link; null when none is known
   * @param metricsUrl the worker's Prometheus endpoint
   * @param codecUrl the payload codec endpoint; null when payloads are not encrypted
   * @param payloadKeyFile the payload key file; null when payloads are not encrypted
   * @param codecTokenFile the codec endpoint's Bearer token file; null when not encrypted
   * @param adminUrl the approvers' admin page; null when it is not running
   * @param approvers the approvers file the admin page signs in against; null without admin page
   * @param adminLog the admin page's log; null when it is not running
   * @param logs the dev server's log (when this fleet home started it) and the worker's log
   * @param started what this call started, by part name; empty when everything already ran
   */
  public record Whereabouts(
      String temporalAddress,
      String namespace,
      String model,
      ChaosServer chaosServer,
      String webUi,
      String metricsUrl,
      String codecUrl,
      String payloadKeyFile,
      String codecTokenFile,
      String adminUrl,
      String approvers,
      String adminLog,
      List<String> logs,
      List<String> started) {

    public Whereabouts {
      logs = List.copyOf(logs);
      started = List.copyOf(started);
    }

    /** Prints the text form: one line per part, then (when {@code suggestNext}) what to do next. */
    public void print(PrintStream out, FleetPaths paths, boolean suggestNext) {
      out.println();
      out.println("  Temporal   " + temporalAddress + "  (namespace " + namespace + ")");
      if (chaosServer != null) {
        out.println(
            "  Model      chaos model server "
                + chaosServer.url()
                + "  ("
                + (chaosServer.spec() == null ? "spec unknown" : chaosServer.spec())
                + "; log "
                + show(paths, chaosServer.log())
                + ")");
      } else {
        out.println("  Model      " + model);
      }
      if (webUi != null) {
        out.println("  Web UI     " + webUi);
      }
      out.println("  Metrics    " + metricsUrl);
      if (codecUrl != null) {
        out.println(
            "  Encrypted  payloads, key file "
                + show(paths, payloadKeyFile)
                + "; codec endpoint "
                + codecUrl
                + " (Bearer token: "
                + show(paths, codecTokenFile)
                + ")");
      }
      if (adminUrl != null) {
        out.println(
            "  Admin      "
                + adminUrl
                + "  (approvers of "
                + show(paths, approvers)
                + " sign in; log "
                + show(paths, adminLog)
                + ")");
      }
      out.println(
          "  Logs       " + String.join(", ", logs.stream().map(l -> show(paths, l)).toList()));
      if (suggestNext) {
        out.println("  Next       ./fleet demo   or   ./fleet run support-triage --input FILE");
      }
    }

    private static String show(FleetPaths paths, String path) {
      return paths.show(Path.of(path));
    }
  }

  /**
   * The chaos model server a chaos worker talks to.
   *
   * @param url its base URL
   * @param spec the latency and fault spec it runs with; null when it does not say
   * @param log its log file
   */
  public record ChaosServer(String url, String spec, String log) {}

  /** Gathers where each part of the fleet is, {@code started} being what this call started. */
  static Whereabouts gather(
      FleetPaths paths,
      TemporalConnection temporal,
      Map<String, String> env,
      LocalModel model,
      DevServer server,
      WorkerProcess worker,
      AdminProcess admin,
      ChaosProcess chaos,
      List<String> started) {
    ChaosServer chaosServer =
        model.chaos()
            ? new ChaosServer(
                chaos.baseUrl(), chaos.runningSpec().orElse(null), absolute(chaos.log()))
            : null;
    Optional<Path> keyFile = temporal.payloadKeyFile().map(keys -> keys.path());
    boolean adminRunning = admin.running().isPresent();
    List<String> logs = new ArrayList<>();
    if (server.running().isPresent()) {
      logs.add(absolute(paths.temporalLog()));
    }
    logs.add(absolute(paths.workerLog()));
    return new Whereabouts(
        temporal.address(),
        temporal.namespace(),
        model.chaos() ? LocalModel.CHAOS : worker.model(),
        chaosServer,
        webUi(paths, temporal, env).orElse(null),
        "http://127.0.0.1:" + env.getOrDefault("FLEET_METRICS_PORT", "9464") + "/metrics",
        keyFile
            .map(k -> "http://localhost:" + env.getOrDefault("FLEET_CODEC_PORT", "8089"))
            .orElse(null),
        keyFile.map(FleetWhereabouts::absolute).orElse(null),
        keyFile.map(k -> absolute(paths.home().resolve(PayloadKeyFiles.TOKEN_FILE))).orElse(null),
        adminRunning ? admin.url() : null,
        adminRunning ? absolute(paths.approvers()) : null,
        adminRunning ? absolute(admin.log()) : null,
        logs,
        started);
  }

  private static String absolute(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }

  /**
   * The Temporal Web UI to link: {@code FLEET_TEMPORAL_UI} when it is set (a cluster's or Cloud's
   * UI), else the dev server's own UI when this fleet home started that dev server; none for a
   * server it does not manage, whose UI it cannot know.
   */
  public static Optional<String> webUi(
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
