package dev.agentfleet.starter.ops;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One frame of {@code fleet watch}: the fleet at one moment, as visibility counts it.
 *
 * @param byStatus agent runs by fleet status (wire names), in the order to show them
 * @param approvalsWaiting runs waiting for a person
 * @param oldestWaitingSeconds how long the oldest of them has waited; null when none or unknown
 * @param closedLastMinute agent runs that ended in the last minute
 * @param failedLastMinute of those, the ones that failed
 * @param costLastMinuteUsd what model calls cost in the last minute (the ledger's record)
 * @param costLastHourUsd what model calls cost in the last hour
 */
public record FleetFrame(
    Instant at,
    Map<String, Long> byStatus,
    long approvalsWaiting,
    Long oldestWaitingSeconds,
    long closedLastMinute,
    long failedLastMinute,
    double costLastMinuteUsd,
    double costLastHourUsd) {

  /** The frame as {@code fleet watch --json} prints it: the same figures, the time in ISO 8601. */
  public java.util.Map<String, Object> json() {
    java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("at", at.toString());
    json.put("byStatus", byStatus);
    json.put("approvalsWaiting", approvalsWaiting);
    json.put("oldestWaitingSeconds", oldestWaitingSeconds);
    json.put("closedLastMinute", closedLastMinute);
    json.put("failedLastMinute", failedLastMinute);
    json.put("errorRate", errorRate());
    json.put("costLastMinuteUsd", costLastMinuteUsd);
    json.put("costLastHourUsd", costLastHourUsd);
    return json;
  }

  /** Failed / ended in the last minute; null when nothing ended. */
  public Double errorRate() {
    return closedLastMinute == 0 ? null : (double) failedLastMinute / closedLastMinute;
  }

  /** Agent runs counted in all statuses. */
  public long total() {
    return byStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The frame as text, a few lines wide enough for a terminal. */
  public String render() {
    StringBuilder text = new StringBuilder();
    text.append("fleet at ").append(at).append("   (").append(total()).append(" runs)\n");
    text.append("runs by status\n");
    byStatus.forEach(
        (status, count) -> text.append(String.format(Locale.ROOT, "  %-18s %6d%n", status, count)));
    text.append(
        String.format(
            Locale.ROOT,
            "approvals waiting  %6d%s%n",
            approvalsWaiting,
            oldestWaitingSeconds == null ? "" : "   oldest " + age(oldestWaitingSeconds)));
    Double rate = errorRate();
    text.append(
        String.format(
            Locale.ROOT,
            "last minute        %6d ended, %d failed (error rate %s)%n",
            closedLastMinute,
            failedLastMinute,
            rate == null ? "-" : String.format(Locale.ROOT, "%.1f%%", rate * 100)));
    text.append(
        String.format(
            Locale.ROOT,
            "cost rate          $%.6f/min, $%.6f in the last hour%n",
            costLastMinuteUsd,
            costLastHourUsd));
    return text.toString();
  }

  static String age(long seconds) {
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 7200) {
      return (seconds / 60) + "m" + (seconds % 60) + "s";
    }
    return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m";
  }
}
