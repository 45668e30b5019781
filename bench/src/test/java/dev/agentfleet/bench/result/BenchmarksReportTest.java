package dev.agentfleet.bench.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  @Test
  void the_baseline_shows_the_fleet_as_ratios_to_raw_temporal_under_the_table() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("rawStepP50Ms", 13.8);
    figures.put("fleetStepP50Ms", 20.1);
    figures.put("stepRatioP50", 1.457);
    figures.put("rawRunsPerSecond", 23.1);
    figures.put("fleetRunsPerSecond", 13.7);
    figures.put("throughputRatio", 0.593);
    figures.put("rawHistoryBytes", 2100);
    figures.put("fleetHistoryBytes", 12600);
    figures.put("historyBytesRatio", 6.0);
    BenchResult baseline =
        BenchResult.measured(
            "baseline",
            "the fleet against raw Temporal on the same server",
            new BenchResult.Stamp(
                "2025-01-02T03:04:05Z",
                "./fleet bench baseline --runs 60",
                "abc123def456",
                new Machine(2, 8_000_000_000L, "Test CPU", "Linux test", "Test JDK 25")),
            30,
            new Measurement(
                Map.of("runs", 60),
                figures,
                List.of(),
                "workflow tasks",
                List.of("both sides alike"),
                List.of()));

    String md =
        BenchmarksReport.render(
            List.of(Results.overhead(7.9), baseline), "./fleet bench all", "now");

    assertThat(md)
        .contains("**Against the floor** (`./fleet bench baseline --runs 60`: raw Temporal")
        .contains(
            "the fleet takes 1.46x raw Temporal's time per step (20.1 ms against 13.8 ms),"
                + " completes 0.59x its runs per second (13.7 runs/s against 23.1 runs/s) and"
                + " writes 6.00x its history bytes per run (12600 bytes against 2100 bytes).");
    assertThat(md.indexOf("**Against the floor**"))
        .isGreaterThan(md.indexOf("| overhead | overhead per step, p50"))
        .isLessThan(md.indexOf("## overhead: orchestration overhead per step"));
  }

  @Test
  void no_floor_line_without_a_measured_baseline() {
    String md = BenchmarksReport.render(List.of(Results.overhead(7.9)), "./fleet bench all", "now");

    assertThat(md).doesNotContain("Against the floor");
  }

  @Test
  void cluster_results_sit_in_a_table_of_their_own_beside_the_dev_servers_figure() {
    BenchResult dev = Results.atLeast("throughput", "rate", "runs per second", 10, 14.2, 1000);
    BenchResult one =
        Results.atLeast("throughput-cluster-w1", "rate", "runs per second", 10, 6.5, 300);
    BenchResult two =
        Results.atLeast("throughput-cluster-w2", "rate", "runs per second", 10, 9.5, 300);
    BenchResult failed =
        BenchResult.failed(
            "recovery-cluster-w2",
            "kill -9 of one of 2 workers",
            new BenchResult.Stamp("now", "./fleet bench recovery", "abc", two.machine()),
            3.0,
            Map.of("runs", 100),
            "recovery-cluster: the cluster did not start");

    String md =
        BenchmarksReport.render(
            List.of(Results.overhead(7.9), dev),
            List.of(one, two, failed),
            "./fleet bench all",
            "now",
            "## Reading these figures\n\nFour processes share two cores.\n");

    assertThat(md)
        .contains("## On the cluster\n")
        .contains("| benchmark | figure | 1 worker | 2 workers | dev server |")
        .contains(
            "| throughput | runs per second | 6.50 runs/s (300 runs, MISS) | 9.50 runs/s (300 runs,"
                + " MISS (within noise)) | 14.2 runs/s (1000 runs, PASS) |")
        .contains("| recovery | — | — | could not measure | — |")
        .contains("## throughput-cluster-w2: a benchmark")
        .contains("**Could not measure:** recovery-cluster: the cluster did not start");
    assertThat(md.indexOf("## On the cluster"))
        .isGreaterThan(md.indexOf("| overhead | overhead per step, p50"))
        .isLessThan(md.indexOf("## Reading these figures"));
    assertThat(md.indexOf("## throughput-cluster-w1:"))
        .as("the cluster runs' details come after the dev server's")
        .isGreaterThan(md.indexOf("## throughput: a benchmark"));
    assertThat(md.indexOf("| throughput | rate"))
        .as("the first table holds the dev server's figures only")
        .isEqualTo(-1);
  }

  @Test
  void no_cluster_section_without_cluster_results() {
    String md = BenchmarksReport.render(List.of(Results.overhead(7.9)), "./fleet bench all", "now");

    assertThat(md).doesNotContain("On the cluster");
  }
}
