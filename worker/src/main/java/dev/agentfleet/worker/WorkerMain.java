package dev.agentfleet.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.agentfleet.worker.config.FleetConfig;
import dev.agentfleet.worker.metrics.ApprovalsWaitingGauge;
import dev.agentfleet.worker.metrics.MetricsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

  public static void main(String[] args) throws Exception {
    FleetConfig config;
    ClientConfigProfile profile;
    try {
      config = FleetConfig.fromEnv(System.getenv());
      profile = ClientConfigProfile.load();
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("worker: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
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
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder(profile.toWorkflowClientOptions())
                .setNamespace(namespace)
                .build());
    FleetWorker worker = new FleetWorker(client, config);
    MetricsServer metrics =
        config.metricsPort() > 0
            ? new MetricsServer(config.metricsPort(), registry, worker::running)
            : null;
    ApprovalsWaitingGauge gauge = new ApprovalsWaitingGauge(client, registry);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down");
                  gauge.close();
                  worker.close();
                  if (metrics != null) {
                    metrics.close();
                  }
                  stubs.shutdown();
                  deletePidFile(config);
                  stopped.countDown();
                },
                "fleet-shutdown"));
    worker.start();
    writePidFile(config);
    log.info(
        "fleet worker up: temporal={} namespace={} queue={} ledger={} model={} metrics=:{}",
        address,
        namespace,
        config.taskQueue(),
        config.ledgerUrl(),
        config.model().provider(),
        config.metricsPort());
    stopped.await();
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

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
