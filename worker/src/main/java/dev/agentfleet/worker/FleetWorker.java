package dev.agentfleet.worker;

import dev.agentfleet.activities.agent.AgentActivitiesImpl;
import dev.agentfleet.activities.agent.ClaimCheckAgentActivities;
import dev.agentfleet.activities.approval.ApprovalActivitiesImpl;
import dev.agentfleet.activities.approval.ApprovalKeyRing;
import dev.agentfleet.activities.approval.ApprovalVerifier;
import dev.agentfleet.activities.audit.AuditActivitiesImpl;
import dev.agentfleet.activities.audit.AuditAnchorActivitiesImpl;
import dev.agentfleet.activities.batch.BatchActivitiesImpl;
import dev.agentfleet.activities.blob.ClaimCheckModelActivities;
import dev.agentfleet.activities.calibration.CalibratedModelActivities;
import dev.agentfleet.activities.calibration.ConfidenceCalibrations;
import dev.agentfleet.activities.connector.ActionActivitiesImpl;
import dev.agentfleet.activities.cost.CostControls;
import dev.agentfleet.activities.definition.DeployedDefinitions;
import dev.agentfleet.activities.definition.PublishedDefinitions;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.memory.MemoryActivitiesImpl;
import dev.agentfleet.activities.model.ModelActivitiesImpl;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.activities.model.OfflineModelProvider;
import dev.agentfleet.activities.model.SimulatedLatencyProvider;
import dev.agentfleet.activities.model.StepReferenceModelActivities;
import dev.agentfleet.activities.policy.CurrencyActivitiesImpl;
import dev.agentfleet.activities.policy.MoneyPolicy;
import dev.agentfleet.blobstore.BlobStore;
import dev.agentfleet.ledger.FleetSettings;
import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.worker.config.DefinitionSettings;
import dev.agentfleet.worker.config.FleetConfig;
import dev.agentfleet.worker.tracing.LogContextInterceptor;
import dev.agentfleet.workflows.agent.AgentActivities;
import dev.agentfleet.workflows.audit.AuditAnchorWorkflowImpl;
import dev.agentfleet.workflows.batch.BatchWorkflowImpl;
import dev.agentfleet.workflows.definition.TrustedDefinitions;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelTiers;
import dev.agentfleet.workflows.playbook.CachedDefinitionChecks;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.AgentWorkflowImpl;
import dev.agentfleet.workflows.run.ModelQueues;
import dev.agentfleet.workflows.run.TaskQueues;
import dev.agentfleet.workflows.run.WarmUp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

  /**
   * Workflow threads allowed per cached run: each cached run parks its main thread, and a step that
   * waits on a signal and a timer together (approvals, follow-ups) parks one or two more.
   */
  private static final int WORKFLOW_THREADS_PER_CACHED_RUN = 3;

  /**
   * Distinct definitions whose check result a worker keeps (see {@link CachedDefinitionChecks}).
   */
  private static final int DEFINITIONS_REMEMBERED = 256;

  private final Ledger ledger;
  private final WorkerFactory factory;
  private final AuditAnchorStarter anchor;
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
    this(client, config, registry, List.of());
  }

  /**
   * Creates the worker with more worker interceptors (the tracing ones, when tracing is on) around
   * the log-context one every worker has.
   */
  public FleetWorker(
      WorkflowClient client,
      FleetConfig config,
      MeterRegistry registry,
      List<WorkerInterceptor> interceptors) {
    // FLEET_LEDGER_USER / FLEET_LEDGER_PASSWORD, when the URL does not carry the credentials.
    this.ledger = new Ledger(LedgerLocation.fromEnv(System.getenv(), config.ledgerUrl()));
    this.anchor = new AuditAnchorStarter(client, config.taskQueue(), config.auditAnchorSeconds());
    this.factory =
        WorkerFactory.newInstance(
            client,
            factoryOptions(interceptors).toBuilder()
                .setWorkflowCacheSize(config.workflowCacheSize())
                .setMaxWorkflowThreadCount(
                    WORKFLOW_THREADS_PER_CACHED_RUN * config.workflowCacheSize())
                .build());
    Worker worker =
        factory.newWorker(
            config.taskQueue(),
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(config.maxConcurrentActivities())
                .setMaxConcurrentWorkflowTaskPollers(config.workflowPollers())
                .setUsingVirtualThreads(true)
                .build());
    // Runs read their trusted definition from here by hash, so histories do not carry it.
    TrustedDefinitions definitions = trustedDefinitions(config.definitions(), ledger);
    worker.registerWorkflowImplementationTypes(
        BatchWorkflowImpl.class, AuditAnchorWorkflowImpl.class);
    ModelQueues modelQueues = modelQueues(config);
    worker.registerWorkflowImplementationFactory(
        AgentWorkflow.class, () -> new AgentWorkflowImpl(definitions, modelQueues));
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
    // Limits in one base currency, the same for the route rules (through the rates table the runs
    // ask for) and the guarded connectors; a missing or malformed file stops the worker here.
    MoneyPolicy money = MoneyPolicy.load(config.currencies(), config.policies());
    log.info(
        "money limits in {}: rates of {} for {} currencies from {}; policy from {} for {}",
        money.currencies().base(),
        money.currencies().asOf(),
        money.currencies().rates().size(),
        config.currencies(),
        config.policies(),
        money.policy().operations().keySet());
    // Large values travel by reference; this names the store (never its credentials).
    log.info("claim-check blob store: {}", config.blobs().describe());
    BlobStore blobs = config.blobs().open();
    // A step's confidence is calibrated where fleet eval fitted a calibration for it; a call that
    // names its step by reference reads it from the definitions this worker trusts.
    ModelActivities model =
        new StepReferenceModelActivities(
            new ClaimCheckModelActivities(
                new CalibratedModelActivities(
                    modelActivities(config, ledger, registry),
                    ConfidenceCalibrations.fromEnv(System.getenv())),
                blobs,
                config.blobs()),
            definitions);
    AgentActivities agent =
        new ClaimCheckAgentActivities(
            new AgentActivitiesImpl(config.model(), costControls(config, ledger, registry)),
            blobs,
            config.blobs());
    registerModelQueues(config, model, agent);
    worker.registerActivitiesImplementations(
        model,
        agent,
        new ActionActivitiesImpl(ledger, config.connectors(), approvals, money),
        new CurrencyActivitiesImpl(money.currencies()),
        new AuditActivitiesImpl(ledger),
        new AuditAnchorActivitiesImpl(ledger, Clock.systemUTC()),
        new MemoryActivitiesImpl(
            ledger, OfflineModelProvider::sharedEmbeddingModel, config.memory()),
        new ApprovalActivitiesImpl(approvals),
        new BatchActivitiesImpl(blobs),
        new CachedDefinitionChecks(DEFINITIONS_REMEMBERED),
        definitions);
  }

  /**
   * The definitions this worker runs: those deployed with it (its agents folders) and those
   * published with a signature its release keys verify; inline ones only when told to trust local
   * definitions (development).
   */
  private static TrustedDefinitions trustedDefinitions(DefinitionSettings settings, Ledger ledger) {
    ApprovalKeyRing releaseKeys =
        ApprovalKeyRing.fromFile(
            settings.releasePublicKeys(),
            "release public keys",
            "./fleet agents publish creates the release key pair, or point"
                + " FLEET_RELEASE_PUBLIC_KEYS at the release keys' public half");
    DeployedDefinitions deployed = new DeployedDefinitions(settings.agentsDirs());
    deployed.current();
    log.info(
        "running definitions deployed in {} and published with a signature from {}{}",
        settings.agentsDirs(),
        settings.releasePublicKeys(),
        settings.trustLocal()
            ? "; FLEET_TRUST_LOCAL_DEFINITIONS is on: definitions clients send inline run too"
            : "");
    return new TrustedDefinitions(
        List.of(deployed, new PublishedDefinitions(ledger, releaseKeys)),
        settings.trustLocal(),
        new CachedDefinitionChecks(DEFINITIONS_REMEMBERED));
  }

  /**
   * Polls each tier's model queue with the model activities and the agent turns (model calls too).
   * A tier's rate limit ({@code FLEET_MODEL_RPS_<TIER>}) is a task-queue-wide limit the Temporal
   * server enforces, so it holds for the whole fleet however many workers poll; give every worker
   * the same value, since the server keeps the one set by the latest poller. The agent queue keeps
   * the model activities too, for calls scheduled there before model queues existed and for tiers
   * no queue serves.
   */
  private void registerModelQueues(
      FleetConfig config, ModelActivities model, AgentActivities agent) {
    for (String tier : ModelTiers.ALL) {
      String queue = TaskQueues.modelQueue(config.taskQueue(), tier);
      double rate = config.cost().ratePerSecond(tier);
      WorkerOptions.Builder options =
          WorkerOptions.newBuilder()
              .setMaxConcurrentActivityExecutionSize(config.modelSlots())
              .setMaxConcurrentActivityTaskPollers(config.modelPollers())
              .setUsingVirtualThreadsOnActivityWorker(true);
      if (rate > 0) {
        options.setMaxTaskQueueActivitiesPerSecond(rate);
      }
      factory.newWorker(queue, options.build()).registerActivitiesImplementations(model, agent);
      log.info(
          "model queue {} for tier {}: {}",
          queue,
          tier,
          rate > 0 ? rate + " calls/s across the fleet" : "no rate limit");
    }
  }

  /**
   * Where runs place each tier's model calls: on the tier's own queue, or on the run's queue for
   * every tier without a fleet-wide rate limit (the limit lives on the tier's queue): with {@code
   * FLEET_MODEL_QUEUES=run}, and by default when the model answers in-process. See {@link
   * ModelQueues} for what each costs.
   */
  static ModelQueues modelQueues(FleetConfig config) {
    if (!config.modelCallsOnRunQueue()) {
      return ModelQueues.OWN;
    }
    Set<String> own = new LinkedHashSet<>();
    for (String tier : ModelTiers.ALL) {
      if (config.cost().ratePerSecond(tier) > 0) {
        own.add(tier);
      }
    }
    log.info(
        "model calls on the runs' queue{}",
        own.isEmpty() ? "" : ", except tiers " + own + " (rate-limited, on their own queues)");
    return new ModelQueues(own);
  }

  private static ModelActivitiesImpl modelActivities(
      FleetConfig config, Ledger ledger, MeterRegistry registry) {
    CostControls controls = costControls(config, ledger, registry);
    if (config.model().provider().equals(ModelConfig.OFFLINE)) {
      OfflineModelProvider.prefitIfAsked(System.getenv());
    }
    ModelActivitiesImpl.Builder model =
        ModelActivitiesImpl.builder(config.model()).costControls(controls);
    if (config.modelLatencyMillis() > 0 && config.model().provider().equals(ModelConfig.OFFLINE)) {
      model.provider(
          new SimulatedLatencyProvider(
              new OfflineModelProvider(), Duration.ofMillis(config.modelLatencyMillis())));
    }
    return model.build();
  }

  /** The cost controls of the model plane: cache (when configured), quotas, ledger and metrics. */
  private static CostControls costControls(
      FleetConfig config, Ledger ledger, MeterRegistry registry) {
    return CostControls.over(
        ledger, config.cost().cache(), config.cost().quotas(), registry, Clock.systemUTC());
  }

  /**
   * The worker factory's options: {@code interceptors} (tracing, when on) outermost, then the one
   * that puts the run's agent and step into the log context; workflow code runs on virtual threads,
   * so a thousand cached runs park a thousand cheap threads rather than a thousand stacks.
   */
  public static WorkerFactoryOptions factoryOptions(List<WorkerInterceptor> interceptors) {
    List<WorkerInterceptor> all = new ArrayList<>(interceptors);
    all.add(new LogContextInterceptor());
    return WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(all.toArray(new WorkerInterceptor[0]))
        .setUsingVirtualWorkflowThreads(true)
        .build();
  }

  /**
   * Records in the ledger that this fleet encrypts payloads (with the active key's id), so a CLI
   * that was not told finds it there and never starts a plaintext run.
   */
  public void declarePayloadEncryption(String activeKeyId) {
    ledger.inTransaction(c -> FleetSettings.declarePayloadEncryption(c, activeKeyId));
  }

  /** Starts polling. */
  public void start() {
    WarmUp.run();
    factory.start();
    anchor.ensureRunning();
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
