package dev.agentfleet.worker;

import dev.agentfleet.activities.approval.ApprovalActivitiesImpl;
import dev.agentfleet.activities.approval.ApprovalKeyRing;
import dev.agentfleet.activities.approval.ApprovalVerifier;
import dev.agentfleet.activities.audit.AuditActivitiesImpl;
import dev.agentfleet.activities.blob.ClaimCheckModelActivities;
import dev.agentfleet.activities.connector.ActionActivitiesImpl;
import dev.agentfleet.activities.cost.CostControls;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerLocation;
import dev.agentfleet.activities.memory.MemoryActivitiesImpl;
import dev.agentfleet.activities.model.ModelActivitiesImpl;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.activities.model.OfflineModelProvider;
import dev.agentfleet.activities.model.SimulatedLatencyProvider;
import dev.agentfleet.worker.config.FleetConfig;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelTiers;
import dev.agentfleet.workflows.run.AgentWorkflowImpl;
import dev.agentfleet.workflows.run.TaskQueues;
import dev.agentfleet.workflows.run.WarmUp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fleet worker: registers the agent workflow and the execution plane's activities on the
 * fleet's task queue, and the model activities on each tier's model queue, and polls them. Run more
 * of them, on more machines, to scale out.
 */
public final class FleetWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FleetWorker.class);

  private final Ledger ledger;
  private final WorkerFactory factory;
  private volatile boolean running;

  public FleetWorker(WorkflowClient client, FleetConfig config) {
    this(client, config, new SimpleMeterRegistry());
  }

  /**
   * Creates the worker.
   *
   * @param registry where the model plane's meters go: tokens, cost, cache hits and latency by
   *     agent and tier (the worker process passes its Prometheus registry)
   */
  public FleetWorker(WorkflowClient client, FleetConfig config, MeterRegistry registry) {
    // FLEET_LEDGER_USER / FLEET_LEDGER_PASSWORD, when the URL does not carry the credentials.
    this.ledger = new Ledger(LedgerLocation.fromEnv(System.getenv(), config.ledgerUrl()));
    this.factory = WorkerFactory.newInstance(client);
    Worker worker =
        factory.newWorker(
            config.taskQueue(),
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(config.maxConcurrentActivities())
                .setUsingVirtualThreadsOnActivityWorker(true)
                .build());
    worker.registerWorkflowImplementationTypes(AgentWorkflowImpl.class);
    ApprovalVerifier approvals =
        new ApprovalVerifier(ApprovalKeyRing.fromFile(config.approvalPublicKeys()));
    approvals
        .keys()
        .problem()
        .ifPresentOrElse(
            problem -> log.warn("signed approvals cannot be verified yet: {}", problem),
            () ->
                log.info(
                    "trusting approval keys {} from {}",
                    approvals.keys().keys().keySet(),
                    approvals.keys().source()));
    ModelActivities model =
        new ClaimCheckModelActivities(
            modelActivities(config, ledger, registry), config.blobs().open(), config.blobs());
    registerModelQueues(config, model);
    worker.registerActivitiesImplementations(
        model,
        new ActionActivitiesImpl(ledger, config.connectors(), approvals),
        new AuditActivitiesImpl(ledger),
        new MemoryActivitiesImpl(
            ledger, OfflineModelProvider::sharedEmbeddingModel, config.memory()),
        new ApprovalActivitiesImpl(approvals));
  }

  /**
   * Polls each tier's model queue with the model activities only. A tier's rate limit ({@code
   * FLEET_MODEL_RPS_<TIER>}) is a task-queue-wide limit the Temporal server enforces, so it holds
   * for the whole fleet however many workers poll; give every worker the same value, since the
   * server keeps the one set by the latest poller. The agent queue keeps the model activities too,
   * for calls scheduled there before model queues existed and for tiers no queue serves.
   */
  private void registerModelQueues(FleetConfig config, ModelActivities model) {
    for (String tier : ModelTiers.ALL) {
      String queue = TaskQueues.modelQueue(config.taskQueue(), tier);
      double rate = config.cost().ratePerSecond(tier);
      WorkerOptions.Builder options =
          WorkerOptions.newBuilder()
              .setMaxConcurrentActivityExecutionSize(config.maxConcurrentActivities())
              .setUsingVirtualThreadsOnActivityWorker(true);
      if (rate > 0) {
        options.setMaxTaskQueueActivitiesPerSecond(rate);
      }
      factory.newWorker(queue, options.build()).registerActivitiesImplementations(model);
      log.info(
          "model queue {} for tier {}: {}",
          queue,
          tier,
          rate > 0 ? rate + " calls/s across the fleet" : "no rate limit");
    }
  }

  private static ModelActivitiesImpl modelActivities(
      FleetConfig config, Ledger ledger, MeterRegistry registry) {
    CostControls controls =
        CostControls.over(
            ledger, config.cost().cache(), config.cost().quotas(), registry, Clock.systemUTC());
    if (config.modelLatencyMillis() > 0 && config.model().provider().equals(ModelConfig.OFFLINE)) {
      return new ModelActivitiesImpl(
          config.model(),
          new SimulatedLatencyProvider(
              new OfflineModelProvider(), Duration.ofMillis(config.modelLatencyMillis())),
          controls);
    }
    return new ModelActivitiesImpl(config.model(), controls);
  }

  /** Starts polling. */
  public void start() {
    WarmUp.run();
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
