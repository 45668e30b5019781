package dev.agentfleet.workflows.audit;

import dev.agentfleet.workflows.run.DurableTimers;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Records the audit chain's head every {@link AuditAnchorInput#everySeconds()} seconds. Each
 * activity result (the head, and whether the previous anchor still holds) stays in the history; the
 * highest head that extended the previous one without a cut is carried across continue-as-new, so a
 * head read after a tail cut never replaces the anchor that proves the cut.
 */
public final class AuditAnchorWorkflowImpl implements AuditAnchorWorkflow {

  /** Heads recorded per run before it continues as new, keeping each history short. */
  static final int HEADS_PER_RUN = 120;

  private static final Logger log = Workflow.getLogger(AuditAnchorWorkflowImpl.class);

  private static final ActivityOptions READ =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .build())
          .build();

  private AuditHead anchored;

  @Override
  public void run(AuditAnchorInput input) {
    anchored = input.anchored();
    Duration every = Duration.ofSeconds(Math.max(1, input.everySeconds()));
    AuditAnchorActivities ledger = Workflow.newActivityStub(AuditAnchorActivities.class, READ);
    for (int i = 0; i < HEADS_PER_RUN; i++) {
      AuditHead head = ledger.head(anchored);
      if (head.problem() != null) {
        log.error("audit chain no longer holds its anchor: {}", head.problem());
      } else if (head.advancesFrom(anchored)) {
        anchored = head;
      }
      DurableTimers.sleep(every, "until the next read of the audit head");
    }
    Workflow.continueAsNew(new AuditAnchorInput(input.everySeconds(), anchored));
  }

  @Override
  public AuditHead anchored() {
    return anchored;
  }
}
