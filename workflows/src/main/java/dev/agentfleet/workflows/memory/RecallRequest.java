package dev.agentfleet.workflows.memory;

/**
 * A search of the short-term memory.
 *
 * @param agent the agent whose cases are searched; agents never see each other's memory
 * @param namespace the memory within the agent, as the playbook names it
 * @param text the text to find similar cases for, built by the step's context builder
 * @param k the most cases to return
 * @param minSimilarity the least cosine similarity of a returned case
 */
public record RecallRequest(
    String agent, String namespace, String text, int k, double minSimilarity) {}
