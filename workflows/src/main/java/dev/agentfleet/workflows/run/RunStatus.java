package dev.agentfleet.workflows.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run is. The last four are terminal. */
public enum RunStatus {
  RUNNING,
  WAITING_APPROVAL,
  COMPLETED,
  REJECTED,
  CLOSED,
  FAILED;

  public boolean terminal() {
    return this != RUNNING && this != WAITING_APPROVAL;
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
