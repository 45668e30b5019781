package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The declared answer to a step that failed for good, once its retries are spent. */
public enum FailureOutcome {
  /** A person reviews the failure: approve retries the step, reject ends the run failed. */
  ESCALATE,
  /** The step is recorded as skipped and the run continues at its {@code next}. */
  SKIP,
  /** The run parks as dead-lettered until an operator retries, skips or aborts it. */
  DEAD_LETTER,
  /** The completed actions' compensations run in reverse and the run ends rolled back. */
  COMPENSATE,
  /** A notification goes out; the run continues at {@code next} or ends failed. */
  ALERT,
  /** The run ends failed. */
  FAIL;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static FailureOutcome parse(String value) {
    for (FailureOutcome outcome : values()) {
      if (outcome.wireName().equals(value)) {
        return outcome;
      }
    }
    throw new IllegalArgumentException(
        "expected one of "
            + Arrays.stream(values())
                .map(FailureOutcome::wireName)
                .collect(Collectors.joining(", "))
            + ", got '"
            + value
            + "'");
  }
}
