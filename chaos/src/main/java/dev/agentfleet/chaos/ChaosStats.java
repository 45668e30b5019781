package dev.agentfleet.chaos;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the chaos model server answered the chat completions it received so far: healthy ({@code ok})
 * or with which fault. A snapshot: the server's counters move on, this record does not.
 *
 * @param ok healthy answers
 * @param throttled429 HTTP 429 answers
 * @param error500 HTTP 500 answers
 * @param unavailable503 HTTP 503 answers
 * @param reset connections reset
 * @param timeout connections held without an answer
 * @param malformed HTTP 200 answers whose body is not JSON
 * @param contract answers whose content breaks the output schema
 * @param disallowedTool answers calling a tool the request did not offer
 */
public record ChaosStats(
    long ok,
    long throttled429,
    long error500,
    long unavailable503,
    long reset,
    long timeout,
    long malformed,
    long contract,
    long disallowedTool) {

  /** Every chat completion counted. */
  public long total() {
    return ok + faults();
  }

  /** The chat completions that met a fault. */
  public long faults() {
    return throttled429
        + error500
        + unavailable503
        + reset
        + timeout
        + malformed
        + contract
        + disallowedTool;
  }

  /** The chat completions that met one fault. */
  public long count(Fault fault) {
    return switch (fault) {
      case THROTTLED_429 -> throttled429;
      case ERROR_500 -> error500;
      case UNAVAILABLE_503 -> unavailable503;
      case RESET -> reset;
      case TIMEOUT -> timeout;
      case MALFORMED -> malformed;
      case CONTRACT -> contract;
      case DISALLOWED_TOOL -> disallowedTool;
    };
  }

  /** The counts by spec key ({@code ok}, {@code 429}, ..., {@code tool}), in a stable order. */
  public Map<String, Long> byKey() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("ok", ok);
    for (Fault fault : Fault.values()) {
      counts.put(fault.key(), count(fault));
    }
    return counts;
  }

  /** Builds a snapshot from counts indexed as {@link #index}. */
  static ChaosStats of(long[] counts) {
    return new ChaosStats(
        counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6], counts[7],
        counts[8]);
  }

  /** Where an outcome is counted: 0 for a healthy answer, else the fault's ordinal plus one. */
  static int index(Fault faultOrNull) {
    return faultOrNull == null ? 0 : faultOrNull.ordinal() + 1;
  }

  /** How many outcomes there are to count. */
  static int outcomes() {
    return Fault.values().length + 1;
  }
}
