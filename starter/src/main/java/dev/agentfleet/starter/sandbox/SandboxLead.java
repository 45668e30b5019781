package dev.agentfleet.starter.sandbox;

/**
 * A lead in the sandbox CRM.
 *
 * @param updates how many updates runs applied to it
 */
public record SandboxLead(
    String leadId,
    String email,
    String name,
    String company,
    String title,
    Long employees,
    String country,
    String lastContact,
    String status,
    long updates,
    String updatedAt) {}
