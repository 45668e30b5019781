package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process fake of the connectors for workflow unit tests. It keeps an in-memory ledger by
 * idempotency key, enforces the same refund guard as the real payments connector, and can be told
 * to fail the first attempts of an operation, as a flaky connector would.
 */
final class FakeActionActivities implements ActionActivities {

  static final BigDecimal AUTO_LIMIT = new BigDecimal("50");

  final List<ActionRequest> attempts = new CopyOnWriteArrayList<>();
  final Map<String, ActionRequest> effects = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private final Set<String> failForGood = ConcurrentHashMap.newKeySet();

  FakeActionActivities failFirst(String operation, int times) {
    failuresLeft.put(operation, new AtomicInteger(times));
    return this;
  }

  FakeActionActivities failAlways(String operation) {
    failForGood.add(operation);
    return this;
  }

  /** The fault is fixed: the operation works again. */
  FakeActionActivities recover(String operation) {
    failForGood.remove(operation);
    return this;
  }

  @Override
  public ActionResult execute(ActionRequest request) {
    attempts.add(request);
    ActionRequest done = effects.get(request.idempotencyKey());
    if (done != null) {
      return new ActionResult(request.idempotencyKey(), true, Map.of("replayed", true));
    }
    if (request.operation().equals("refund")) {
      BigDecimal amount = new BigDecimal(String.valueOf(request.params().get("amount")));
      boolean allowed =
          request.attestation().isHuman()
              || (request.attestation().kind().equals("rule") && amount.compareTo(AUTO_LIMIT) <= 0);
      if (!allowed) {
        throw ApplicationFailure.newNonRetryableFailure(
            "refund of " + amount + " needs a human approval", APPROVAL_REQUIRED);
      }
    }
    if (failForGood.contains(request.operation())) {
      throw ApplicationFailure.newNonRetryableFailure("connector is down", INVALID_ACTION);
    }
    AtomicInteger left = failuresLeft.get(request.operation());
    effects.put(request.idempotencyKey(), request);
    if (left != null && left.getAndDecrement() > 0) {
      // The effect happened but the answer was lost: the retry must not act again.
      throw ApplicationFailure.newFailure("connection reset after acting", "ConnectorIO");
    }
    return new ActionResult(
        request.idempotencyKey(), false, Map.of("ok", true, "id", "id-" + request.stepId()));
  }
}
