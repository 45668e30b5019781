package dev.agentfleet.starter.ops;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.agentfleet.workflows.run.ApprovalRecord;
import dev.agentfleet.workflows.run.CostAccount;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet's decision-quality figures over a set of runs: how often people accept the model's
 * proposal as it is, edit it or reject it, how long they take, how often runs roll back or end in
 * the dead-letter queue, and what the model calls cost. A rate is null when nothing was counted for
 * it, never a made-up zero. The JSON keys are a stable contract for scripts.
 *
 * @param runs the runs counted
 * @param byStatus runs by fleet status (wire names), sorted by name
 * @param decided approvals a person decided (approved, edited or rejected)
 * @param approved approvals accepted unchanged
 * @param edited approvals accepted with edited values
 * @param rejected approvals rejected
 * @param pending approvals still waiting
 * @param acceptanceRate approved / decided
 * @param editRate edited / decided
 * @param rejectionRate rejected / decided
 * @param medianDecisionMillis median time from request to decision
 * @param p90DecisionMillis 90th percentile of the time from request to decision
 * @param terminalRuns runs that ended
 * @param rolledBack runs that ended rolled back
 * @param rollbackRate rolledBack / terminalRuns
 * @param deadLettered runs parked in the dead-letter queue
 * @param modelCalls model calls, cache hits included
 * @param costUsd the model calls' cost
 * @param costPerRunUsd costUsd / runs
 * @param cacheHits model answers taken from the cache
 * @param cacheHitRate cacheHits / modelCalls
 */
@JsonPropertyOrder({
  "runs",
  "byStatus",
  "decided",
  "approved",
  "edited",
  "rejected",
  "pending",
  "acceptanceRate",
  "editRate",
  "rejectionRate",
  "medianDecisionMillis",
  "p90DecisionMillis",
  "terminalRuns",
  "rolledBack",
  "rollbackRate",
  "deadLettered",
  "modelCalls",
  "costUsd",
  "costPerRunUsd",
  "cacheHits",
  "cacheHitRate"
})
public record DecisionStats(
    int runs,
    Map<String, Integer> byStatus,
    int decided,
    int approved,
    int edited,
    int rejected,
    int pending,
    Double acceptanceRate,
    Double editRate,
    Double rejectionRate,
    Long medianDecisionMillis,
    Long p90DecisionMillis,
    int terminalRuns,
    int rolledBack,
    Double rollbackRate,
    int deadLettered,
    long modelCalls,
    double costUsd,
    Double costPerRunUsd,
    long cacheHits,
    Double cacheHitRate) {

  /** Computes the figures over {@code states}; null entries are skipped. */
  public static DecisionStats of(List<RunState> states) {
    Map<String, Integer> byStatus = new TreeMap<>();
    int runs = 0;
    int approved = 0;
    int edited = 0;
    int rejected = 0;
    int pending = 0;
    int terminal = 0;
    int rolledBack = 0;
    int deadLettered = 0;
    long calls = 0;
    long hits = 0;
    double usd = 0;
    List<Long> decisionMillis = new ArrayList<>();
    for (RunState state : states) {
      if (state == null) {
        continue;
      }
      runs++;
      RunStatus status = state.status();
      byStatus.merge(status == null ? "unknown" : status.wireName(), 1, Integer::sum);
      if (status != null && status.terminal()) {
        terminal++;
      }
      if (status == RunStatus.ROLLED_BACK) {
        rolledBack++;
      }
      if (status == RunStatus.DEAD_LETTERED || state.deadLetter() != null) {
        deadLettered++;
      }
      for (ApprovalRecord approval : orEmpty(state.approvals())) {
        String decision = String.valueOf(approval.status());
        switch (decision) {
          case "approved" -> approved++;
          case "edited" -> edited++;
          case "rejected" -> rejected++;
          case "pending" -> pending++;
          default -> {}
        }
        boolean closed =
            decision.equals("approved") || decision.equals("edited") || decision.equals("rejected");
        if (closed && approval.decidedAt() > 0 && approval.requestedAt() > 0) {
          decisionMillis.add(Math.max(0, approval.decidedAt() - approval.requestedAt()));
        }
      }
      CostAccount cost = state.cost();
      if (cost != null) {
        calls += cost.modelCalls();
        hits += cost.cacheHits();
        usd += cost.usd();
      }
    }
    int decided = approved + edited + rejected;
    Collections.sort(decisionMillis);
    return new DecisionStats(
        runs,
        byStatus,
        decided,
        approved,
        edited,
        rejected,
        pending,
        rate(approved, decided),
        rate(edited, decided),
        rate(rejected, decided),
        percentile(decisionMillis, 0.5),
        percentile(decisionMillis, 0.9),
        terminal,
        rolledBack,
        rate(rolledBack, terminal),
        deadLettered,
        calls,
        usd,
        runs == 0 ? null : usd / runs,
        hits,
        rate(hits, calls));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static Double rate(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }

  /** The nearest-rank percentile of sorted values; null when there are none. */
  static Long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
