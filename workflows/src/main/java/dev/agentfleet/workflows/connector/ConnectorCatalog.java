package dev.agentfleet.workflows.connector;

import static dev.agentfleet.workflows.connector.OperationSpec.closed;
import static dev.agentfleet.workflows.connector.OperationSpec.open;
import static dev.agentfleet.workflows.connector.ParamSpec.of;
import static dev.agentfleet.workflows.connector.ParamSpec.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connectors a playbook may call, their operations and each operation's parameters, declared
 * once. Everything that names a connector reads it: the playbook linter ({@code ./fleet agents
 * validate} and the run-time definition check), the connectors' own checks in activities/, the
 * connector set a worker registers, and the sandbox fault options. A test in activities/ holds the
 * implementations to it, so the two cannot drift apart; docs/connectors.md says how to add one.
 *
 * <p>It lives in workflows/ because the linter does, and workflows/ depends on nothing else. It is
 * immutable and free of I/O, so workflow code may read it.
 */
public final class ConnectorCatalog {

  private static final ParamSpec TO =
      text("to", "the recipient: an address, or role:NAME for a team", "ana@example.com")
          .asRequired();
  private static final ParamSpec SUBJECT = text("subject", "the subject line", "Your refund");
  private static final ParamSpec BODY = text("body", "the text", "It is on its way.");
  private static final ParamSpec EMAIL = text("email", "the lead's address", "ana@example.com");
  private static final ParamSpec LEAD_ID = text("leadId", "the CRM's lead id", "lead_001");
  private static final ParamSpec AMOUNT =
      of(ParamType.NUMBER, "amount", "the amount, above 0", "12.50")
          .asRequired()
          .amountIn("currency");
  private static final ParamSpec CURRENCY =
      text("currency", "the amount's ISO 4217 code, one the rates table knows", "USD").asRequired();
  private static final ParamSpec ORDER_ID = text("orderId", "the order", "A-1001");
  private static final ParamSpec CUSTOMER = text("customer", "the card holder", "cust_42");
  private static final ParamSpec REFERENCE =
      text("reference", "the conversation, when no holder is named", "T-9");
  private static final String WHO_HOLDS_THE_CARD = "whose card";

  /** The sandbox payment provider, guarded by the money policy in config/policies.yaml. */
  public static final ConnectorSpec PAYMENTS =
      new ConnectorSpec(
          "payments",
          "The sandbox payment provider (sandbox_payments); it holds money to the policy of"
              + " config/policies.yaml in the base currency, whatever the playbook decided.",
          List.of(
              closed(
                  "refund",
                  "Refunds an order: a rule attestation covers it up to the policy's rule limit,"
                      + " a signed human decision above.",
                  AMOUNT,
                  CURRENCY,
                  ORDER_ID),
              closed(
                  "adjust",
                  "A billing adjustment (a credit on the account): only a signed human decision"
                      + " allows it, whatever the amount.",
                  AMOUNT,
                  CURRENCY,
                  ORDER_ID),
              closed(
                      "reverse-refund",
                      "Undoes a refund, once; the compensation of refund. Needs no attestation.",
                      text("refundId", "the refund, as refund returned it", "rf_1"),
                      text("orderId", "the order, when it has exactly one refund", "A-1001"))
                  .needsOneOf("the refund to reverse", "refundId", "orderId")));

  /** The sandbox mailer. */
  public static final ConnectorSpec MAILER =
      new ConnectorSpec(
          "mailer",
          "The sandbox mailer (sandbox_mail); results name the message only.",
          List.of(
              closed("send", "Mails a customer.", TO, SUBJECT, BODY),
              closed(
                  "notify",
                  "Mails a team; notify steps and alerts on channel mail use it.",
                  TO,
                  SUBJECT,
                  BODY)));

