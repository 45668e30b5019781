package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Fans a list out to one inline step per item, at most {@code concurrency} at a time, and gathers
 * the results in item order as {@code steps.<id>.results} (with the items as {@code
 * steps.<id>.items}).
 *
 * @param items a template that yields a list ({@code {{input.languages}}}) or a literal YAML list
 * @param as the variable the inner step's templates read the item as; {@code item} when absent
 * @param concurrency how many items run at once; {@value #DEFAULT_CONCURRENCY} when absent
 * @param step the inner step, a model or an action step; its id, next and onError are not used
 * @param onFailure what happens when an item fails for good; by default the run is dead-lettered
 */
public record MapStep(
    String id,
    String purpose,
    Object items,
    String as,
    Integer concurrency,
    @JsonProperty("do") StepDef step,
    String next,
    FailurePolicy onFailure)
    implements StepDef {

  public static final int DEFAULT_CONCURRENCY = 4;

  public MapStep {
    as = as == null || as.isBlank() ? "item" : as;
    concurrency = concurrency == null ? DEFAULT_CONCURRENCY : concurrency;
  }
}
