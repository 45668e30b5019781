package dev.agentfleet.quality;

/**
 * One judged decision: the label that was right, the label proposed and the confidence it was
 * proposed with. Every metric of this package is a function of a list of these.
 *
 * @param label the right label (from a labelled file, or what a person decided)
 * @param predicted the proposed label; null when the step produced none (it failed), which counts
 *     as wrong
 * @param confidence the proposal's confidence in [0, 1]; 0 when there was no proposal
 */
public record Prediction(String label, String predicted, double confidence) {

  public Prediction {
    if (label == null) {
      throw new IllegalArgumentException("a prediction needs the right label");
    }
    if (Double.isNaN(confidence) || confidence < 0 || confidence > 1) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
    }
  }

  /** True when the proposal was the right label. */
  public boolean correct() {
    return label.equals(predicted);
  }
}
