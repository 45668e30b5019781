package dev.agentfleet.worker.metrics;

import dev.agentfleet.workflows.run.FleetSearchAttributes;
import dev.agentfleet.workflows.run.RunStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet-wide gauges, counted from Temporal visibility every few seconds, so every worker
 * reports the same figure (aggregate them with {@code max}, not {@code sum}):
 *
 * <ul>
 *   <li>{@code fleet_runs_in_flight{status}}: open runs by their {@code FleetStatus} (running,
 *       waiting-approval, waiting, dead-lettered);
 *   <li>{@code fleet_approvals_waiting}: runs waiting for a human decision;
 *   <li>{@code fleet_approvals_oldest_age_seconds{role}}: how long the oldest of them has waited,
 *       by the role that may decide (0 when none waits for that role). Visibility holds no approval
 *       request time, so the age is counted from the start of the run's current execution: an upper
 *       bound of the request's own wait, close to it since runs reach their approval within seconds
 *       of starting.
 * </ul>
 *
 * <p>Listing the waiting runs reads at most {@value #MAX_LISTED} of them per refresh. The
 * in-process test server has no visibility API: there the gauges stay at 0 and the refresh logs at
 * debug.
 */
public final class VisibilityGauges implements AutoCloseable {

  static final int MAX_LISTED = 10_000;
  private static final Logger log = LoggerFactory.getLogger(VisibilityGauges.class);
  private static final String WAITING_QUERY =
      "FleetNeedsApproval = true AND ExecutionStatus = 'Running'";

  private final WorkflowClient client;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<RunStatus, AtomicLong> inFlight = new HashMap<>();
  private final AtomicLong waiting = new AtomicLong();
  private final Map<String, AtomicLong> oldestByRole = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fleet-visibility-gauges");
            t.setDaemon(true);
            return t;
          });

  /** Registers the gauges and refreshes them every {@code every}, starting now. */
  public VisibilityGauges(
      WorkflowClient client, MeterRegistry registry, Clock clock, Duration every) {
    this.client = client;
    this.registry = registry;
    this.clock = clock;
    Arrays.stream(RunStatus.values())
        .filter(s -> !s.terminal())
        .forEach(
            status -> {
              AtomicLong value = new AtomicLong();
              inFlight.put(status, value);
              Gauge.builder("fleet_runs_in_flight", value, AtomicLong::get)
                  .description("Open runs by status, from Temporal visibility")
                  .tag("status", status.wireName())
                  .register(registry);
            });
    Gauge.builder("fleet_approvals_waiting", waiting, AtomicLong::get)
        .description("Runs waiting for a human decision")
        .register(registry);
    timer.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  public VisibilityGauges(WorkflowClient client, MeterRegistry registry) {
    this(client, registry, Clock.systemUTC(), Duration.ofSeconds(15));
  }

  private void refresh() {
    try {
      for (Map.Entry<RunStatus, AtomicLong> e : inFlight.entrySet()) {
        String query =
            "ExecutionStatus = 'Running' AND "
                + FleetSearchAttributes.STATUS.getName()
                + " = '"
                + e.getKey().wireName()
                + "'";
        e.getValue().set(client.countWorkflows(query).getCount());
      }
      waiting.set(client.countWorkflows(WAITING_QUERY).getCount());
      try (Stream<WorkflowExecutionMetadata> runs = client.listExecutions(WAITING_QUERY)) {
        publish(oldestByRole(runs.limit(MAX_LISTED).map(VisibilityGauges::waitingOf)));
      }
    } catch (RuntimeException e) {
      log.debug("visibility gauges not refreshed: {}", e.getMessage());
    }
  }

  /** One run waiting for a decision: the role that may decide and since when, at the latest. */
  record Waiting(String role, Instant since) {}

  private static Waiting waitingOf(WorkflowExecutionMetadata run) {
    String role = run.getTypedSearchAttributes().get(FleetSearchAttributes.APPROVAL_ROLE);
    return new Waiting(role == null || role.isBlank() ? "unknown" : role, run.getStartTime());
  }

  /** The oldest wait's start per role. */
  static Map<String, Instant> oldestByRole(Stream<Waiting> waiting) {
    Map<String, Instant> oldest = new HashMap<>();
    waiting.forEach(w -> oldest.merge(w.role(), w.since(), (a, b) -> a.isBefore(b) ? a : b));
    return oldest;
  }

  /** Sets each role's age; a role seen before with nothing waiting now goes back to 0. */
  void publish(Map<String, Instant> oldest) {
    Instant now = clock.instant();
    oldest.forEach(
        (role, since) ->
            oldestByRole
                .computeIfAbsent(role, this::registerAge)
                .set(Math.max(0, Duration.between(since, now).toSeconds())));
    oldestByRole.forEach(
        (role, age) -> {
          if (!oldest.containsKey(role)) {
            age.set(0);
          }
        });
  }

  private AtomicLong registerAge(String role) {
    AtomicLong age = new AtomicLong();
    Gauge.builder("fleet_approvals_oldest_age_seconds", age, AtomicLong::get)
        .description("How long the oldest run waiting for this role's decision has waited")
        .tag("role", role)
        .register(registry);
    return age;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
