package dev.agentfleet.bench.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarksReportTest {

  @Test
  void lists_machine_command_date_and_each_figure_against_its_target() {
    String md =
        BenchmarksReport.render(
            List.of(Results.overhead(7.9)), "./fleet bench all", "2025-01-02T03:04:05Z");

    assertThat(md)
        .startsWith("# Benchmarks\n")
        .contains("- **Machine:** 2 cores (Test CPU), 8.0 GB memory, Linux test, Test JDK 25")
        .contains("- **Command:** `./fleet bench all`")
        .contains("- **Date:** 2025-01-02T03:04:05Z")
        .contains("| overhead | overhead per step, p50 | 7.90 ms | ≤ 25 ms | PASS |")
        .contains("## overhead: orchestration overhead per step")
        .contains("What limits it: workflow tasks on the worker")
        .contains("- from each run's history");
  }

  @Test
  void a_benchmark_that_could_not_measure_says_why() {
    BenchResult failed =
        BenchResult.failed(
            "recovery",
            "kill -9 of the worker",
            new BenchResult.Stamp(
                "2025-01-02T03:04:05Z",
                "./fleet bench all",
                "abc",
                new Machine(2, 1, "cpu", "os", "jdk")),
            3.0,
            java.util.Map.of("runs", 200),
            "recovery: the deadline of 400 s passed");

    String md = BenchmarksReport.render(List.of(failed), "./fleet bench all", "now");

    assertThat(md)
        .contains("| recovery | — | could not measure | — | ERROR |")
        .contains("**Could not measure:** recovery: the deadline of 400 s passed");
  }

  @Test
  void a_persons_reading_sits_between_the_table_and_the_details() {
    String md =
        BenchmarksReport.render(
            List.of(Results.overhead(7.9)),
            "./fleet bench all",
            "now",
            "## Reading these figures\n\nThe dev server is the limit.\n");

    assertThat(md.indexOf("## Reading these figures"))
        .isGreaterThan(md.indexOf("| overhead | overhead per step, p50"))
        .isLessThan(md.indexOf("## overhead: orchestration overhead per step"));
    assertThat(md).contains("The dev server is the limit.");
  }
}
