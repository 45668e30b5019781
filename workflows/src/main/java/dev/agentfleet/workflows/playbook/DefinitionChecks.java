package dev.agentfleet.workflows.playbook;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Checks the definition a run was started with, as a local activity: the run records the answer in
 * its history once, and a worker checks each distinct definition once however many runs carry it
 * (see {@link CachedDefinitionChecks}).
 */
@ActivityInterface
public interface DefinitionChecks {

  /**
   * Returns what is wrong with a bound definition ({@link PlaybookParser#problems}); empty when it
   * can run.
   */
  @ActivityMethod
  List<String> definitionProblems(AgentDefinition definition);
}
