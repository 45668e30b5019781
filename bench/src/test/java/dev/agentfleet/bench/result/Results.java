package dev.agentfleet.bench.result;

import dev.agentfleet.bench.result.TargetCheck.Comparison;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A result as a benchmark would produce it, for the tests of what reads and shows results. */
final class Results {

  private Results() {}

  static BenchResult overhead(double p50) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("runs", 200);
    parameters.put("steps", 5);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("overheadPerStepP50Ms", p50);
    figures.put("atKill", Map.of("a model call started on the killed worker", 3));
    Measurement measurement =
        new Measurement(
            parameters,
            figures,
            List.of(
                TargetCheck.judge(
                    "overheadPerStepP50Ms",
                    "overhead per step, p50",
                    "ms",
                    Comparison.AT_MOST,
                    25,
                    0.10,
                    p50)),
            "workflow tasks on the worker",
            List.of("from each run's history"),
            List.of());
    return BenchResult.measured(
        "overhead",
        "orchestration overhead per step",
        new BenchResult.Stamp(
            "2025-01-02T03:04:05Z",
            "./fleet bench overhead --runs 200",
            "abc123def456",
            new Machine(2, 8_000_000_000L, "Test CPU", "Linux test", "Test JDK 25")),
        12.34,
        measurement);
  }

  /** A result named {@code benchmark} with one figure against an at-least target. */
  static BenchResult atLeast(
      String benchmark, String figure, String label, double target, double measured, int runs) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("runs", runs);
    return BenchResult.measured(
        benchmark,
        "a benchmark",
        new BenchResult.Stamp(
            "2025-01-02T03:04:05Z",
            "./fleet bench " + benchmark,
            "abc123def456",
            new Machine(2, 8_000_000_000L, "Test CPU", "Linux test", "Test JDK 25")),
        20,
        new Measurement(
            parameters,
            Map.of(figure, measured),
            List.of(
                TargetCheck.judge(
                    figure, label, "runs/s", Comparison.AT_LEAST, target, 0.10, measured)),
            "the server's CPU",
            List.of("from visibility"),
            List.of()));
  }
}
