package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Calls a connector to act on the world, exactly once per run and step.
 *
 * @param connector the connector name ({@code payments}, {@code mailer}, {@code http})
 * @param operation the operation on that connector ({@code refund}, {@code send}, {@code post})
 * @param params parameter templates rendered over the run state; a template that is exactly one
 *     {@code {{path}}} keeps the value's type (a number stays a number)
 * @param onError the step to go to when the action fails for good; without one the run fails
 * @param next the step after the action succeeded
 * @param compensate the call that undoes this action when a later step's policy compensates
 * @param onFailure the retry policy and the outcome once it is spent; null for the defaults
 * @param execution {@code local} to run a read-only operation as a local activity; refused for
 *     operations with an effect; null (or {@code activity}) for a normal activity
 */
public record ActionStep(
    String id,
    String purpose,
    String connector,
    String operation,
    Map<String, String> params,
    String onError,
    String next,
    Compensation compensate,
    FailurePolicy onFailure,
    @JsonInclude(JsonInclude.Include.NON_NULL) Execution execution)
    implements StepDef {

  public ActionStep {
    params = params == null ? Map.of() : Map.copyOf(params);
  }
}
