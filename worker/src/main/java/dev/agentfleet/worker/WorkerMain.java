package dev.agentfleet.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.worker.codec.CodecServer;
import dev.agentfleet.worker.codec.PayloadEncryptionConfig;
import dev.agentfleet.worker.codec.PlaintextInputs;
import dev.agentfleet.worker.config.FleetConfig;
import dev.agentfleet.worker.metrics.FleetMeters;
import dev.agentfleet.worker.metrics.MetricsServer;
import dev.agentfleet.worker.metrics.VisibilityGauges;
import dev.agentfleet.worker.tracing.FleetTracing;
import dev.agentfleet.workflows.codec.AesGcmPayloadCodec;
import dev.agentfleet.workflows.codec.EncryptedDataConverter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: reads the configuration, connects to Temporal through the standard client
 * profile, serves metrics, polls until SIGTERM, then shuts down gracefully.
 */
public final class WorkerMain {

  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  /**
   * Runs the worker until SIGTERM. A worker that cannot start (a port taken, a ledger it cannot
   * open, a configuration that does not hold) says why on stderr and exits 1 at once: without this,
   * the threads already started (the Temporal client's, the worker's pools) would keep a JVM alive
   * that never polls.
   */
  public static void main(String[] args) {
    try {
      run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(1);
    } catch (Exception | Error e) {
      log.error("worker cannot start: {}", e.toString(), e);
      System.err.println("worker: cannot start: " + reason(e));
      System.exit(1);
    }
  }

  /** The failure in one line, with the root cause that names what went wrong. */
  static String reason(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    return root == failure ? message : message + " (" + root + ")";
  }

