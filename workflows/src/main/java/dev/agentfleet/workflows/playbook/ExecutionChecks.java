package dev.agentfleet.workflows.playbook;

import dev.agentfleet.workflows.connector.ConnectorCatalog;
import dev.agentfleet.workflows.connector.ConnectorSpec;
import dev.agentfleet.workflows.connector.OperationSpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where {@code execution: local} may stand: on steps that are short and safe to repeat, since a
 * local activity whose worker dies before its result is recorded runs again. Model steps qualify
 * (their call acts on nothing outside the run, and {@code model_calls} keeps one row per key);
 * action steps only when the connector catalog marks the operation read-only; never a notification
 * (it sends), an agent step (its turns heartbeat under a long timeout) or the item of a map step
 * (its items run as activities of their own).
 */
final class ExecutionChecks {

  private ExecutionChecks() {}

  /** Files a problem for each place {@code step} asks for local execution it may not have. */
  static void check(StepDef step, String at, List<String> problems) {
    switch (step) {
      case ModelStep m -> {
        if (Execution.isLocal(m.execution())) {
          retryWithinBound(m.onFailure(), at, problems);
        }
      }
      case ActionStep a -> {
        if (Execution.isLocal(a.execution())) {
          readOnly(a, at, problems);
          retryWithinBound(a.onFailure(), at, problems);
        }
      }
      case NotifyStep n -> {
        if (Execution.isLocal(n.execution())) {
          problems.add(
              at
                  + ".execution: a notify step sends, an effect a local activity could repeat"
                  + " after a worker crash; local is for model steps and read-only connector"
                  + " operations");
        }
      }
      case AgentStep a -> {
        if (Execution.isLocal(a.execution())) {
          problems.add(
              at
                  + ".execution: an agent step's turns heartbeat under a 4-minute timeout and its"
                  + " tools may act; a local activity cannot heartbeat and is bounded by "
                  + minutes(Execution.LOCAL_TOTAL_TIMEOUT)
                  + ", so an agent step runs as an activity");
        }
      }
      case MapStep m -> {
        if (m.step() != null && localInside(m.step())) {
          problems.add(
              at
                  + ".do.execution: a map step runs its items as activities of their own, at most"
                  + " concurrency at a time; declare execution: local on a top-level step");
        }
      }
      default -> {}
    }
  }

  private static boolean localInside(StepDef inner) {
    return switch (inner) {
      case ModelStep m -> Execution.isLocal(m.execution());
      case ActionStep a -> Execution.isLocal(a.execution());
      default -> false;
    };
  }

  /** A local action reads only: the catalog says so of its operation. */
  private static void readOnly(ActionStep a, String at, List<String> problems) {
    Optional<OperationSpec> operation =
        ConnectorCatalog.find(a.connector()).flatMap(c -> c.find(a.operation()));
    if (operation.isEmpty()) {
      // The connector check names the unknown connector or operation.
      return;
    }
    if (!operation.get().read()) {
      problems.add(
          at
              + ".execution: "
              + a.connector()
              + "."
              + a.operation()
              + " acts on the world, and a local activity may run again after a worker crash"
              + " before its result is recorded; local is for read-only operations ("
              + readOnlyOperations()
              + ") and model steps");
    }
  }

  /** Every retry interval fits in the local step's whole bound, else the bound cuts it short. */
  private static void retryWithinBound(FailurePolicy policy, String at, List<String> problems) {
    if (policy == null || policy.retry() == null) {
      return;
    }
    RetrySpec retry = policy.retry();
    within(retry.initialInterval(), at + ".onFailure.retry.initialInterval", problems);
    within(retry.maxInterval(), at + ".onFailure.retry.maxInterval", problems);
  }

  private static void within(String interval, String at, List<String> problems) {
    if (interval == null) {
      return;
    }
    Duration parsed;
    try {
      parsed = Duration.parse(interval);
    } catch (DateTimeParseException e) {
      return; // the validator reports the malformed duration
    }
    if (parsed.compareTo(Execution.LOCAL_TOTAL_TIMEOUT) >= 0) {
      problems.add(
          at
              + ": a local step runs "
              + minutes(Execution.LOCAL_TOTAL_TIMEOUT)
              + " at most, its retries included, so a retry interval of "
              + interval
              + " never comes; shorten it or run the step as an activity (execution: activity)");
    }
  }

  private static String minutes(Duration bound) {
    return bound.toMinutes() + " minutes";
  }

  /** The catalog's read-only operations, {@code crm.get, ...}. */
  static String readOnlyOperations() {
    return ConnectorCatalog.all().stream()
        .flatMap(
            (ConnectorSpec c) ->
                c.operations().stream()
                    .filter(OperationSpec::read)
                    .map(o -> c.name() + "." + o.name()))
        .collect(Collectors.joining(", "));
  }
}
