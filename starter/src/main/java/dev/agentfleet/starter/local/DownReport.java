package dev.agentfleet.starter.local;

import java.util.List;

/**
 * What {@code down} did, part by part: the JSON of {@code down --json}.
 *
 * @param stopped the parts it stopped, in the order it stopped them
 * @param notRunning the parts that were not running (their stale pid files removed)
 * @param leftRunning a Temporal server on this machine that {@code up} did not start
 */
public record DownReport(List<Stopped> stopped, List<String> notRunning, List<String> leftRunning) {

  public DownReport {
    stopped = List.copyOf(stopped);
    notRunning = List.copyOf(notRunning);
    leftRunning = List.copyOf(leftRunning);
  }

  /**
   * One part {@code down} stopped.
   *
   * @param part its name ({@link FleetPart#label()})
   * @param pid its process id
   * @param graceful true when it stopped on SIGTERM, false when it had to be killed
   */
  public record Stopped(String part, long pid, boolean graceful) {}
}