  private static void run() throws Exception {
    FleetConfig config;
    ClientConfigProfile profile;
    Optional<PayloadEncryptionConfig> encryption;
    FleetTracing tracing;
    try {
      config = FleetConfig.fromEnv(System.getenv());
      profile = ClientConfigProfile.load();
      encryption = PayloadEncryptionConfig.fromEnv(System.getenv(), config.home());
      requireLogFormat(System.getenv("FLEET_LOG_FORMAT"));
      tracing = FleetTracing.fromEnv(System.getenv(), "agent-fleet-worker");
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("worker: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FleetMeters.configure(registry);
    // The worker's own heap, threads and GC next to the fleet's meters (jvm_memory_used_bytes,
    // jvm_threads_live_threads, ...): what the concurrency benchmark reads, and what a dashboard
    // needs to see a worker's memory stay flat.
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
    String address = blank(profile.getAddress()) ? "127.0.0.1:7233" : profile.getAddress();
    String namespace = blank(profile.getNamespace()) ? "default" : profile.getNamespace();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder(profile.toWorkflowServiceStubsOptions())
                .setTarget(address)
                .setMetricsScope(scope)
                .build());
    WorkflowClientOptions.Builder clientOptions =
        WorkflowClientOptions.newBuilder(profile.toWorkflowClientOptions()).setNamespace(namespace);
    List<WorkerInterceptor> interceptors = new ArrayList<>(tracing.workerInterceptors());
    if (encryption.isPresent()) {
      // Fail closed: a run whose input arrives in plaintext is refused
      // (FLEET_ACCEPT_PLAINTEXT_INPUTS
      // =true lets them run while a fleet switches to encryption with runs in flight).
      PlaintextInputs plaintext = new PlaintextInputs();
      clientOptions.setDataConverter(
          plaintext.tracking(EncryptedDataConverter.of(encryption.get().keys())));
      if (!"true".equalsIgnoreCase(System.getenv("FLEET_ACCEPT_PLAINTEXT_INPUTS"))) {
        interceptors.add(plaintext.guard());
      }
    }
    if (tracing.enabled()) {
      clientOptions.setInterceptors(
          tracing.clientInterceptors().toArray(new WorkflowClientInterceptor[0]));
    }
    WorkflowClient client = WorkflowClient.newInstance(stubs, clientOptions.build());
    FleetWorker worker = new FleetWorker(client, config, registry, interceptors);
    encryption.ifPresent(e -> worker.declarePayloadEncryption(e.keys().active().id()));
    MetricsServer metrics = null;
    if (config.metricsPort() > 0) {
      try {
        metrics =
            new MetricsServer(
                config.metricsHost(), config.metricsPort(), registry, worker::running);
      } catch (IOException e) {
        throw new IOException(
            "the metrics endpoint cannot listen on "
                + config.metricsHost()
                + ":"
                + config.metricsPort()
                + " ("
                + e.getMessage()
                + "); free the port or set FLEET_METRICS_PORT to another (0 turns metrics off)",
            e);
      }
    }
    MetricsServer served = metrics;
    CodecServer codecServer = encryption.map(WorkerMain::startCodecServer).orElse(null);
    VisibilityGauges gauge = new VisibilityGauges(client, registry);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down");
                  gauge.close();
                  worker.close();
                  tracing.close();
                  if (served != null) {
                    served.close();
                  }
                  if (codecServer != null) {
                    codecServer.close();
                  }
                  stubs.shutdown();
                  deletePidFile(config);
                  stopped.countDown();
                },
                "fleet-shutdown"));
    worker.start();
    writePidFile(config);
    log.info(
        "fleet worker up: temporal={} namespace={} queue={} ledger={} model={} metrics={}:{}",
        address,
        namespace,
        config.taskQueue(),
        LedgerLocation.redact(config.ledgerUrl()),
        config.model().provider(),
        config.metricsHost(),
        config.metricsPort());
    log.info(
        tracing.enabled()
            ? "traces on: OTLP to " + tracing.describe()
            : "traces off (set OTEL_EXPORTER_OTLP_ENDPOINT to export them)");
    encryption.ifPresentOrElse(
        e -> log.info("payload encryption on: {}", e),
        () -> log.info("payload encryption off (set FLEET_ENCRYPT_PAYLOADS=true to turn it on)"));
    stopped.await();
  }

  /** The codec endpoint, when a port and a token are configured; null otherwise. */
  private static CodecServer startCodecServer(PayloadEncryptionConfig encryption) {
    if (!encryption.codecEndpointEnabled()) {
      if (encryption.codecPort() > 0) {
        log.warn(
            "codec endpoint off: no token (set FLEET_CODEC_TOKEN or FLEET_CODEC_TOKEN_FILE);"
                + " it never serves anonymous callers");
      }
      return null;
    }
    try {
      CodecServer server =
          new CodecServer(
              new InetSocketAddress(encryption.codecHost(), encryption.codecPort()),
              new AesGcmPayloadCodec(encryption.keys()),
              encryption.codecToken(),
              encryption.corsOrigins());
      log.info(
          "codec endpoint on http://{}:{} for origins {}",
          encryption.codecHost(),
          server.port(),
          encryption.corsOrigins());
      return server;
    } catch (IOException e) {
      log.error(
          "codec endpoint off: cannot listen on {}:{}: {}",
          encryption.codecHost(),
          encryption.codecPort(),
          e.getMessage());
      return null;
    }
  }

  private static void writePidFile(FleetConfig config) throws IOException {
    if (config.pidFile() != null) {
      Files.createDirectories(config.pidFile().getParent());
      Files.writeString(
          config.pidFile(), ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
    }
  }

  private static void deletePidFile(FleetConfig config) {
    try {
      if (config.pidFile() != null) {
        Files.deleteIfExists(config.pidFile());
      }
    } catch (IOException e) {
      log.warn("could not delete {}: {}", config.pidFile(), e.getMessage());
    }
  }

  /** logback.xml picks its appender by this name: any other value would silence every log. */
  private static void requireLogFormat(String format) {
    if (format != null && !format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException(
          "FLEET_LOG_FORMAT must be text or json (lower case), got '" + format + "'");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
