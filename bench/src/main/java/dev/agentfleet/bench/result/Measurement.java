package dev.agentfleet.bench.result;

import java.util.List;
import java.util.Map;

/**
 * What one benchmark measured, before it is stamped with the machine, the date and the command.
 *
 * @param parameters the sizes and settings it ran with
 * @param figures every figure, by a key that names its unit ({@code overheadPerStepP50Ms})
 * @param targets the figures that have targets, judged
 * @param limits one factual line on what limited the figures, derived from what was measured
 * @param method how the figures were measured, one sentence each
 * @param details further lines for the human summary (a breakdown, a count)
 */
public record Measurement(
    Map<String, Object> parameters,
    Map<String, Object> figures,
    List<TargetCheck> targets,
    String limits,
    List<String> method,
    List<String> details) {

  /** The worst verdict of the targets. */
  public Verdict verdict() {
    Verdict worst = Verdict.PASS;
    for (TargetCheck check : targets) {
      worst = worst.worse(check.verdict());
    }
    return worst;
  }
}
