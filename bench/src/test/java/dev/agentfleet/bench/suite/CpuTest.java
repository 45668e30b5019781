package dev.agentfleet.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuTest {

  @Test
  void a_dev_servers_parts_keep_their_figure_names_and_sentence() {
    Map<String, Double> cores = new LinkedHashMap<>();
    cores.put("worker", 1.1);
    cores.put("devServer", 0.62);
    cores.put("bench", 0.08);
    cores.put("machineBusy", 0.95);
    Map<String, Object> figures = new LinkedHashMap<>();

    Cpu.put(figures, cores);

    assertThat(figures)
        .containsEntry("cpuWorkerCores", 1.1)
        .containsEntry("cpuDevServerCores", 0.62)
        .containsEntry("cpuBenchDriverCores", 0.08)
        .containsEntry("machineBusyShare", 0.95)
        .containsKey("machineCores");
    assertThat(Cpu.describe(cores))
        .endsWith(
            " cores were 95 % busy (worker 1.10 cores, dev server 0.62, the benchmark's own JVM"
                + " 0.08, the rest other processes)");
  }

  @Test
  void a_clusters_parts_are_each_a_figure_and_named_in_the_sentence() {
    Map<String, Double> cores = new LinkedHashMap<>();
    cores.put("workers", 0.4);
    cores.put("history", 0.5);
    cores.put("temporalWorker", 0.01);
    cores.put("postgres", 0.3);
    cores.put("bench", 0.05);
    cores.put("machineBusy", 0.99);
    Map<String, Object> figures = new LinkedHashMap<>();

    Cpu.put(figures, cores);

    assertThat(figures)
        .containsEntry("cpuWorkersCores", 0.4)
        .containsEntry("cpuHistoryCores", 0.5)
        .containsEntry("cpuTemporalWorkerCores", 0.01)
        .containsEntry("cpuPostgresCores", 0.3);
    assertThat(Cpu.describe(cores))
        .contains(
            "(workers 0.40 cores, history service 0.50, Temporal's worker service 0.01,"
                + " PostgreSQL 0.30, the benchmark's own JVM 0.05, the rest other processes)");
  }

  @Test
  void without_proc_the_sentence_says_so() {
    assertThat(Cpu.describe(Map.of("worker", 1.0))).isEqualTo("CPU use unknown (no /proc)");
  }
}
