package dev.agentfleet.starter.ops;

import dev.agentfleet.ledger.cost.CostReader;
import dev.agentfleet.ledger.cost.CostRow;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.runs.PendingApprovals;
import dev.agentfleet.starter.runs.RunLister;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.workflows.run.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes {@link FleetFrame}s: counts from Temporal visibility (no worker needed for them), the
 * oldest waiting approval from its run's state, and the model cost rate from the ledger.
 */
public final class FleetWatch {

  private static final String WAITING =
      RunLister.AGENT_RUNS + " AND FleetNeedsApproval = true AND ExecutionStatus = 'Running'";

  private final TemporalConnection temporal;
  private final CostReader costs;
  private final Clock clock;

  public FleetWatch(TemporalConnection temporal, CostReader costs, Clock clock) {
    this.temporal = temporal;
    this.costs = costs;
    this.clock = clock;
  }

  /** The fleet now. */
  public FleetFrame frame() {
    // Whole seconds: the frame shows it to a person, refreshed every few seconds.
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Map<String, Long> byStatus = new LinkedHashMap<>();
    for (RunStatus status : RunStatus.values()) {
      byStatus.put(status.wireName(), count(RunLister.query(null, status)));
    }
    long waiting = count(WAITING);
    Long oldest = null;
    if (waiting > 0) {
      try {
        List<PendingApprovals.PendingApproval> pending =
            new PendingApprovals(new RunLister(temporal), new RunQueries(temporal), clock)
                .list(100);
        oldest = pending.isEmpty() ? null : pending.getFirst().waitingSeconds();
      } catch (RuntimeException e) {
        // no worker answers the state query: the count alone is still worth showing
      }
    }
    String minuteAgo = now.minus(Duration.ofMinutes(1)).toString();
    String closedRecently = RunLister.AGENT_RUNS + " AND CloseTime > '" + minuteAgo + "'";
    long closed = count(closedRecently);
    long failed =
        count(
            closedRecently
                + " AND (FleetStatus = 'failed' OR ExecutionStatus = 'Failed'"
                + " OR ExecutionStatus = 'TimedOut' OR ExecutionStatus = 'Terminated')");
    return new FleetFrame(
        now,
        byStatus,
        waiting,
        oldest,
        closed,
        failed,
        usdSince(now.minus(Duration.ofMinutes(1))),
        usdSince(now.minus(Duration.ofHours(1))));
  }

  private long count(String query) {
    try {
      return temporal.client().countWorkflows(query).getCount();
    } catch (RuntimeException e) {
      throw new FleetException("cannot count runs: " + temporal.explain(e));
    }
  }

  private double usdSince(Instant since) {
    try {
      return costs.totals(null, since).stream().mapToDouble(CostRow::costUsd).sum();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
