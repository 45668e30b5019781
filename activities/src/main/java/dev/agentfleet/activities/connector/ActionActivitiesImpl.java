package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.approval.ApprovalKeyRing;
import dev.agentfleet.activities.approval.ApprovalVerifier;
import dev.agentfleet.activities.audit.AuditLog;
import dev.agentfleet.activities.heartbeat.Heartbeats;
import dev.agentfleet.activities.ledger.ActionLedger;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerJson;
import dev.agentfleet.activities.policy.EffectGuard;
import dev.agentfleet.activities.policy.MoneyPolicy;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs actions exactly once per idempotency key, however often Temporal runs the activity.
 *
 * <p>The protocol: a key whose ledger row is {@code completed} returns the recorded result with
 * {@code replayed = true} and calls no connector. Otherwise the connector checks the request (a
 * refusal for want of approval is written to the audit log as {@code refused}), the row is claimed
 * (or the claim of a crashed attempt reused), the connector acts with the key, and the row is
 * completed with the result together with an {@code action} audit entry. A {@link LocalConnector}
 * does all of that in one transaction, so a crash leaves either everything or nothing. A {@link
 * RemoteConnector} is called between two transactions; a crash there leaves a claim, and the next
 * attempt calls again with the same key, which the other side deduplicates.
 *
 * <p>Before a connector acts (after its check, before the claim) the {@link SandboxFaults} of its
 * operation apply: injected latency, timeouts and unavailability, which fail the call retryably
 * with nothing done.
 *
 * <p>Longer than ~300 lines on purpose: the exactly-once protocol (read, check, claim, act,
 * complete, audit) is kept in one file so that every path through it can be read, and reviewed, at
 * once.
 */
public final class ActionActivitiesImpl implements ActionActivities {

  private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(ActionActivitiesImpl.class);

  /** A test-only fault-injection hook; inert unless its variable is set (see the class). */
  private static final CrashAfterRemoteCall CRASH_HOOK =
      CrashAfterRemoteCall.fromEnv(System.getenv());

  private final Ledger ledger;
  private final Map<String, Connector> connectors;
  private final SandboxFaults faults;
  private final Clock clock;

  /**
   * The worker's constructor: the {@linkplain #defaultConnectors default connectors}; human
   * approvals are verified with {@code approvals}. The configured sandbox faults are written to
   * {@code sandbox_faults} for the operations that have none there yet.
   */
  public ActionActivitiesImpl(
      Ledger ledger, ConnectorConfig config, ApprovalVerifier approvals, MoneyPolicy money) {
    this(
        ledger,
        defaultConnectors(config, approvals, money, Clock.systemUTC()),
        new SandboxFaults(ledger, Clock.systemUTC()),
        Clock.systemUTC());
    int seeded = faults.seed(config.sandboxFaults());
    if (seeded > 0) {
      log.warn(
          "sandbox faults armed from FLEET_SANDBOX_FAULTS for {} operation(s): {}",
          seeded,
          config.sandboxFaults().stream().map(SandboxFault::target).toList());
    }
  }

  /** Connectors of one's choice, with the faults in the ledger's {@code sandbox_faults}. */
  public ActionActivitiesImpl(Ledger ledger, List<Connector> connectors, Clock clock) {
    this(ledger, connectors, new SandboxFaults(ledger, clock), clock);
  }

  /** Connectors and faults of one's choice (tests pick the faults' cache time and chance). */
  public ActionActivitiesImpl(
      Ledger ledger, List<Connector> connectors, SandboxFaults faults, Clock clock) {
    this.ledger = ledger;
    this.connectors =
        connectors.stream().collect(Collectors.toUnmodifiableMap(Connector::name, c -> c));
    this.faults = faults;
    this.clock = clock;
  }

  /**
   * The default connectors with no trusted approval key: every human attestation is refused where a
   * connector requires one, rule attestations work as the repository's policy says.
   */
  public static List<Connector> defaultConnectors(ConnectorConfig config, Clock clock) {
    return defaultConnectors(config, new ApprovalVerifier(ApprovalKeyRing.of(Map.of())), clock);
  }

  /**
   * The default connectors, one for each connector of the {@link ConnectorCatalog}: the sandboxes
   * in the ledger's database and the ones that call out ({@code http}, {@code webhook}); human
   * approvals are verified with {@code approvals}, and money is held to the policy of the
   * repository's {@code config/} (or {@code FLEET_CURRENCIES}, {@code FLEET_POLICIES}), read now.
   */
  public static List<Connector> defaultConnectors(
      ConnectorConfig config, ApprovalVerifier approvals, Clock clock) {
    return defaultConnectors(config, approvals, MoneyPolicy.load(System.getenv()), clock);
  }

