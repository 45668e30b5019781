package dev.agentfleet.workflows.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a run is. Running, waiting for an approval, waiting for a timer or an event, and parked in
 * the dead-letter queue are live; the rest are terminal.
 */
public enum RunStatus {
  RUNNING,
  WAITING_APPROVAL,
  COMPLETED,
  REJECTED,
  CLOSED,
  FAILED,
  WAITING,
  DEAD_LETTERED,
  ROLLED_BACK,
  /** The worker would not run the definition the run named: not deployed with it, not signed. */
  REFUSED;

  public boolean terminal() {
    return switch (this) {
      case RUNNING, WAITING_APPROVAL, WAITING, DEAD_LETTERED -> false;
      case COMPLETED, REJECTED, CLOSED, FAILED, ROLLED_BACK, REFUSED -> true;
    };
  }

  /**
   * True for a live run that waits on something outside itself: a person (approval), a timer or an
   * event (wait step), or an operator (dead-lettered). A caller that waits for runs to settle stops
   * waiting for these as it does for ended ones.
   */
  public boolean parked() {
    return this == WAITING_APPROVAL || this == WAITING || this == DEAD_LETTERED;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static RunStatus parse(String value) {
    return RunStatus.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
