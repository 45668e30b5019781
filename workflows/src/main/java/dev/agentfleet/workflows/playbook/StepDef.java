package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One step of an agent playbook. The set of step kinds is closed: the workflow knows how to run
 * each of them, and a playbook can only compose them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ModelStep.class, name = "model"),
  @JsonSubTypes.Type(value = RouteStep.class, name = "route"),
  @JsonSubTypes.Type(value = ApprovalStep.class, name = "approval"),
  @JsonSubTypes.Type(value = ActionStep.class, name = "action"),
  @JsonSubTypes.Type(value = EndStep.class, name = "end"),
  @JsonSubTypes.Type(value = WaitStep.class, name = "wait"),
  @JsonSubTypes.Type(value = NotifyStep.class, name = "notify"),
  @JsonSubTypes.Type(value = MapStep.class, name = "map"),
  @JsonSubTypes.Type(value = AgentStep.class, name = "agent")
})
public sealed interface StepDef
    permits ModelStep,
        RouteStep,
        ApprovalStep,
        ActionStep,
        EndStep,
        WaitStep,
        NotifyStep,
        MapStep,
        AgentStep {

  /** The step's id, unique within its playbook; routing and {@code next} refer to it. */
  String id();

  /** One line that says what the step is for; it becomes the activity summary in the Web UI. */
  String purpose();

  /** The step's kind as written in the playbook. */
  default String kind() {
    return switch (this) {
      case ModelStep m -> "model";
      case RouteStep r -> "route";
      case ApprovalStep a -> "approval";
      case ActionStep a -> "action";
      case EndStep e -> "end";
      case WaitStep w -> "wait";
      case NotifyStep n -> "notify";
      case MapStep m -> "map";
      case AgentStep a -> "agent";
    };
  }
}