  /**
   * The default connectors: one for each connector of the {@link ConnectorCatalog}, in its order;
   * human approvals are verified with {@code approvals}, money is checked against {@code money}.
   *
   * @throws IllegalStateException when the catalog declares a connector with no implementation here
   */
  public static List<Connector> defaultConnectors(
      ConnectorConfig config, ApprovalVerifier approvals, MoneyPolicy money, Clock clock) {
    Map<String, Supplier<Connector>> implementations =
        Map.of(
            PaymentsConnector.NAME,
            () -> new PaymentsConnector(new EffectGuard(money, approvals), clock),
            MailerConnector.NAME,
            () -> new MailerConnector(clock),
            CrmConnector.NAME,
            () -> new CrmConnector(clock),
            CalendarConnector.NAME,
            () -> new CalendarConnector(clock),
            PublisherConnector.NAME,
            () -> new PublisherConnector(clock),
            CardsConnector.NAME,
            () -> new CardsConnector(clock),
            HttpConnector.NAME,
            () -> new HttpConnector(config.httpUrl(), config.httpTimeout()),
            WebhookConnector.NAME,
            () -> new WebhookConnector(config.webhookUrl(), config.httpTimeout()));
    return ConnectorCatalog.all().stream()
        .map(
            spec ->
                Optional.ofNullable(implementations.get(spec.name()))
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "the connector catalog declares "
                                    + spec.name()
                                    + " but activities/ has no implementation of it; add one to"
                                    + " ActionActivitiesImpl.defaultConnectors (see"
                                    + " docs/connectors.md)"))
                    .get())
        .toList();
  }

  @Override
  public ActionResult execute(ActionRequest request) {
    request = normalised(request);
    String key = request.idempotencyKey();
    Optional<ActionResult> recorded = ledger.read(c -> recorded(c, key));
    if (recorded.isPresent()) {
      log.info("action {} already completed; returning the recorded result", key);
      return recorded.get();
    }
    Connector connector = connectorFor(request);
    check(connector, request);
    ActionResult result;
    // Heartbeats while the connector works, so a worker that dies mid-call is noticed after the
    // action's 10 s heartbeat timeout, not its whole start-to-close timeout.
    try (Heartbeats beating = Heartbeats.start(HEARTBEAT_EVERY)) {
      faults.beforeAction(request.connector(), request.operation());
      result =
          switch (connector) {
            case LocalConnector local -> executeLocal(local, request);
            case RemoteConnector remote -> executeRemote(remote, request);
          };
    }
    log.info(
        "action {} {}.{} {}",
        key,
        request.connector(),
        request.operation(),
        result.replayed() ? "was completed by a concurrent attempt" : "completed");
    return result;
  }

  private ActionResult executeLocal(LocalConnector connector, ActionRequest request) {
    return ledger.inTransaction(
        c -> {
          Optional<ActionResult> recorded = recorded(c, request.idempotencyKey());
          if (recorded.isPresent()) {
            return recorded.get();
          }
          claim(c, connector, request);
          return complete(c, connector, request, connector.perform(request, c));
        });
  }

  private ActionResult executeRemote(RemoteConnector connector, ActionRequest request) {
    Optional<ActionResult> recorded =
        ledger.inTransaction(
            c -> {
              Optional<ActionResult> done = recorded(c, request.idempotencyKey());
              if (done.isEmpty()) {
                claim(c, connector, request);
              }
              return done;
            });
    if (recorded.isPresent()) {
      return recorded.get();
    }
    Map<String, Object> result = connector.perform(request);
    CRASH_HOOK.afterRemoteCall(request);
    return ledger.inTransaction(c -> complete(c, connector, request, result));
  }

  private void claim(Connection c, Connector connector, ActionRequest request) throws SQLException {
    Money money = connector.money(request);
    ActionLedger.claim(
        c,
        new ActionLedger.Claim(
            request,
            money == null ? null : money.amount(),
            money == null ? null : money.currency(),
            approvedBy(request.attestation())),
        clock.instant());
  }

  private ActionResult complete(
      Connection c, Connector connector, ActionRequest request, Map<String, Object> result)
      throws SQLException {
    String key = request.idempotencyKey();
    String json = LedgerJson.write(result);
    if (!ActionLedger.complete(c, key, json, clock.instant())) {
      return recorded(c, key)
          .orElseThrow(() -> new IllegalStateException("ledger lost the claim of " + key));
    }
    Map<String, Object> detail = describe(request);
    detail.put("result", connector.auditDetail(LedgerJson.readMap(json)));
    AuditLog.append(c, List.of(auditEntry(request, "#action", "action", detail)));
    return new ActionResult(key, false, LedgerJson.readMap(json));
  }

  private void check(Connector connector, ActionRequest request) {
    try {
      connector.check(request);
    } catch (ApplicationFailure refusal) {
      if (APPROVAL_REQUIRED.equals(refusal.getType())) {
        Map<String, Object> detail = describe(request);
        detail.put("attestation", claimed(request.attestation()));
        detail.put("reason", refusal.getOriginalMessage());
        AuditEntry entry = auditEntry(request, "#refused", "refused", detail);
        ledger.inTransaction(c -> AuditLog.append(c, List.of(entry)));
        log.warn("action {} refused: {}", request.idempotencyKey(), refusal.getOriginalMessage());
      }
      throw refusal;
    }
  }

  /** What a refused request's attestation claimed: kind, principal and signing key, if any. */
  private static String claimed(Attestation a) {
    String who = a.principal() == null ? a.kind() : a.kind() + ":" + a.principal();
    if (!a.isHuman()) {
      return who;
    }
    return who + (a.signature() == null ? " (unsigned)" : " (key " + a.signature().keyId() + ")");
  }

  private static Optional<ActionResult> recorded(Connection c, String key) throws SQLException {
    return ActionLedger.find(c, key)
        .filter(ActionLedger.Entry::completed)
        .map(e -> new ActionResult(key, true, e.result()));
  }

  private Connector connectorFor(ActionRequest request) {
    Connector connector = connectors.get(request.connector());
    if (connector == null) {
      List<String> names = connectors.keySet().stream().sorted().toList();
      throw ActionParams.invalid(
          request,
          "unknown connector '"
              + request.connector()
              + "'"
              + ConnectorCatalog.hint(request.connector(), names, "this worker has"));
    }
    return connector;
  }

  private AuditEntry auditEntry(
      ActionRequest request, String suffix, String kind, Map<String, Object> detail) {
    Attestation a = request.attestation();
    String actor = approvedBy(a);
    return new AuditEntry(
        request.idempotencyKey() + suffix,
        request.workflowId(),
        request.recordId(),
        request.agent(),
        a.definitionHash(),
        kind,
        request.stepId(),
        actor == null ? Attestation.NONE : actor,
        LedgerJson.write(detail),
        clock.millis());
  }

  private static Map<String, Object> describe(ActionRequest request) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("connector", request.connector());
    detail.put("operation", request.operation());
    detail.put("idempotencyKey", request.idempotencyKey());
    return detail;
  }

  /** The approver's name, {@code rule:<name>}, or null when nothing attested the action. */
  static String approvedBy(Attestation a) {
    if (a.isHuman()) {
      return a.principal();
    }
    if (Attestation.RULE.equals(a.kind()) && a.principal() != null && !a.principal().isBlank()) {
      return "rule:" + a.principal();
    }
    return null;
  }

  private static ActionRequest normalised(ActionRequest r) {
    if (r == null) {
      throw ApplicationFailure.newNonRetryableFailure("action request is null", INVALID_ACTION);
    }
    List<Map.Entry<String, Function<ActionRequest, String>>> required =
        List.of(
            Map.entry("idempotencyKey", ActionRequest::idempotencyKey),
            Map.entry("workflowId", ActionRequest::workflowId),
            Map.entry("stepId", ActionRequest::stepId),
            Map.entry("connector", ActionRequest::connector),
            Map.entry("operation", ActionRequest::operation));
    for (var field : required) {
      String value = field.getValue().apply(r);
      if (value == null || value.isBlank()) {
        throw ActionParams.invalid(r, "the request has no " + field.getKey());
      }
    }
    return new ActionRequest(
        r.idempotencyKey(),
        r.workflowId(),
        r.recordId(),
        r.agent(),
        r.stepId(),
        r.connector(),
        r.operation(),
        r.params() == null ? Map.of() : r.params(),
        r.attestation() == null ? Attestation.none() : r.attestation());
  }
}
