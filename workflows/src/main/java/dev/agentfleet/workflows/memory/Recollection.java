package dev.agentfleet.workflows.memory;

import java.util.Map;

/**
 * A remembered case found again.
 *
 * @param text the case's text as it was remembered
 * @param outcome the outcome summary remembered with it (for example category and resolution)
 * @param similarity the cosine similarity to the searched text, from -1 to 1
 * @param at when the case was remembered, in epoch milliseconds
 */
public record Recollection(String text, Map<String, Object> outcome, double similarity, long at) {

  public Recollection {
    outcome = outcome == null ? Map.of() : outcome;
  }
}
