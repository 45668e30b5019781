package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What one run may spend on model calls, and what happens when it has: checked before every model
 * step against the run's cost so far.
 *
 * @param usd the budget in US dollars; a run whose cost reached it is over budget
 * @param onExhausted what a model step does once the run is over budget; {@code escalate} when
 *     absent, because sending a run to a person is the choice that never spends more
 */
public record Budget(Double usd, OnExhausted onExhausted) {

  public Budget {
    onExhausted = onExhausted == null ? OnExhausted.ESCALATE : onExhausted;
  }

  /** What a model step does when the run is over its budget. */
  public enum OnExhausted {
    /** Run the step on the {@code small} tier and record the decision. */
    DOWNGRADE,
    /**
     * Skip the call and send the run to the step's {@code onError}, with a BudgetExhausted error.
     */
    ESCALATE;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static OnExhausted parse(String value) {
      for (OnExhausted option : values()) {
        if (option.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
          return option;
        }
      }
      throw new IllegalArgumentException("expected downgrade or escalate, got '" + value + "'");
    }
  }
}
