package dev.agentfleet.activities.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where quotas and the other cost settings come from, and what a bad value says. */
class QuotasTest {

  @TempDir Path repo;

  private Path quotasFile(String yaml) throws IOException {
    Path file = repo.resolve("config/quotas.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void reads_the_file_and_lets_a_variable_win_over_it() throws IOException {
    quotasFile(
        """
        support-triage: {usd: 5.0, window: PT24H}
        lead-followup: {usd: 2.5}
        content-pipeline: {usd: 1, window: PT1H}
        """);

    Quotas quotas =
        CostConfig.fromEnv(
                Map.of("FLEET_REPO", repo.toString(), "FLEET_QUOTA_CONTENT_PIPELINE", "0.75/PT30M"))
            .quotas();

    assertThat(quotas.forAgent("support-triage")).contains(new Quota(5.0, Duration.ofHours(24)));
    assertThat(quotas.forAgent("lead-followup")).contains(new Quota(2.5, Quota.DEFAULT_WINDOW));
    assertThat(quotas.forAgent("content-pipeline"))
        .contains(new Quota(0.75, Duration.ofMinutes(30)));
    assertThat(quotas.forAgent("unknown-agent")).isEmpty();
  }

  @Test
  void a_variable_alone_sets_a_quota_with_the_default_window() {
    Quotas quotas =
        Quotas.load(repo.resolve("absent.yaml"), Map.of("FLEET_QUOTA_SUPPORT_TRIAGE", "3"));

    assertThat(quotas.forAgent("support-triage")).contains(new Quota(3, Duration.ofHours(24)));
    assertThat(Quotas.envName("support-triage")).isEqualTo("FLEET_QUOTA_SUPPORT_TRIAGE");
  }

  @Test
  void a_bad_quota_names_the_variable_or_the_file_entry() throws IOException {
    assertThatThrownBy(() -> Quotas.load(null, Map.of("FLEET_QUOTA_X", "lots")))
        .hasMessageContaining("FLEET_QUOTA_X must be dollars")
        .hasMessageContaining("'lots'");
    assertThatThrownBy(() -> Quotas.load(null, Map.of("FLEET_QUOTA_X", "1/daily")))
        .hasMessageContaining("FLEET_QUOTA_X: window must be an ISO-8601 duration");
    Path file = quotasFile("support-triage: {usd: five}\n");
    assertThatThrownBy(() -> Quotas.load(file, Map.of()))
        .hasMessageContaining("quotas.yaml: support-triage.usd: expected a number");
  }

  @Test
  void reads_the_rate_limits_per_tier_and_refuses_a_negative_one() {
    CostConfig config =
        CostConfig.fromEnv(Map.of("FLEET_REPO", repo.toString(), "FLEET_MODEL_RPS_LARGE", "2.5"));

    assertThat(config.ratePerSecond("large")).isEqualTo(2.5);
    assertThat(config.ratePerSecond("small")).isZero();
    assertThatThrownBy(() -> CostConfig.fromEnv(Map.of("FLEET_MODEL_RPS_SMALL", "-1")))
        .hasMessageContaining("FLEET_MODEL_RPS_SMALL must be calls per second");
  }
}
