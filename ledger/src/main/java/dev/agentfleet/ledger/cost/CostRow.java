package dev.agentfleet.ledger.cost;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What one agent spent on one model tier: the {@code fleet cost --json} contract.
 *
 * @param calls model steps answered, cache hits included
 * @param costUsd what the calls cost, in US dollars; cache hits cost nothing
 * @param cacheHits the calls answered from the response cache
 * @param avgLatencyMs the mean latency of a call, rounded to the millisecond
 */
@JsonPropertyOrder({
  "agent",
  "tier",
  "calls",
  "inputTokens",
  "outputTokens",
  "costUsd",
  "cacheHits",
  "avgLatencyMs"
})
public record CostRow(
    String agent,
    String tier,
    long calls,
    long inputTokens,
    long outputTokens,
    double costUsd,
    long cacheHits,
    long avgLatencyMs) {}
