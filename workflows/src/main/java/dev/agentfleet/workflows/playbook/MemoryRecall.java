package dev.agentfleet.workflows.playbook;

/**
 * A model step's opt-in to the short-term memory: before the model call, the run recalls the most
 * similar resolved cases this agent remembered in {@code namespace} and hands them to the model in
 * its context as {@code similarCases}, a list of {@code {summary, outcome}}.
 *
 * @param recall how many cases to recall at most (1 to {@link #MAX_RECALL}); 3 when absent
 * @param minSimilarity the least cosine similarity a case needs to be recalled; 0.6 when absent
 * @param namespace the memory to search, the same name the agent's {@code remember} writes to
 * @param query a template for the text to search with; the step's declared context values, joined
 *     by new lines, when absent
 */
public record MemoryRecall(Integer recall, Double minSimilarity, String namespace, String query) {

  /** The most cases one step may recall: they share the step's context token budget. */
  public static final int MAX_RECALL = 20;

  public MemoryRecall {
    recall = recall == null ? 3 : recall;
    minSimilarity = minSimilarity == null ? 0.6 : minSimilarity;
  }
}
