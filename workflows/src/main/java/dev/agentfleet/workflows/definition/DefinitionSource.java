package dev.agentfleet.workflows.definition;

import java.util.List;

/**
 * A place a worker takes trusted definitions from: the folder deployed with it, or the published
 * definitions whose signatures its release keys verify. Implementations live in the execution plane
 * (they read files and the ledger); they only ever return definitions they checked.
 */
public interface DefinitionSource {

  /**
   * The trusted definitions whose SHA-256 starts with {@code hexPrefix} (12 to 64 lowercase hex
   * digits); empty when none.
   */
  List<TrustedDefinition> find(String hexPrefix);

  /** Names the source in messages (a folder, a table and its keys). */
  String describe();
}
