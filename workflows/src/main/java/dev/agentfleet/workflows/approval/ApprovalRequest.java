package dev.agentfleet.workflows.approval;

import java.util.List;
import java.util.Map;

/**
 * What an approver sees while a run waits: the summary, the model's proposal, its confidence and
 * reasons, and the cost so far.
 *
 * @param role the role that may decide now (the escalation role once escalated, besides the
 *     original one)
 */
public record ApprovalRequest(
    String stepId,
    String role,
    String escalatedTo,
    String summary,
    Map<String, Object> proposal,
    Double confidence,
    List<String> reasons,
    double costUsd,
    long requestedAt,
    long deadlineAt) {}
