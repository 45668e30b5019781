package dev.agentfleet.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.bench.result.TargetCheck;
import dev.agentfleet.bench.result.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliFiguresTest {

  private static CliFigures figures() {
    Map<String, List<Double>> cached = new LinkedHashMap<>();
    cached.put("--version", List.of(0.30, 0.28, 0.35));
    cached.put("status", List.of(0.48, 0.52, 0.45));
    cached.put("pending", List.of(0.40, 0.41, 0.39));
    cached.put("runs", List.of(0.70, 0.62, 0.66));
    cached.put("ledger", List.of(0.35, 0.30, 0.33));
    Map<String, List<Double>> uncached = new LinkedHashMap<>();
    uncached.put("--version", List.of(0.60, 0.61, 0.59));
    uncached.put("status", List.of(1.00, 1.10, 0.90));
    uncached.put("pending", List.of(0.80, 0.90, 1.00));
    uncached.put("runs", List.of(1.20, 1.30, 1.10));
    uncached.put("ledger", List.of(0.70, 0.75, 0.65));
    return new CliFigures(cached, uncached);
  }

  @Test
  void medians_and_keys_per_verb() {
    Map<String, Object> f = figures().figures();
    assertThat(f)
        .containsEntry("versionMedianS", 0.30)
        .containsEntry("versionNoCacheMedianS", 0.60)
        .containsEntry("statusMedianS", 0.48)
        .containsEntry("runsMedianS", 0.66)
        .containsEntry("runsNoCacheMedianS", 1.20)
        .containsEntry("slowestTargetedMedianS", 0.66)
        .containsEntry("callsPerVerb", 3);
    // (1.00 + 0.90 + 1.20 + 0.70) / (0.48 + 0.40 + 0.66 + 0.33)
    assertThat((double) f.get("cacheSpeedup")).isEqualTo(2.03);
  }

  @Test
  void targets_apply_to_the_four_verbs_and_judge_by_the_median() {
    List<TargetCheck> targets = figures().targets();
    assertThat(targets)
        .extracting(TargetCheck::figure)
        .containsExactly("statusMedianS", "pendingMedianS", "runsMedianS", "ledgerMedianS");
    assertThat(targets)
        .filteredOn(t -> t.figure().equals("runsMedianS"))
        .first()
        .extracting(TargetCheck::verdict)
        .isEqualTo(Verdict.MISS);
    assertThat(targets)
        .filteredOn(t -> t.figure().equals("ledgerMedianS"))
        .first()
        .extracting(TargetCheck::verdict)
        .isEqualTo(Verdict.PASS);
  }

  @Test
  void limits_name_the_slowest_verb_and_the_start_alone() {
    assertThat(figures().limits())
        .contains("./fleet runs at 0.66 s")
        .contains("1.20 s without")
        .contains("(--version) takes 0.30 s");
  }

  @Test
  void verbs_must_match_between_the_two_sides() {
    assertThatThrownBy(
            () -> new CliFigures(Map.of("runs", List.of(0.5)), Map.of("pending", List.of(0.9))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different verbs");
  }

  @Test
  void a_cache_is_ready_only_when_a_whole_cache_file_is_there(@TempDir Path dir) throws Exception {
    assertThat(CliBench.FleetScript.cacheReady(dir.resolve("missing"))).isFalse();
    Files.writeString(dir.resolve("cli-java25-1-2.aot.77.tmp.conf"), "x");
    Files.writeString(dir.resolve("cli-java25-1-2.aot.77.tmp"), "x");
    assertThat(CliBench.FleetScript.cacheReady(dir)).isFalse();
    Files.writeString(dir.resolve("cli-java25-1-2.aot"), "x");
    assertThat(CliBench.FleetScript.cacheReady(dir)).isTrue();
  }
}
