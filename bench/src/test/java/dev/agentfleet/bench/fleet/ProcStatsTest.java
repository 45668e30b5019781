package dev.agentfleet.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

  @Test
  void reads_user_and_system_time_after_a_command_name_with_spaces_and_parentheses() {
    String stat = "4242 (java (fleet) x) S 1 2 3 4 5 6 7 8 9 10 150 50 0 0 20 0 40 0 999";

    assertThat(ProcStats.cpuSecondsOfStat(stat)).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void reads_the_time_of_children_that_ended_from_cutime_and_cstime() {
    String stat = "4242 (postgres) S 1 2 3 4 5 6 7 8 9 10 150 50 70 30 20 0 40 0 999";

    assertThat(ProcStats.endedChildrenCpuSecondsOfStat(stat)).isCloseTo(1.0, within(1e-9));
    assertThat(ProcStats.cpuSecondsOfStat(stat)).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void busy_ticks_leave_out_idle_and_iowait() {
    String stat = "cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\nintr 1\n";

    ProcStats.MachineTicks ticks = ProcStats.machineTicksOfStat(stat);

    assertThat(ticks.total()).isEqualTo(1000);
    assertThat(ticks.busy()).isEqualTo(150);
  }

  @Test
  void reads_resident_memory_and_threads() {
    String status = "Name:\tjava\nVmRSS:\t  204800 kB\nThreads:\t57\n";

    ProcStats.Memory memory = ProcStats.memoryOfStatus(status);

    assertThat(memory.rssBytes()).isEqualTo(204800L * 1024);
    assertThat(memory.threads()).isEqualTo(57);
  }

  @Test
  void this_process_has_a_cpu_time_on_linux() {
    if (System.getProperty("os.name").startsWith("Linux")) {
      assertThat(ProcStats.cpuSeconds(ProcessHandle.current().pid())).isPresent();
      assertThat(ProcStats.machineTicks()).isPresent();
    }
  }
}
