package dev.agentfleet.workflows.batch;

/**
 * Batch workflow ids: {@code batch/<agent>/<input hash>}. The same input file submitted again while
 * its batch runs maps to the same id, so the CLI attaches to the running batch instead of starting
 * a second one.
 */
public final class BatchIds {

  /** What every batch id starts with. */
  public static final String PREFIX = "batch/";

  private BatchIds() {}

  /**
   * The id of the batch that runs {@code agent} over an input whose content hashes to {@code
   * contentHash}.
   */
  public static String forInput(String agent, String contentHash) {
    return PREFIX + agent + "/" + contentHash;
  }

  /** True when the workflow id names a batch. */
  public static boolean isBatch(String workflowId) {
    return workflowId != null && workflowId.startsWith(PREFIX);
  }
}