  /** The sandbox CRM. */
  public static final ConnectorSpec CRM =
      new ConnectorSpec(
          "crm",
          "The sandbox CRM (sandbox_crm_leads); an address it does not hold gets a made-up lead.",
          List.of(
              closed("get", "Looks a lead up.", EMAIL, LEAD_ID)
                  .needsOneOf("the lead to look up", "email", "leadId")
                  .readOnly(),
              closed(
                      "update",
                      "Sets fields of a lead (creating it from its address), given in fields or"
                          + " beside the lead's identity.",
                      EMAIL,
                      LEAD_ID,
                      of(ParamType.OBJECT, "fields", "the fields to set, as a mapping", null),
                      text("name", "the lead's name", "Ana Lima"),
                      text("company", "the company", "Acme"),
                      text("title", "the job title", "CTO"),
                      of(ParamType.NUMBER, "employees", "head count, a whole number", "120"),
                      text("country", "the country", "BR"),
                      text("lastContact", "when the lead was last contacted", "2025-03-04"),
                      text("status", "the sales status", "meeting-booked"),
                      text("notes", "free text", "Asked for a call."))
                  .needsOneOf("the lead to update", "email", "leadId")
                  .needsOneOf(
                      "fields to set",
                      "fields",
                      "name",
                      "company",
                      "title",
                      "employees",
                      "country",
                      "lastContact",
                      "status",
                      "notes")));

  /** The sandbox sales calendar. */
  public static final ConnectorSpec CALENDAR =
      new ConnectorSpec(
          "calendar",
          "The sandbox sales calendar (sandbox_bookings): 30-minute meetings on weekdays.",
          List.of(
              closed(
                      "book",
                      "Books a meeting; one booking per idempotency key.",
                      LEAD_ID,
                      EMAIL,
                      text(
                          "slot",
                          "an ISO-8601 time, or next for the first free half hour (the default)",
                          "next"))
                  .needsOneOf("who the meeting is with", "leadId", "email"),
              closed(
                  "cancel",
                  "Cancels a booking; the compensation of book.",
                  text("bookingId", "the booking, as book returned it", "bk_1").asRequired())));

  /** The sandbox publisher. */
  public static final ConnectorSpec PUBLISHER =
      new ConnectorSpec(
          "publisher",
          "The sandbox publisher (sandbox_posts), the record of what was published where.",
          List.of(
              closed(
                  "publish",
                  "Publishes a post; one post per idempotency key.",
                  text("channel", "where: lower-case letters, digits, - and _", "blog")
                      .asRequired(),
                  text("language", "a language tag, en by default", "pt-BR"),
                  text("title", "the post's title", "Spring release").asRequired(),
                  text("body", "the post's text", "What is new.").asRequired()),
              closed(
                  "unpublish",
                  "Takes a post down; the compensation of publish.",
                  text("postId", "the post, as publish returned it", "post_1").asRequired())));

  /** The sandbox card processor. */
  public static final ConnectorSpec CARDS =
      new ConnectorSpec(
          "cards",
          "The sandbox card processor (sandbox_cards): the reversible thing a bank does at once.",
          List.of(
              closed(
                      "freeze",
                      "Freezes the holder's card; freezing a frozen card changes nothing.",
                      CUSTOMER,
                      REFERENCE)
                  .needsOneOf(WHO_HOLDS_THE_CARD, CUSTOMER.name(), REFERENCE.name()),
              closed(
                      "unfreeze",
                      "Unfreezes the card; the compensation of freeze.",
                      CUSTOMER,
                      REFERENCE)
                  .needsOneOf(WHO_HOLDS_THE_CARD, CUSTOMER.name(), REFERENCE.name())));

  /** A configured HTTP endpoint. */
  public static final ConnectorSpec HTTP =
      new ConnectorSpec(
          "http",
          "Posts actions to FLEET_HTTP_CONNECTOR_URL with the header Idempotency-Key.",
          List.of(
              open(
                  "post",
                  "Posts the run's ids, the step and every param as JSON; params are the"
                      + " endpoint's own, so any name is allowed.")));

