package dev.agentfleet.worker.tracing;

import dev.agentfleet.workflows.action.ActionRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A one-activity workflow whose activity takes a fleet action request and logs a line. */
@WorkflowInterface
public interface ProbeWorkflow {

  @WorkflowMethod
  String run(String agent);

  @ActivityInterface
  interface ProbeActivities {
    String act(ActionRequest request);
  }

  class Impl implements ProbeWorkflow {
    private static final Logger log = Workflow.getLogger(Impl.class);

    @Override
    public String run(String agent) {
      log.info("probe workflow running");
      ProbeActivities activities =
          Workflow.newActivityStub(
              ProbeActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
      String workflowId = Workflow.getInfo().getWorkflowId();
      return activities.act(
          new ActionRequest(
              workflowId + "/notify",
              workflowId,
              "P-1",
              agent,
              "notify",
              "mailer",
              "send",
              Map.of("to", "customer@example.com"),
              null));
    }
  }

  class Activities implements ProbeActivities {
    private static final Logger log = LoggerFactory.getLogger(Activities.class);

    @Override
    public String act(ActionRequest request) {
      log.info("probe activity acting");
      return "done";
    }
  }
}
