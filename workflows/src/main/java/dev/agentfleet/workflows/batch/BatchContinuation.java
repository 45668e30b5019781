package dev.agentfleet.workflows.batch;

/**
 * What a batch carries into its next execution when it continues as new. A batch continues only
 * once no child it started is still running, so the counts and the position of the next record are
 * all there is to carry.
 *
 * @param progress the batch's counts when it continued
 * @param next the index (0-based, over all chunks) of the next record to start
 */
public record BatchContinuation(BatchProgress progress, int next) {}
