package dev.agentfleet.activities.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.activities.approval.ApprovalKeyRing;
import dev.agentfleet.activities.approval.ApprovalVerifier;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.policy.MoneyPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxFaultSpecTest {

  @TempDir Path dir;

  @Test
  void parses_the_documented_example() {
    List<SandboxFault> faults =
        SandboxFaultSpec.parse(
            "calendar.book=timeout:0.3,latency:200ms;publisher.publish=fail:0.1");

    assertThat(faults)
        .containsExactly(
            new SandboxFault("calendar", "book", 0, 0.3, 200, null),
            new SandboxFault("publisher", "publish", 0.1, 0, 0, null));
  }

  @Test
  void reads_seconds_bare_milliseconds_wildcards_and_stray_separators() {
    assertThat(SandboxFaultSpec.parse(" crm.*=latency:2s ; ;webhook.post = latency:75 , fail:1 "))
        .containsExactly(
            new SandboxFault("crm", "*", 0, 0, 2000, null),
            new SandboxFault("webhook", "post", 1.0, 0, 75, null));
    assertThat(SandboxFaultSpec.parse(null)).isEmpty();
    assertThat(SandboxFaultSpec.parse("  ")).isEmpty();
  }

  @Test
  void a_bad_entry_is_named_with_what_was_expected() {
    assertThatThrownBy(() -> SandboxFaultSpec.parse("calendar.book=timeout:0.3;publisher=fail:0.1"))
        .hasMessageContaining("FLEET_SANDBOX_FAULTS entry 'publisher=fail:0.1'")
        .hasMessageContaining("is not CONNECTOR.OPERATION")
        .hasMessageContaining("calendar.book=timeout:0.3,latency:200ms");
    assertThatThrownBy(() -> SandboxFaultSpec.parse("calendar.book=fail:1.5"))
        .hasMessageContaining("entry 'calendar.book=fail:1.5'")
        .hasMessageContaining("fail must be a share of calls from 0 to 1");
    assertThatThrownBy(() -> SandboxFaultSpec.parse("calendar.book=latency:soon"))
        .hasMessageContaining("latency must be 200ms, 2s");
    assertThatThrownBy(() -> SandboxFaultSpec.parse("calendar.book=slow:1"))
        .hasMessageContaining("unknown setting 'slow'");
    assertThatThrownBy(() -> SandboxFaultSpec.parse("calendar.book"))
        .hasMessageContaining("no '='");
    assertThatThrownBy(() -> SandboxFaultSpec.parse("crm.get=fail:1;crm.get=fail:0"))
        .hasMessageContaining("crm.get is given twice");
  }

  @Test
  void a_connector_or_operation_the_catalog_does_not_know_is_refused_with_the_nearest_name() {
    assertThatThrownBy(() -> SandboxFaultSpec.parse("calender.book=fail:0.5"))
        .hasMessage(
            "FLEET_SANDBOX_FAULTS entry 'calender.book=fail:0.5': unknown connector 'calender';"
                + " did you mean 'calendar'? (the connector catalog, docs/connectors.md, lists"
                + " them)");
    assertThatThrownBy(() -> SandboxFaultSpec.parse("calendar.bok=fail:0.5"))
        .hasMessageContaining("unknown operation 'bok' of calendar; did you mean 'book'?");
    assertThatThrownBy(() -> SandboxFaultSpec.parse("fax.*=fail:0.5"))
        .hasMessageContaining(
            "unknown connector 'fax'; the connectors are calendar, cards, crm, http, mailer,"
                + " payments, publisher, webhook");
  }

  @Test
  void the_worker_configuration_reads_the_faults_and_the_webhook_url() {
    ConnectorConfig config =
        ConnectorConfig.fromEnv(
            Map.of(
                "FLEET_SANDBOX_FAULTS", "publisher.publish=fail:1",
                "FLEET_WEBHOOK_URL", "https://hooks.example.com/fleet"));

    assertThat(config.sandboxFaults())
        .containsExactly(new SandboxFault("publisher", "publish", 1.0, 0, 0, null));
    assertThat(config.webhookUrl()).isEqualTo("https://hooks.example.com/fleet");
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("FLEET_SANDBOX_FAULTS", "x")))
        .hasMessageContaining("FLEET_SANDBOX_FAULTS entry 'x'");
    assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("FLEET_WEBHOOK_URL", "hooks")))
        .hasMessageContaining("FLEET_WEBHOOK_URL must be an http or https URL");
  }

  @Test
  void a_starting_worker_arms_the_configured_faults_but_keeps_the_ones_set_while_it_ran() {
    try (Ledger ledger = new Ledger(Ledger.sqliteUrl(dir))) {
      SandboxFaults faults = new SandboxFaults(ledger, Clock.systemUTC());
      faults.set(new SandboxFault("calendar", "book", 0, 0, 0, null));
      ConnectorConfig config =
          ConnectorConfig.fromEnv(
              Map.of(
                  "FLEET_SANDBOX_FAULTS",
                  "calendar.book=timeout:0.3,latency:200ms;publisher.publish=fail:0.1"));

      new ActionActivitiesImpl(
          ledger,
          config,
          new ApprovalVerifier(ApprovalKeyRing.of(Map.of())),
          MoneyPolicy.load(Map.of()));

      assertThat(faults.list())
          .containsExactly(
              new SandboxFault("calendar", "book", 0, 0, 0, null),
              new SandboxFault("publisher", "publish", 0.1, 0, 0, null));
    }
  }
}
