package dev.agentfleet.worker.config;

import dev.agentfleet.activities.connector.ConnectorConfig;
import dev.agentfleet.activities.cost.CostConfig;
import dev.agentfleet.activities.memory.MemoryConfig;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.activities.policy.PolicyFiles;
import dev.agentfleet.blobstore.BlobSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * The fleet's settings, loaded once at start from the environment. The Temporal connection is not
 * here: it comes from the standard client profile and {@code TEMPORAL_*} variables, as with every
 * other Temporal tool.
 *
 * @param home the fleet's local folder ({@code FLEET_HOME}, default {@code .fleet})
 * @param ledgerUrl JDBC URL of the ledger ({@code FLEET_LEDGER_URL}, default SQLite under home)
 * @param metricsPort Prometheus endpoint port ({@code FLEET_METRICS_PORT}, default 9464; 0 = none)
 * @param metricsHost the address the Prometheus endpoint binds ({@code FLEET_METRICS_HOST}, default
 *     {@code 127.0.0.1}): loopback unless a deployment whose Prometheus scrapes workers over the
 *     network says otherwise (compose sets {@code 0.0.0.0})
 * @param auditAnchorSeconds how often the audit chain's head is anchored in Temporal ({@code
 *     FLEET_AUDIT_ANCHOR_SECONDS}, default 30; 0 = no anchor workflow): entries deleted from the
 *     end of the log after an anchor are found by {@code fleet audit verify}
 * @param pidFile where to write the worker's pid ({@code FLEET_PID_FILE}; null = nowhere)
 * @param maxConcurrentActivities activity slots of this worker on the agents' queue ({@code
 *     FLEET_ACTIVITY_SLOTS}, default 200)
 * @param modelSlots activity slots on each model tier's queue ({@code FLEET_MODEL_SLOTS}, default
 *     1000): model calls mostly wait on the network and run on virtual threads, so a worker can
 *     keep many in flight
 * @param workflowPollers concurrent polls for workflow tasks ({@code FLEET_WORKFLOW_POLLERS},
 *     default 16): a burst of new runs waits on the agents' queue until a poll takes each one up
 * @param modelPollers concurrent polls on each model tier's queue ({@code FLEET_MODEL_POLLERS},
 *     default 8)
 * @param workflowCacheSize runs kept in this worker's sticky cache ({@code FLEET_WORKFLOW_CACHE},
 *     default 2000); a run evicted from it is replayed from its history at its next task
 * @param taskQueue the task queue to poll ({@code FLEET_TASK_QUEUE}, default agent-fleet)
 * @param modelLatencyMillis a latency added to every offline model call ({@code
 *     FLEET_MODEL_LATENCY_MS}, default 0), to make the offline model behave like a remote one
 * @param modelCallsOnRunQueue whether model calls go on the run's own task queue ({@code
 *     FLEET_MODEL_QUEUES=run}) rather than their tier's ({@code tier}); by default ({@code auto})
 *     on the run's queue when the model answers in-process (the offline provider without an added
 *     latency), on the tier's otherwise; a tier with a rate limit keeps its queue either way (see
 *     {@link dev.agentfleet.workflows.run.ModelQueues})
 * @param approvalPublicKeys the approvers' public keys this worker trusts to verify signed
 *     approvals ({@code FLEET_APPROVAL_PUBLIC_KEYS}, default {@code <home>/keys/approvals.pub});
 *     re-read when it changes. The worker never holds a signing key.
 * @param memory the short-term memory's settings ({@code FLEET_MEMORY_MAX_ITEMS})
 * @param blobs the claim-check blob store shared with the CLI: a folder ({@code FLEET_BLOB_DIR},
 *     default {@code <home>/blobs}) or an S3-compatible bucket ({@code
 *     FLEET_BLOB_URL=s3://bucket/prefix} with {@code FLEET_S3_*}); {@code FLEET_CLAIM_CHECK_BYTES};
 *     {@code FLEET_BLOB_CONTEXT_CHARS}
 * @param currencies the rates table every limit is compared with, in its base currency ({@code
 *     FLEET_CURRENCIES}, default {@code config/currencies.yaml} of {@code FLEET_REPO} or of the
 *     nearest checkout above the working directory)
 * @param policies which roles and rules may authorise which guarded operations up to which amount
 *     ({@code FLEET_POLICIES}, default {@code config/policies.yaml}, found like the rates)
 * @param cost the response cache switch, per-agent quotas and per-tier rate limits ({@code
 *     FLEET_MODEL_CACHE}, {@code FLEET_QUOTAS}, {@code FLEET_QUOTA_<AGENT>}, {@code
 *     FLEET_MODEL_RPS_<TIER>})
 * @param definitions which agent definitions this worker runs (see {@link DefinitionSettings})
 */
public record FleetConfig(
    Path home,
    String ledgerUrl,
    int metricsPort,
    String metricsHost,
    int auditAnchorSeconds,
    Path pidFile,
    int maxConcurrentActivities,
    int modelSlots,
    int workflowPollers,
    int modelPollers,
    int workflowCacheSize,
    String taskQueue,
    int modelLatencyMillis,
    boolean modelCallsOnRunQueue,
    ModelConfig model,
    ConnectorConfig connectors,
    Path approvalPublicKeys,
    MemoryConfig memory,
    BlobSettings blobs,
    CostConfig cost,
    DefinitionSettings definitions,
    Path currencies,
    Path policies) {

  /** The metrics endpoint's default address: this machine only. */
  public static final String LOOPBACK = "127.0.0.1";

  /** Reads the configuration; a malformed value fails with the variable's name. */
  public static FleetConfig fromEnv(Map<String, String> env) {
    Path home = Path.of(env.getOrDefault("FLEET_HOME", ".fleet")).toAbsolutePath();
    String ledgerUrl =
        env.getOrDefault("FLEET_LEDGER_URL", "jdbc:sqlite:" + home.resolve("ledger.db"));
    String pid = env.get("FLEET_PID_FILE");
    ModelConfig model = ModelConfig.fromEnv(env);
    int modelLatencyMillis = intVar(env, "FLEET_MODEL_LATENCY_MS", 0);
    return new FleetConfig(
        home,
        ledgerUrl,
        intVar(env, "FLEET_METRICS_PORT", 9464),
        metricsHost(env),
        nonNegativeIntVar(env, "FLEET_AUDIT_ANCHOR_SECONDS", 30),
        pid == null || pid.isBlank() ? null : Path.of(pid).toAbsolutePath(),
        positiveIntVar(env, "FLEET_ACTIVITY_SLOTS", 200),
        positiveIntVar(env, "FLEET_MODEL_SLOTS", 1000),
        positiveIntVar(env, "FLEET_WORKFLOW_POLLERS", 16),
        positiveIntVar(env, "FLEET_MODEL_POLLERS", 8),
        positiveIntVar(env, "FLEET_WORKFLOW_CACHE", 2000),
        env.getOrDefault("FLEET_TASK_QUEUE", dev.agentfleet.workflows.run.TaskQueues.AGENTS),
        modelLatencyMillis,
        modelCallsOnRunQueue(
            env, model.provider().equals(ModelConfig.OFFLINE) && modelLatencyMillis == 0),
        model,
        ConnectorConfig.fromEnv(env),
        pathVar(env, "FLEET_APPROVAL_PUBLIC_KEYS", home.resolve("keys").resolve("approvals.pub")),
        MemoryConfig.fromEnv(env),
        BlobSettings.fromEnv(env, home, Path.of("").toAbsolutePath()),
        CostConfig.fromEnv(env),
        DefinitionSettings.fromEnv(env, home),
        PolicyFiles.currencies(env),
        PolicyFiles.policies(env));
  }

  /**
   * {@code FLEET_MODEL_QUEUES}: {@code auto} (the default: the run's queue when {@code
   * answersInProcess}, else the tier's), {@code tier} or {@code run}.
   */
  private static boolean modelCallsOnRunQueue(Map<String, String> env, boolean answersInProcess) {
    String value = env.getOrDefault("FLEET_MODEL_QUEUES", "auto").strip();
    return switch (value) {
      case "auto", "" -> answersInProcess;
      case "tier" -> false;
      case "run" -> true;
      default ->
          throw new IllegalArgumentException(
              "FLEET_MODEL_QUEUES must be 'auto' (the default: the run's queue for a model that"
                  + " answers in-process, the tier's otherwise), 'tier' (each model tier on its"
                  + " own task queue) or 'run' (model calls on the run's queue), got '"
                  + value
                  + "'");
    };
  }

  /** The address the metrics endpoint binds; loopback unless {@code FLEET_METRICS_HOST} is set. */
  private static String metricsHost(Map<String, String> env) {
    String value = env.get("FLEET_METRICS_HOST");
    if (value == null || value.isBlank()) {
      return LOOPBACK;
    }
    String host = value.strip();
    if (!host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
      throw new IllegalArgumentException(
          "FLEET_METRICS_HOST must be an address or host name (127.0.0.1, 0.0.0.0, ::1), got '"
              + value
              + "'");
    }
    return host;
  }

  private static Path pathVar(Map<String, String> env, String name, Path fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : Path.of(value.strip()).toAbsolutePath();
  }

  private static int nonNegativeIntVar(Map<String, String> env, String name, int fallback) {
    int value = intVar(env, name, fallback);
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be 0 or more, got " + value);
    }
    return value;
  }

  private static int positiveIntVar(Map<String, String> env, String name, int fallback) {
    int value = intVar(env, name, fallback);
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be 1 or more, got " + value);
    }
    return value;
  }

  private static int intVar(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
    }
  }
}
