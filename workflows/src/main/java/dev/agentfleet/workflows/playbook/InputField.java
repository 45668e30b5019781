package dev.agentfleet.workflows.playbook;

/**
 * One field of an agent's input record.
 *
 * @param type {@code string}, {@code number} or {@code boolean}
 * @param maxLength the most characters a string may hold; null for no limit
 */
public record InputField(String name, String type, boolean required, Integer maxLength) {}
