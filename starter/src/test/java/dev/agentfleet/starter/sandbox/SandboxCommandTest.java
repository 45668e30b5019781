package dev.agentfleet.starter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.activities.connector.ActionActivitiesImpl;
import dev.agentfleet.activities.connector.ConnectorConfig;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.starter.FleetCli;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet sandbox} in-process over a real SQLite ledger that the activities' own {@link
 * Ledger} migrated and their connectors wrote to, so the CLI reads and writes the very tables the
 * workers use: a fault set from the CLI makes a worker's call fail, and clearing it lets the call
 * through.
 */
class SandboxCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path repo;

  private final Map<String, String> env = new HashMap<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Ledger ledger;

  @BeforeEach
  void pointAtATemporaryFleetHome() {
    env.put("FLEET_REPO", repo.toString());
    env.put("TEMPORAL_CONFIG_FILE", repo.resolve("no-such-temporal.toml").toString());
  }

  @AfterEach
  void close() {
    if (ledger != null) {
      ledger.close();
    }
  }

  private int fleet(String... args) {
    out.reset();
    err.reset();
    return FleetCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        env);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** A worker's action activities on the fleet home's ledger, reading the faults afresh. */
  private ActionActivitiesImpl worker() {
    if (ledger == null) {
      ledger = new Ledger(Ledger.sqliteUrl(repo.resolve(".fleet")));
    }
    Clock clock = Clock.systemUTC();
    return new ActionActivitiesImpl(
        ledger, ActionActivitiesImpl.defaultConnectors(ConnectorConfig.defaults(), clock), clock);
  }

  private static ActionRequest action(
      String workflowId, String connector, String operation, Map<String, Object> params) {
    return new ActionRequest(
        workflowId + "/" + operation,
        workflowId,
        "rec-1",
        "content-pipeline",
        operation,
        connector,
        operation,
        params,
        Attestation.none());
  }

  private static ActionRequest publish(String workflowId, String language) {
    return action(
        workflowId,
        "publisher",
        "publish",
        Map.of("channel", "blog", "language", language, "title", "Launch day", "body", "Hello."));
  }

  @Test
  void posts_bookings_and_leads_list_what_the_connectors_wrote() throws Exception {
    ActionActivitiesImpl worker = worker();
    ActionResult post = worker.execute(publish("content/P-1", "fr"));
    worker.execute(action("leads/L-1", "calendar", "book", Map.of("leadId", "lead_ada")));
    worker.execute(
        action("leads/L-1", "crm", "update", Map.of("leadId", "lead_ada", "status", "meeting")));

    assertThat(fleet("sandbox", "posts", "--json")).isZero();
    JsonNode posts = JSON.readTree(stdout());
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).path("postId").asText()).isEqualTo(post.result().get("postId"));
    assertThat(posts.get(0).path("channel").asText()).isEqualTo("blog");
    assertThat(posts.get(0).path("language").asText()).isEqualTo("fr");
    assertThat(posts.get(0).path("url").asText()).isEqualTo(post.result().get("url"));
    assertThat(posts.get(0).path("workflowId").asText()).isEqualTo("content/P-1");

    assertThat(fleet("sandbox", "posts")).isZero();
    assertThat(stdout())
        .contains("CHANNEL")
        .containsPattern("blog\\s+fr\\s+published\\s+Launch day");

    assertThat(fleet("sandbox", "bookings", "--json")).isZero();
    JsonNode bookings = JSON.readTree(stdout());
    assertThat(bookings).hasSize(1);
    assertThat(bookings.get(0).path("leadId").asText()).isEqualTo("lead_ada");
    assertThat(bookings.get(0).path("status").asText()).isEqualTo("booked");

    assertThat(fleet("sandbox", "crm")).isZero();
    assertThat(stdout())
        .containsPattern("lead_ada\\s+Ada Lovelace\\s+Analytical Engines Ltd\\s+CTO\\s+120")
        .containsPattern("meeting\\s+1")
        .contains("lead_grace");
  }

  @Test
  void cards_list_the_frozen_and_unfrozen_cards_the_connector_wrote() throws Exception {
    ActionActivitiesImpl worker = worker();
    worker.execute(action("bank/B-1", "cards", "freeze", Map.of("customer", "cust-1")));
    worker.execute(action("bank/B-2", "cards", "freeze", Map.of("customer", "cust-2")));
    worker.execute(action("bank/B-2b", "cards", "unfreeze", Map.of("customer", "cust-2")));

    assertThat(fleet("sandbox", "cards", "--json")).isZero();
    JsonNode cards = JSON.readTree(stdout());
    assertThat(cards).hasSize(2);
    assertThat(cards.get(0).path("holder").asText()).isEqualTo("cust-1");
    assertThat(cards.get(0).path("status").asText()).isEqualTo("frozen");
    assertThat(cards.get(1).path("status").asText()).isEqualTo("active");
    assertThat(cards.get(1).path("changes").asLong()).isEqualTo(2);

    assertThat(fleet("sandbox", "cards")).isZero();
    assertThat(stdout()).contains("HOLDER").containsPattern("cust-1\\s+frozen\\s+1");
  }

  @Test
  void a_fault_set_from_the_cli_fails_the_workers_call_until_it_is_cleared() throws Exception {
    ActionActivitiesImpl worker = worker();

    assertThat(fleet("sandbox", "fault", "publisher.publish", "--fail-rate", "1", "--for", "10m"))
        .isZero();
    assertThat(stdout())
        .startsWith("sandbox fault on publisher.publish: fail rate 1.0")
        .contains("until 20");
    assertThat(fleet("sandbox", "faults", "--json")).isZero();
    JsonNode fault = JSON.readTree(stdout()).get(0);
    assertThat(fault.path("target").asText()).isEqualTo("publisher.publish");
    assertThat(fault.path("failRate").asDouble()).isEqualTo(1.0);
    assertThat(fault.path("active").asBoolean()).isTrue();
    assertThat(Duration.between(Instant.now(), Instant.parse(fault.path("until").asText())))
        .isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> worker.execute(publish("content/P-2", "en")));
    assertThat(failure.getType()).isEqualTo("ConnectorUnavailable");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(fleet("sandbox", "posts")).isZero();
    assertThat(stdout()).startsWith("no posts in .fleet/ledger.db");

    assertThat(fleet("sandbox", "clear", "publisher.publish")).isZero();
    assertThat(stdout()).contains("cleared the fault on publisher.publish");
    assertThat(worker().execute(publish("content/P-2", "en")).replayed()).isFalse();
    assertThat(fleet("sandbox", "faults")).isZero();
    assertThat(stdout()).startsWith("no sandbox faults in");
  }

  @Test
  void faults_list_as_a_table_replace_each_other_and_clear_all_removes_them() {
    worker();
    assertThat(
            fleet("sandbox", "fault", "calendar.book", "--timeout-rate", "30%", "--latency", "2s"))
        .isZero();
    assertThat(fleet("sandbox", "fault", "crm.*", "--latency", "50ms")).isZero();
    assertThat(fleet("sandbox", "fault", "crm.*", "--fail-rate", "0.1")).isZero();

    assertThat(fleet("sandbox", "faults")).isZero();
    assertThat(stdout())
        .containsPattern("calendar\\.book\\s+0\\.00\\s+0\\.30\\s+2000\\s+cleared\\s+active")
        .containsPattern("crm\\.\\*\\s+0\\.10\\s+0\\.00\\s+0\\s+cleared\\s+active");

    assertThat(fleet("sandbox", "clear")).isZero();
    assertThat(stdout()).startsWith("cleared 2 sandbox faults");
    assertThat(fleet("sandbox", "clear", "crm.*")).isZero();
    assertThat(stdout()).startsWith("no sandbox fault on crm.*");
  }

  @Test
  void fault_and_clear_answer_in_json_for_scripts() throws Exception {
    worker();
    assertThat(fleet("sandbox", "fault", "payments.refund", "--fail-rate", "50%", "--json"))
        .isZero();
    JsonNode fault = JSON.readTree(stdout());
    assertThat(fault.path("target").asText()).isEqualTo("payments.refund");
    assertThat(fault.path("failRate").asDouble()).isEqualTo(0.5);
    assertThat(fault.path("latencyMs").asLong()).isZero();
    assertThat(fault.path("until").isNull()).isTrue();

    assertThat(fleet("sandbox", "clear", "payments.refund", "--json")).isZero();
    JsonNode cleared = JSON.readTree(stdout());
    assertThat(cleared.path("target").asText()).isEqualTo("payments.refund");
    assertThat(cleared.path("cleared").asInt()).isEqualTo(1);

    assertThat(fleet("sandbox", "clear", "--json")).isZero();
    assertThat(JSON.readTree(stdout()).path("cleared").asInt()).isZero();
    assertThat(JSON.readTree(stdout()).path("target").isNull()).isTrue();
  }

  @Test
  void bad_values_are_usage_errors_that_show_the_accepted_forms() {
    worker();

    assertThat(fleet("sandbox", "fault", "calendar.book", "--fail-rate", "2")).isEqualTo(2);
    assertThat(stderr()).contains("'2' is not a share of calls");
    assertThat(fleet("sandbox", "fault", "calendar.book", "--latency", "soon")).isEqualTo(2);
    assertThat(stderr()).contains("200ms");
    assertThat(fleet("sandbox", "fault", "calendar.book", "--fail-rate", "1", "--for", "ever"))
        .isEqualTo(2);
    assertThat(stderr()).contains("30s, 10m, 2h");
    assertThat(fleet("sandbox", "fault", "calendar", "--fail-rate", "1")).isEqualTo(2);
    assertThat(stderr()).contains("is not CONNECTOR.OPERATION");
    assertThat(fleet("sandbox", "fault", "calendar.book")).isEqualTo(2);
    assertThat(stderr()).contains("give --fail-rate, --timeout-rate or --latency");
    assertThat(fleet("sandbox", "fault", "calender.book", "--fail-rate", "1")).isEqualTo(2);
    assertThat(stderr())
        .contains(
            "no fault set, it would never fire: unknown connector 'calender'; did you mean"
                + " 'calendar'?");
    assertThat(fleet("sandbox", "fault", "calendar.bok", "--fail-rate", "1")).isEqualTo(2);
    assertThat(stderr()).contains("unknown operation 'bok' of calendar; did you mean 'book'?");
  }

  @Test
  void before_any_worker_ran_the_lists_are_empty_and_a_fault_says_to_start_the_fleet() {
    assertThat(fleet("sandbox", "crm", "--json")).isZero();
    assertThat(stdout().strip()).isEqualTo("[ ]");
    assertThat(fleet("sandbox", "bookings")).isZero();
    assertThat(stdout()).startsWith("no bookings in .fleet/ledger.db");

    assertThat(fleet("sandbox", "fault", "calendar.book", "--fail-rate", "1")).isEqualTo(1);
    assertThat(stderr()).contains("start the fleet (./fleet up)");
  }
}