  /** Webhooks: chat channels, incident tools. */
  public static final ConnectorSpec WEBHOOK =
      new ConnectorSpec(
          "webhook",
          "Posts notifications to a webhook (FLEET_WEBHOOK_URL or params.url).",
          List.of(
              open(
                  "post",
                  "Posts json as it is, or every other param as a JSON object with the run's ids;"
                      + " notify steps and alerts on channel webhook use it. Any name is allowed.",
                  text("url", "an http or https URL; FLEET_WEBHOOK_URL by default", null),
                  of(ParamType.OBJECT, "json", "the body, sent as it is", null),
                  text("subject", "a subject, joined into text", "Step failed"),
                  text("body", "a text, joined into text", "See the run."),
                  text("text", "the message chat webhooks show", "Step failed"))));

  private static final Map<String, ConnectorSpec> BY_NAME = index();

  /** A connector operation, as a notify step or an alert calls it. */
  public record Target(String connector, String operation) {
    @Override
    public String toString() {
      return connector + "." + operation;
    }
  }

  /** What channel {@code mail} calls: the mailer's notify (also an overdue approval's notice). */
  public static final Target MAIL = new Target(MAILER.name(), MAILER.operation("notify").name());

  /** What channel {@code webhook} calls: the webhook's post. */
  public static final Target WEBHOOK_POST =
      new Target(WEBHOOK.name(), WEBHOOK.operation("post").name());

  /**
   * The alert and notify channels and the connector operation each one calls: {@code mail} is the
   * mailer's notify, {@code webhook} the webhook's post.
   */
  public static final Map<String, String> CHANNELS =
      Map.of("mail", MAIL.toString(), "webhook", WEBHOOK_POST.toString());

  private ConnectorCatalog() {}

  private static Map<String, ConnectorSpec> index() {
    Map<String, ConnectorSpec> byName = new LinkedHashMap<>();
    for (ConnectorSpec c :
        List.of(CALENDAR, CARDS, CRM, HTTP, MAILER, PAYMENTS, PUBLISHER, WEBHOOK)) {
      if (byName.put(c.name(), c) != null) {
        throw new IllegalStateException("the catalog declares connector " + c.name() + " twice");
      }
    }
    return java.util.Collections.unmodifiableMap(byName);
  }

  /** Every connector, by name. */
  public static List<ConnectorSpec> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The connectors' names, sorted. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** The connector called {@code name}, if the catalog has one. */
  public static Optional<ConnectorSpec> find(String name) {
    return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
  }

  /**
   * Why {@code connector.operation} is not in the catalog, with the nearest known name; empty when
   * it is. Operation {@code *} stands for every operation of a known connector.
   */
  public static Optional<String> unknownTarget(String connector, String operation) {
    Optional<ConnectorSpec> spec = find(connector);
    if (spec.isEmpty()) {
      return Optional.of(unknownConnector(connector));
    }
    if ("*".equals(operation) || spec.get().find(operation).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(unknownOperation(spec.get(), operation));
  }

  /** {@code unknown connector 'paymnts'; did you mean 'payments'?}, or the list of connectors. */
  public static String unknownConnector(String name) {
    return "unknown connector '" + name + "'" + hint(name, names(), "the connectors are");
  }

  /** {@code unknown operation 'refnd' of payments; did you mean 'refund'?}, or its operations. */
  public static String unknownOperation(ConnectorSpec connector, String name) {
    return "unknown operation '"
        + name
        + "' of "
        + connector.name()
        + hint(name, connector.operationNames(), connector.name() + " has");
  }

  /** {@code ; did you mean 'x'?} when a name is close, else {@code ; <known>: a, b, c}. */
  public static String hint(String name, List<String> candidates, String known) {
    return NearestName.of(name, candidates)
        .map(n -> "; did you mean '" + n + "'?")
        .orElse("; " + known + " " + String.join(", ", candidates));
  }
}
