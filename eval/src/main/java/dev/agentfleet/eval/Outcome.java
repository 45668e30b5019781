package dev.agentfleet.eval;

import dev.agentfleet.quality.Prediction;
import java.util.List;

/**
 * What the decision path did with one labelled record.
 *
 * @param predicted the classification step's label; null when the step failed or was not reached
 * @param fired the names ({@code step/rule}) of the route decisions taken, in order
 * @param stop where the walk stopped, as {@code kind step}
 * @param errors the failures met on the way
 * @param answeredBy the provider and model that answered the judged step; null when none did
 * @param actionWarranted for a walk that stopped at an action: whether the record's true label
 *     leads to the same action (a wrong label that the rules treat alike still warrants it); null
 *     when the walk did not stop at an action
 */
public record Outcome(
    int line,
    String id,
    String label,
    String predicted,
    double confidence,
    List<String> fired,
    String stop,
    List<String> errors,
    String answeredBy,
    Boolean actionWarranted) {

  /** The judged decision. */
  public Prediction prediction() {
    return new Prediction(label, predicted, confidence);
  }
}
