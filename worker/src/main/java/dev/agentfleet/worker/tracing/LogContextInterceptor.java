package dev.agentfleet.worker.tracing;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.agent.AgentTurnRequest;
import dev.agentfleet.workflows.approval.ApprovalCheck;
import dev.agentfleet.workflows.memory.RecallRequest;
import dev.agentfleet.workflows.memory.RememberRequest;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.run.AgentRunInput;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import org.slf4j.MDC;

/**
 * Adds the run's agent and step to the log context ({@value #AGENT} and {@value #STEP} in the MDC)
 * next to what the SDK puts there ({@code WorkflowId}, {@code RunId}, {@code ActivityType}, {@code
 * Attempt}, ...), so every log line of an activity, and of a run's workflow code, says which agent
 * and step it belongs to. Both come from the activity's request record, or from the run's input;
 * nothing is looked up. Activities whose input names neither (the audit append) carry the agent
 * from the workflow id ({@code agent/record}) of an agent run.
 */
public final class LogContextInterceptor extends WorkerInterceptorBase {

  public static final String AGENT = "Agent";
  public static final String STEP = "Step";

  /** The workflow type of an agent run ({@code AgentWorkflow}'s workflow method name). */
  private static final String AGENT_RUN = "AgentRun";

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      // The SDK hands the context to init(); Activity.getExecutionContext() is not usable from an
      // interceptor's execute(), which runs before the activity method's context is set.
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        Object request = input.getArguments().length == 0 ? null : input.getArguments()[0];
        String[] agentAndStep = agentAndStep(request);
        if (agentAndStep[0] == null && context != null) {
          agentAndStep[0] = agentOfRun(context.getInfo());
        }
        try (MDC.MDCCloseable agent = put(AGENT, agentAndStep[0]);
            MDC.MDCCloseable step = put(STEP, agentAndStep[1])) {
          return super.execute(input);
        }
      }
    };
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public WorkflowOutput execute(WorkflowInput input) {
        Object[] args = input.getArguments();
        String agent = args.length > 0 && args[0] instanceof AgentRunInput run ? run.agent() : null;
        try (MDC.MDCCloseable ignored = put(AGENT, agent)) {
          return super.execute(input);
        }
      }
    };
  }

  /** The agent and step an activity request names; either may be null. */
  static String[] agentAndStep(Object request) {
    return switch (request) {
      case ModelRequest r -> new String[] {r.agent(), r.stepId()};
      case AgentTurnRequest r -> new String[] {r.agent(), r.stepId()};
      case ActionRequest r -> new String[] {r.agent(), r.stepId()};
      case ApprovalCheck r -> new String[] {null, r.stepId()};
      case RecallRequest r -> new String[] {r.agent(), null};
      case RememberRequest r -> new String[] {r.agent(), null};
      case null, default -> new String[] {null, null};
    };
  }

  private static String agentOfRun(ActivityInfo info) {
    String workflowId = info.getWorkflowId();
    int slash = workflowId == null ? -1 : workflowId.indexOf('/');
    return AGENT_RUN.equals(info.getWorkflowType()) && slash > 0
        ? workflowId.substring(0, slash)
        : null;
  }

  /** Puts the value unless it is null; the returned handle removes the key again. */
  private static MDC.MDCCloseable put(String key, String value) {
    return value == null ? null : MDC.putCloseable(key, value);
  }
}
