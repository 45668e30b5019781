package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox card processor, in {@code sandbox_cards} and {@code sandbox_card_events}: the safe,
 * reversible thing a bank does at once for a card that may be in the wrong hands.
 *
 * <ul>
 *   <li>{@code freeze}: params {@code customer} (the card holder) or, when the record names none,
 *       {@code reference} (the conversation the request came from, so the freeze is still held
 *       somewhere a person can find it). Sets the card to {@code frozen}. Returns {@code cardId},
 *       {@code holder}, {@code status: frozen}, {@code changed} (false when it was frozen already)
 *       and {@code eventId}.
 *   <li>{@code unfreeze}: the same params; the compensation of {@code freeze}, and what a person
 *       does once the card is found. Returns the same fields with {@code status: active}.
 * </ul>
 *
 * <p>Idempotent twice over: one event per idempotency key (a retry returns what the first attempt
 * did), and freezing a frozen card changes nothing. The audit log gets the card id and the outcome,
 * not the holder.
 */
public final class CardsConnector extends SandboxConnector {

  public static final String NAME = ConnectorCatalog.CARDS.name();
  public static final String FREEZE = ConnectorCatalog.CARDS.operation("freeze").name();
  public static final String UNFREEZE = ConnectorCatalog.CARDS.operation("unfreeze").name();

  private static final String ACTIVE = "active";
  private static final String FROZEN = "frozen";

  public CardsConnector(Clock clock) {
    super(ConnectorCatalog.CARDS, Set.of(FREEZE, UNFREEZE), clock);
  }

  @Override
  void checkParams(ActionRequest request, ActionParams params) {
    holder(request, params);
  }

  @Override
  public Map<String, Object> perform(ActionRequest request, Connection transaction)
      throws SQLException {
    String holder = holder(request, new ActionParams(request));
    String wanted = FREEZE.equals(request.operation()) ? FROZEN : ACTIVE;
    String now = Ledger.timestamp(clock.instant());
    Map<String, Object> card = card(transaction, holder);
    if (card == null) {
      execute(
          transaction,
          "INSERT INTO sandbox_cards (holder, card_id, status, workflow_id, updated_at)"
              + " VALUES (?, ?, ?, ?, ?)",
          holder,
          newId("card_"),
          ACTIVE,
          request.workflowId(),
          now);
      card = card(transaction, holder);
    }
    boolean changed = !wanted.equals(card.get("status"));
    boolean applied =
        execute(
                transaction,
                "INSERT INTO sandbox_card_events (event_id, idempotency_key, holder, operation,"
                    + " changed, workflow_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (idempotency_key) DO NOTHING",
                newId("cev_"),
                request.idempotencyKey(),
                holder,
                request.operation(),
                (long) (changed ? 1 : 0),
                request.workflowId(),
                now)
            == 1;
    if (applied && changed) {
      execute(
          transaction,
          "UPDATE sandbox_cards SET status = ?, workflow_id = ?, updated_at = ? WHERE holder = ?",
          wanted,
          request.workflowId(),
          now,
          holder);
    }
    Map<String, Object> event =
        findRow(
            transaction,
            "SELECT event_id, changed FROM sandbox_card_events WHERE idempotency_key = ?",
            request.idempotencyKey(),
            (rs, row) -> {
              row.put("eventId", rs.getString(1));
              row.put("changed", rs.getLong(2) == 1);
            });
    Map<String, Object> result = card(transaction, holder);
    result.putAll(event);
    return result;
  }

  @Override
  public Map<String, Object> auditDetail(Map<String, Object> result) {
    Map<String, Object> detail = new LinkedHashMap<>();
    for (String key : List.of("cardId", "status", "changed", "eventId")) {
      if (result.containsKey(key)) {
        detail.put(key, result.get(key));
      }
    }
    return detail;
  }

  private static Map<String, Object> card(Connection c, String holder) throws SQLException {
    return findRow(
        c,
        "SELECT card_id, holder, status FROM sandbox_cards WHERE holder = ?",
        holder,
        (rs, row) -> {
          row.put("cardId", rs.getString(1));
          row.put("holder", rs.getString(2));
          row.put("status", rs.getString(3));
        });
  }

  private static String holder(ActionRequest request, ActionParams params) {
    String customer = params.optionalText("customer", null);
    if (customer != null && !customer.isBlank()) {
      return customer.strip();
    }
    String reference = params.optionalText("reference", null);
    if (reference != null && !reference.isBlank()) {
      return "ref:" + reference.strip();
    }
    throw ActionParams.invalid(
        request,
        "params.customer or params.reference is required: whose card to " + request.operation());
  }
}
