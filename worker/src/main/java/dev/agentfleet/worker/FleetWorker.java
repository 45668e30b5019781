package dev.agentfleet.worker;

import dev.agentfleet.activities.audit.AuditActivitiesImpl;
import dev.agentfleet.activities.connector.ActionActivitiesImpl;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.model.ModelActivitiesImpl;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.activities.model.OfflineModelProvider;
import dev.agentfleet.activities.model.SimulatedLatencyProvider;
import dev.agentfleet.worker.config.FleetConfig;
import dev.agentfleet.workflows.run.AgentWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fleet worker: registers the agent workflow and the execution plane's activities on the
 * fleet's task queue and polls it. Run more of them, on more machines, to scale out.
 */
public final class FleetWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FleetWorker.class);

  private final Ledger ledger;
  private final WorkerFactory factory;
  private volatile boolean running;

  public FleetWorker(WorkflowClient client, FleetConfig config) {
    this.ledger = new Ledger(config.ledgerUrl());
    this.factory = WorkerFactory.newInstance(client);
    Worker worker =
        factory.newWorker(
            config.taskQueue(),
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(config.maxConcurrentActivities())
                .setUsingVirtualThreadsOnActivityWorker(true)
                .build());
    worker.registerWorkflowImplementationTypes(AgentWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        modelActivities(config),
        new ActionActivitiesImpl(ledger, config.connectors()),
        new AuditActivitiesImpl(ledger));
  }

  private static ModelActivitiesImpl modelActivities(FleetConfig config) {
    if (config.modelLatencyMillis() > 0 && config.model().provider().equals(ModelConfig.OFFLINE)) {
      return new ModelActivitiesImpl(
          config.model(),
          new SimulatedLatencyProvider(
              new OfflineModelProvider(), Duration.ofMillis(config.modelLatencyMillis())));
    }
    return new ModelActivitiesImpl(config.model());
  }

  /** Starts polling. */
  public void start() {
    factory.start();
    running = true;
    log.info("worker polling");
  }

  public boolean running() {
    return running && !factory.isShutdown();
  }

  /** Stops taking new tasks, lets running ones finish (bounded), then closes the ledger. */
  @Override
  public void close() {
    running = false;
    factory.shutdown();
    factory.awaitTermination(30, TimeUnit.SECONDS);
    ledger.close();
    log.info("worker stopped");
  }
}
