package dev.agentfleet.bench.raw;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The floor of {@code ./fleet bench baseline}: a plain Temporal workflow of K no-op activities in a
 * row, written against the Java SDK alone (nothing of the fleet), so the fleet's K-step chain can
 * be measured against what Temporal itself costs on the same server.
 */
@WorkflowInterface
public interface RawChainWorkflow {

  /** The workflow type visibility lists these runs under. */
  String TYPE = "RawChain";

  /** Calls the no-op activity {@code steps} times in sequence and returns how many ran. */
  @WorkflowMethod(name = TYPE)
  int run(String note, int steps);
}
