package dev.agentfleet.ledger;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One action in the ledger. The JSON form is the {@code fleet ledger --json} contract: an amount
 * never appears without its currency; the status is shown in the text table only.
 *
 * @param action {@code connector.operation}
 * @param amount the amount moved, for money actions; null otherwise
 * @param currency the ISO 4217 code of {@code amount}; null when the action moves no money
 * @param approvedBy who or which rule approved it; null when no approval was needed
 * @param at when the action completed (ISO-8601), or when it was recorded if it has not
 */
@JsonPropertyOrder({
  "idempotencyKey",
  "workflowId",
  "recordId",
  "action",
  "amount",
  "currency",
  "approvedBy",
  "at"
})
public record LedgerEntry(
    String idempotencyKey,
    String workflowId,
    String recordId,
    String action,
    @JsonInclude(JsonInclude.Include.NON_NULL) Number amount,
    @JsonInclude(JsonInclude.Include.NON_NULL) String currency,
    @JsonInclude(JsonInclude.Include.NON_NULL) String approvedBy,
    @JsonIgnore String status,
    String at) {}
