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

  private static Map<String, List<Double>> calls(
      double version, double status, double pending, double runs, double ledger) {
    Map<String, List<Double>> byVerb = new LinkedHashMap<>();
    byVerb.put("--version", List.of(version + 0.02, version, version + 0.05));
    byVerb.put("status", List.of(status, status + 0.04, status - 0.03));
    byVerb.put("pending", List.of(pending + 0.01, pending, pending - 0.01));
    byVerb.put("runs", List.of(runs + 0.08, runs, runs + 0.04));
    byVerb.put("ledger", List.of(ledger, ledger - 0.05, ledger - 0.02));
    return byVerb;
  }

  private static CliFigures figures() {
    return new CliFigures(
        calls(0.30, 0.20, 0.40, 0.66, 0.10),
        calls(0.30, 0.48, 0.90, 0.80, 0.35),
        calls(0.60, 1.00, 0.90, 1.20, 0.70));
  }

  @Test
  void medians_and_keys_per_verb_and_way() {
    Map<String, Object> f = figures().figures();
    assertThat(f)
        .containsEntry("versionMedianS", 0.32)
        .containsEntry("versionJvmMedianS", 0.32)
        .containsEntry("versionNoCacheMedianS", 0.62)
        .containsEntry("statusMedianS", 0.20)
        .containsEntry("statusJvmMedianS", 0.48)
        .containsEntry("runsMedianS", 0.70)
        .containsEntry("runsNoCacheMedianS", 1.24)
        .containsEntry("slowestTargetedMedianS", 0.70)
        .containsEntry("callsPerVerb", 3);
    // JVM with the cache over resident: (0.48 + 0.90 + 0.84 + 0.33) / (0.20 + 0.40 + 0.70 + 0.08)
    assertThat((double) f.get("residentSpeedup")).isEqualTo(1.85);
    // none over the cache: (1.00 + 0.90 + 1.24 + 0.68) / (0.48 + 0.90 + 0.84 + 0.33)
    assertThat((double) f.get("cacheSpeedup")).isEqualTo(1.5);
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
        .contains("./fleet runs at 0.70 s a call as a user makes it")
        .contains("0.84 s with the class cache and 1.24 s without")
        .contains("(--version) takes 0.32 s");
  }

  @Test
  void verbs_must_match_between_the_three_ways() {
    assertThatThrownBy(
            () ->
                new CliFigures(
                    Map.of("runs", List.of(0.5)),
                    Map.of("runs", List.of(0.7)),
                    Map.of("pending", List.of(0.9))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different verbs");
  }

  @Test
  void a_cache_is_ready_only_when_a_whole_cache_file_is_there(@TempDir Path dir) throws Exception {
    assertThat(FleetScript.cacheReady(dir.resolve("missing"))).isFalse();
    Files.writeString(dir.resolve("cli-java25-1-2.aot.77.tmp.conf"), "x");
    Files.writeString(dir.resolve("cli-java25-1-2.aot.77.tmp"), "x");
    assertThat(FleetScript.cacheReady(dir)).isFalse();
    Files.writeString(dir.resolve("cli-java25-1-2.aot"), "x");
    assertThat(FleetScript.cacheReady(dir)).isTrue();
  }
}
