package dev.agentfleet.starter.sandbox;

/**
 * A meeting in the sandbox calendar.
 *
 * @param status {@code booked} or {@code cancelled}
 */
public record SandboxBooking(
    String bookingId,
    String leadId,
    String email,
    String start,
    String end,
    String status,
    String workflowId,
    String bookedAt,
    String cancelledAt) {}
