package dev.agentfleet.bench.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {

  @TempDir Path folder;

  @Test
  void a_result_file_holds_machine_command_date_commit_parameters_figures_and_verdict()
      throws Exception {
    ResultFiles files = new ResultFiles(folder);

    Path file = files.write(Results.overhead(7.9));

    String json = Files.readString(file);
    assertThat(file.getFileName().toString()).isEqualTo("overhead.json");
    assertThat(json)
        .contains("\"benchmark\" : \"overhead\"")
        .contains("\"date\" : \"2025-01-02T03:04:05Z\"")
        .contains("\"command\" : \"./fleet bench overhead --runs 200\"")
        .contains("\"commit\" : \"abc123def456\"")
        .contains("\"cores\" : 2")
        .contains("\"runs\" : 200")
        .contains("\"overheadPerStepP50Ms\" : 7.9")
        .contains("\"verdict\" : \"PASS\"");
  }

  @Test
  void reads_back_what_it_wrote() {
    ResultFiles files = new ResultFiles(folder);
    BenchResult written = Results.overhead(27.0);
    files.write(written);

    BenchResult read = files.read("overhead").orElseThrow();

    assertThat(read.verdict()).isEqualTo(Verdict.NEAR);
    assertThat(read.machine()).isEqualTo(written.machine());
    assertThat(read.targets()).isEqualTo(written.targets());
    assertThat(read.durationSeconds()).isEqualTo(12.3);
    assertThat(files.readAll(List.of("overhead", "throughput"))).hasSize(1);
  }

  @Test
  void cluster_results_are_read_by_benchmark_then_by_workers_and_kept_apart_from_the_dev_servers()
      throws Exception {
    ResultFiles files = new ResultFiles(folder);
    files.write(Results.atLeast("throughput", "rate", "runs per second", 10, 14.2, 1000));
    files.write(Results.atLeast("recovery-cluster-w1", "rate", "runs per second", 10, 1, 100));
    files.write(Results.atLeast("throughput-cluster-w10", "rate", "runs per second", 10, 3, 300));
    files.write(Results.atLeast("throughput-cluster-w2", "rate", "runs per second", 10, 2, 300));
    files.write(Results.atLeast("throughput-cluster-w1", "rate", "runs per second", 10, 1, 300));
    Files.writeString(folder.resolve("throughput-cluster-wx.json"), "not a result");

    List<BenchResult> cluster = files.readCluster(List.of("throughput", "recovery", "cost"));

    assertThat(cluster)
        .extracting(BenchResult::benchmark)
        .containsExactly(
            "throughput-cluster-w1",
            "throughput-cluster-w2",
            "throughput-cluster-w10",
            "recovery-cluster-w1");
    assertThat(files.readAll(List.of("throughput")))
        .extracting(BenchResult::benchmark)
        .containsExactly("throughput");
  }

  @Test
  void no_cluster_results_in_a_missing_folder() {
    assertThat(new ResultFiles(folder.resolve("none")).readCluster(List.of("throughput")))
        .isEmpty();
  }
}
