package dev.agentfleet.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.activities.audit.AuditActivitiesImpl;
import dev.agentfleet.activities.audit.AuditLog;
import dev.agentfleet.activities.connector.ActionActivitiesImpl;
import dev.agentfleet.activities.connector.ConnectorConfig;
import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.ledger.audit.ChainReport;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.audit.AuditEntry;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the ledger promises on every database it runs on: the schema the CLI reads, transactions
 * that leave all or nothing, one effect per idempotency key however many workers race for it, and
 * an audit chain that does not fork when workers append at once. Each subclass runs it against a
 * real database: a SQLite file, a PostgreSQL server.
 */
abstract class LedgerBehaviourTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);
  static final Attestation RULE =
      new Attestation(Attestation.RULE, "small-refund", "route", "def1", 1);

  /** Two workers, each with its own ledger (its own connections), several threads each. */
  private static final int WORKERS = 2;

  private static final int THREADS_PER_WORKER = 4;

  private LedgerLocation location;
  private Ledger ledger;
  private final List<Ledger> others = new ArrayList<>();

  /** A location of a new, empty database; each call returns another one. */
  abstract LedgerLocation newLocation();

  @BeforeEach
  void open() {
    location = newLocation();
    ledger = new Ledger(location);
  }

  @AfterEach
  void close() {
    others.forEach(Ledger::close);
    ledger.close();
  }

  /** Another worker's ledger on the same database. */
  private Ledger another() {
    Ledger other = new Ledger(location);
    others.add(other);
    return other;
  }

  private List<Ledger> workers() {
    List<Ledger> workers = new ArrayList<>(List.of(ledger));
    while (workers.size() < WORKERS) {
      workers.add(another());
    }
    return workers;
  }

  private static ActionActivitiesImpl actions(Ledger ledger, String httpUrl) {
    ConnectorConfig config = new ConnectorConfig(httpUrl, Duration.ofSeconds(10));
    return new ActionActivitiesImpl(
        ledger, ActionActivitiesImpl.defaultConnectors(config, CLOCK), CLOCK);
  }

  private static ActionRequest request(
      String workflowId, String connector, String operation, Map<String, Object> params) {
    return new ActionRequest(
        workflowId + "/act",
        workflowId,
        "rec-" + workflowId,
        "support-triage",
        "act",
        connector,
        operation,
        params,
        "payments".equals(connector) ? RULE : Attestation.none());
  }

  private static ActionRequest refund(String workflowId, int amount) {
    return request(
        workflowId,
        "payments",
        "refund",
        Map.of("amount", amount, "currency", "USD", "orderId", "o-1"));
  }

  private static ActionRequest mail(String workflowId) {
    return request(
        workflowId, "mailer", "send", Map.of("to", "customer@example.com", "subject", "Re: hi"));
  }

  @Test
  void a_new_database_gets_the_tables_the_cli_reads_and_reopening_does_not_migrate_again() {
    for (String table :
        List.of("ledger_actions", "sandbox_payments", "sandbox_mail", "audit_log")) {
      assertThat(LedgerRows.count(ledger, table)).as(table).isZero();
    }
    actions(ledger, null).execute(refund("wf-1", 20));

    try (Ledger reopened = new Ledger(location)) {
      assertThat(LedgerRows.count(reopened, "sandbox_payments")).isEqualTo(1);
      assertThat(LedgerRows.value(reopened, "SELECT COUNT(*) FROM flyway_schema_history"))
          .isEqualTo(LedgerRows.value(ledger, "SELECT COUNT(*) FROM flyway_schema_history"));
      assertThat(
              LedgerRows.value(
                  reopened,
                  "SELECT COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL"
                      + " AND success = ?",
                  true))
          .as("migrations applied, all successful")
          .isEqualTo(LedgerRows.value(reopened, "SELECT COUNT(*) FROM flyway_schema_history"));
    }
  }

  @Test
  void a_transaction_whose_work_fails_leaves_nothing_behind() {
    assertThatThrownBy(
            () ->
                ledger.inTransaction(
                    c -> {
                      try (PreparedStatement s =
                          c.prepareStatement(
                              "INSERT INTO sandbox_mail (message_id, idempotency_key, created_at)"
                                  + " VALUES ('msg-1', 'key-1', '2025-03-01T10:00:00.000Z')")) {
                        s.executeUpdate();
                      }
                      throw new IllegalStateException("crash after the insert");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(LedgerRows.count(ledger, "sandbox_mail")).isZero();
    actions(ledger, null).execute(mail("wf-after"));
    assertThat(LedgerRows.count(ledger, "sandbox_mail")).isEqualTo(1);
  }

  @Test
  void a_retried_refund_returns_the_recorded_result_and_leaves_one_payment() {
    ActionActivitiesImpl actions = actions(ledger, null);

    ActionResult first = actions.execute(refund("wf-1", 20));
    ActionResult retry = actions.execute(refund("wf-1", 20));

    assertThat(first.replayed()).isFalse();
    assertThat(first.result()).containsEntry("amount", 20).containsEntry("currency", "USD");
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.result()).isEqualTo(first.result());
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isEqualTo(1);
    String row = " FROM ledger_actions WHERE idempotency_key = 'wf-1/act'";
    assertThat(LedgerRows.value(ledger, "SELECT status" + row)).isEqualTo(ActionLedger.COMPLETED);
    assertThat(LedgerRows.value(ledger, "SELECT amount" + row)).isEqualTo("20");
    assertThat(LedgerRows.value(ledger, "SELECT approved_by" + row)).isEqualTo("rule:small-refund");
    assertThat(LedgerRows.value(ledger, "SELECT completed_at" + row))
        .isEqualTo("2025-03-01T10:00:00.000Z");
    assertThat(LedgerRows.value(ledger, "SELECT kind FROM audit_log")).isEqualTo("action");
  }

  @Test
  void a_claim_left_by_a_crashed_attempt_is_completed_by_the_next_without_a_second_effect() {
    ActionRequest request = refund("wf-crash", 20);
    ledger.inTransaction(
        c ->
            ActionLedger.claim(
                c,
                new ActionLedger.Claim(request, new BigDecimal("20"), "USD", "rule:small-refund"),
                CLOCK.instant()));

    ActionResult result = actions(ledger, null).execute(request);

    assertThat(result.replayed()).isFalse();
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isEqualTo(1);
    assertThat(LedgerRows.count(ledger, "ledger_actions")).isEqualTo(1);
    assertThat(LedgerRows.value(ledger, "SELECT status FROM ledger_actions"))
        .isEqualTo(ActionLedger.COMPLETED);
  }

  @Test
  void an_effect_written_before_a_crash_is_returned_instead_of_repeated() {
    ActionRequest request = refund("wf-crash", 20);
    LedgerRows.update(
        ledger,
        "INSERT INTO sandbox_payments (refund_id, idempotency_key, amount, currency, created_at)"
            + " VALUES ('rf_before_crash', ?, 20, 'USD', '2025-03-01T09:59:00.000Z')",
        request.idempotencyKey());

    ActionResult result = actions(ledger, null).execute(request);

    assertThat(result.result()).containsEntry("refundId", "rf_before_crash");
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isEqualTo(1);
  }

  @Test
  void a_refund_above_the_limit_on_a_rule_is_refused_audited_and_not_paid() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> actions(ledger, null).execute(refund("wf-big", 500)));

    assertThat(failure.getType()).isEqualTo(ActionActivities.APPROVAL_REQUIRED);
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isZero();
    assertThat(LedgerRows.count(ledger, "ledger_actions")).isZero();
    assertThat(LedgerRows.value(ledger, "SELECT kind FROM audit_log")).isEqualTo("refused");
  }

  @Test
  void workers_racing_on_one_key_make_one_effect_and_all_return_the_same_result() throws Exception {
    List<Ledger> workers = workers();
    int rounds = 6;
    for (int round = 0; round < rounds; round++) {
      ActionRequest request =
          round % 2 == 0 ? refund("wf-race-" + round, 30) : mail("wf-race-" + round);
      List<ActionResult> results =
          Race.run(
              WORKERS * THREADS_PER_WORKER,
              i -> {
                ActionActivitiesImpl worker = actions(workers.get(i % WORKERS), null);
                return () -> worker.execute(request);
              });

      assertThat(results).extracting(ActionResult::result).containsOnly(results.get(0).result());
      assertThat(results).filteredOn(r -> !r.replayed()).as("attempts that acted").hasSize(1);
    }
    assertThat(LedgerRows.count(ledger, "sandbox_payments")).isEqualTo(rounds / 2);
    assertThat(LedgerRows.count(ledger, "sandbox_mail")).isEqualTo(rounds / 2);
    assertThat(
            LedgerRows.value(
                ledger, "SELECT COUNT(*) FROM ledger_actions WHERE status = ?", "completed"))
        .isEqualTo(String.valueOf(rounds));
    assertThat(LedgerRows.count(ledger, "audit_log")).isEqualTo(rounds);
    assertThat(LedgerRows.chain(ledger).intact()).isTrue();
  }

  @Test
  void workers_racing_on_one_remote_key_send_one_key_and_record_one_result() throws Exception {
    List<Ledger> workers = workers();
    try (IdempotentEndpointFake endpoint = new IdempotentEndpointFake()) {
      ActionRequest post = request("wf-remote", "http", "post", Map.of("ticket", "T-1"));

      List<ActionResult> results =
          Race.run(
              WORKERS * THREADS_PER_WORKER,
              i -> {
                ActionActivitiesImpl worker = actions(workers.get(i % WORKERS), endpoint.url());
                return () -> worker.execute(post);
              });

      assertThat(endpoint.requests(post.idempotencyKey())).isGreaterThanOrEqualTo(2);
      assertThat(endpoint.effects()).isEqualTo(1);
      assertThat(results).extracting(ActionResult::result).containsOnly(results.get(0).result());
      assertThat(results).filteredOn(r -> !r.replayed()).as("completions recorded").hasSize(1);
    }
    assertThat(LedgerRows.value(ledger, "SELECT status FROM ledger_actions"))
        .isEqualTo(ActionLedger.COMPLETED);
    assertThat(LedgerRows.count(ledger, "ledger_actions")).isEqualTo(1);
    assertThat(LedgerRows.count(ledger, "audit_log")).isEqualTo(1);
  }

  @Test
  void the_audit_chain_does_not_fork_when_workers_append_at_once() throws Exception {
    List<Ledger> workers = workers();
    int batches = 15;
    int perBatch = 3;
    int appenders = WORKERS * THREADS_PER_WORKER;

    Race.run(
        appenders,
        i ->
            () -> {
              Ledger mine = workers.get(i % WORKERS);
              for (int b = 0; b < batches; b++) {
                List<AuditEntry> own = batch("wf-" + i + "-" + b, perBatch);
                // every appender also retries the same shared batch, as a duplicated activity would
                List<AuditEntry> shared = batch("wf-shared-" + b, perBatch);
                mine.inTransaction(c -> AuditLog.append(c, own));
                mine.inTransaction(c -> AuditLog.append(c, shared));
              }
              return null;
            });

    long expected = (long) (appenders + 1) * batches * perBatch;
    ChainReport verification = LedgerRows.chain(ledger);
    assertThat(verification.firstBroken()).isNull();
    assertThat(verification.entries()).isEqualTo(expected);
    assertThat(LedgerRows.value(ledger, "SELECT COUNT(DISTINCT prev_hash) FROM audit_log"))
        .as("rows that name the same predecessor fork the chain")
        .isEqualTo(String.valueOf(expected));
  }

  @Test
  void an_edited_audit_row_is_found_by_its_seq() {
    new AuditActivitiesImpl(ledger).append(batch("wf-1", 3));
    String second =
        LedgerRows.value(ledger, "SELECT seq FROM audit_log WHERE entry_key = 'wf-1#2'");

    LedgerRows.update(
        ledger, "UPDATE audit_log SET detail = 'approved by mallory' WHERE entry_key = 'wf-1#2'");

    assertThat(LedgerRows.chain(ledger).firstBroken().seq()).isEqualTo(Long.parseLong(second));
  }

  private static List<AuditEntry> batch(String workflowId, int size) {
    List<AuditEntry> entries = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      entries.add(
          new AuditEntry(
              workflowId + "#" + i,
              workflowId,
              "rec-1",
              "support-triage",
              "def1",
              "decision",
              "step-" + i,
              "rule:high-confidence",
              "entry " + i,
              1_740_823_200_000L + i));
    }
    return entries;
  }
}
