package dev.agentfleet.workflows.batch;

import dev.agentfleet.workflows.blob.BlobRef;
import dev.agentfleet.workflows.definition.DefinitionRef;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import java.util.List;

/**
 * What starts a batch: the agent definition pinned by its content hash (passed on to every child
 * run), references to the records in the blob store, and what the CLI found while reading the
 * input. The records themselves never travel here.
 *
 * @param source the input's name, for reports
 * @param chunks the records, in input order, as blobs of a few hundred each
 * @param concurrency the most child runs running at once (default {@value #DEFAULT_CONCURRENCY})
 * @param childrenPerExecution how many child runs one execution starts before the batch continues
 *     as new (default {@value #DEFAULT_CHILDREN_PER_EXECUTION}), which keeps each history small
 * @param repeatedIds input lines whose record id repeats an earlier line's
 * @param rejectedLines input lines the CLI could not read
 * @param rejectedLinesRef the blob listing the rejected lines; null when none
 * @param continuation what the previous execution carried over; null for a fresh batch
 * @param ref the definition by hash, which every child run names; batches started before runs named
 *     their definition by hash carry {@code definition} instead and no reference
 * @param startStep the definition's first step, which a batch by reference names so that its child
 *     runs start labelled with it (as {@code fleet run} labels a run); null in batches started
 *     before
 */
public record BatchInput(
    AgentDefinition definition,
    String definitionHash,
    String source,
    List<BatchChunk> chunks,
    int concurrency,
    int childrenPerExecution,
    int repeatedIds,
    int rejectedLines,
    BlobRef rejectedLinesRef,
    BatchContinuation continuation,
    DefinitionRef ref,
    String startStep) {

  /** The concurrency window when none is asked for. */
  public static final int DEFAULT_CONCURRENCY = 50;

  /** The child runs one execution starts before continuing as new, unless asked otherwise. */
  public static final int DEFAULT_CHILDREN_PER_EXECUTION = 500;

  public BatchInput {
    chunks = chunks == null ? List.of() : List.copyOf(chunks);
    concurrency = concurrency > 0 ? concurrency : DEFAULT_CONCURRENCY;
    childrenPerExecution =
        childrenPerExecution > 0 ? childrenPerExecution : DEFAULT_CHILDREN_PER_EXECUTION;
  }

  /** A batch that carries its whole definition (as batches did before {@link DefinitionRef}). */
  public BatchInput(
      AgentDefinition definition,
      String definitionHash,
      String source,
      List<BatchChunk> chunks,
      int concurrency,
      int childrenPerExecution,
      int repeatedIds,
      int rejectedLines,
      BlobRef rejectedLinesRef,
      BatchContinuation continuation) {
    this(
        definition,
        definitionHash,
        source,
        chunks,
        concurrency,
        childrenPerExecution,
        repeatedIds,
        rejectedLines,
        rejectedLinesRef,
        continuation,
        null,
        null);
  }

  /** The agent's name: the definition's, else the reference's. */
  public String agent() {
    if (definition != null) {
      return definition.name();
    }
    return ref == null ? null : ref.agent();
  }

  /** The number of records in all chunks. */
  public int total() {
    int total = 0;
    for (BatchChunk chunk : chunks) {
      total += chunk.records();
    }
    return total;
  }

  /** The same batch, carried into a new execution. */
  BatchInput continued(BatchContinuation next) {
    return new BatchInput(
        definition,
        definitionHash,
        source,
        chunks,
        concurrency,
        childrenPerExecution,
        repeatedIds,
        rejectedLines,
        rejectedLinesRef,
        next,
        ref,
        startStep);
  }

  /** The step the child runs start at: the definition's, else the one named; null if neither. */
  String childStartStep() {
    return definition != null ? definition.start() : startStep;
  }

  /** The definition's version as the child runs show it (its short hash). */
  String childDefinitionHash() {
    return ref != null ? ref.shortHash() : definitionHash;
  }
}
