package dev.agentfleet.workflows.run;

/** The task queues of the fleet, in one place. */
public final class TaskQueues {

  /** Agent workflows and their activities. */
  public static final String AGENTS = "agent-fleet";

  private TaskQueues() {}
}
