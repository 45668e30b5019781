package dev.agentfleet.starter.cli;

import dev.agentfleet.blobstore.BlobSettings;
import dev.agentfleet.blobstore.BlobStoreException;
import dev.agentfleet.blobstore.ClaimCheck;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.agents.AgentCatalog;
import dev.agentfleet.starter.records.Duplicate;
import dev.agentfleet.starter.records.ReadResult;
import dev.agentfleet.starter.records.RecordReader;
import dev.agentfleet.starter.records.Rejection;
import dev.agentfleet.starter.runs.RunLauncher;
import dev.agentfleet.starter.runs.RunLauncher.Launched;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.run.WorkflowIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One batch: an agent's playbook, an input file read against its contract, and a run started per
 * valid record. Shared by {@code run} and {@code demo}.
 */
record Batch(
    Playbook playbook,
    ReadResult input,
    List<Launched> started,
    List<Launched> existing,
    List<Rejection> rejected) {

  /** Loads the agent, reads the input ({@code -} is stdin) and starts the runs. */
  static Batch launch(FleetContext context, String agent, String inputPath) {
    Playbook playbook =
        new AgentCatalog(context.paths().agents(), context.paths()::show).load(agent);
    ReadResult input = read(context, playbook, inputPath);
    RunLauncher.Outcome outcome =
        new RunLauncher(context.connectedTemporal(), RunLauncher.sendsDefinition(context.env()))
            .launch(playbook, input.records());
    return new Batch(playbook, input, outcome.started(), outcome.duplicates(), input.rejected());
  }

  /**
   * Every duplicate: ids repeated within the input first, then records whose run existed before.
   */
  List<Launched> duplicates() {
    List<Launched> duplicates = new ArrayList<>();
    for (Duplicate duplicate : input.duplicates()) {
      duplicates.add(new Launched(duplicate.recordId(), workflowId(duplicate.recordId())));
    }
    duplicates.addAll(existing);
    return duplicates;
  }

  String workflowId(String recordId) {
    return WorkflowIds.forRecord(playbook.definition().name(), recordId);
  }

  /** Every run this batch's records map to: the ones it started and the ones that existed. */
  List<String> allWorkflowIds() {
    Set<String> ids = new LinkedHashSet<>();
    started.forEach(run -> ids.add(run.workflowId()));
    existing.forEach(run -> ids.add(run.workflowId()));
    return List.copyOf(ids);
  }

  private static ReadResult read(FleetContext context, Playbook playbook, String inputPath) {
    RecordReader reader = reader(context, playbook);
    if (inputPath.equals("-")) {
      return read(reader, context.in(), "stdin");
    }
    Path file = Path.of(inputPath);
    try (InputStream stream = Files.newInputStream(file)) {
      return read(reader, stream, inputPath);
    } catch (NoSuchFileException e) {
      throw new FleetException("input file " + inputPath + " does not exist");
    } catch (IOException e) {
      throw new FleetException("cannot read " + inputPath + ": " + e.getMessage());
    }
  }

  private static ReadResult read(RecordReader reader, InputStream stream, String name) {
    try {
      return reader.read(stream);
    } catch (IOException e) {
      throw new FleetException("cannot read " + name + ": " + e.getMessage());
    } catch (BlobStoreException e) {
      throw new FleetException(
          "cannot move a large field of " + name + " to the blob store: " + e.getMessage());
    }
  }

  /**
   * A reader that moves text over {@code FLEET_CLAIM_CHECK_BYTES} to the blob store and accepts
   * lines up to {@code FLEET_MAX_RECORD_BYTES} (16 MiB by default).
   */
  private static RecordReader reader(FleetContext context, Playbook playbook) {
    try {
      BlobSettings blobs =
          BlobSettings.fromEnv(context.env(), context.paths().home(), context.paths().repo());
      String max = context.env().get("FLEET_MAX_RECORD_BYTES");
      long maxLineBytes =
          max == null || max.isBlank()
              ? RecordReader.DEFAULT_MAX_LINE_BYTES
              : Long.parseLong(max.trim());
      return new RecordReader(
          playbook.definition().input(),
          new ClaimCheck(blobs.open(), blobs.claimCheckBytes()),
          maxLineBytes);
    } catch (NumberFormatException e) {
      throw new FleetException(
          "FLEET_MAX_RECORD_BYTES must be a whole number of bytes, got '"
              + context.env().get("FLEET_MAX_RECORD_BYTES")
              + "'");
    } catch (IllegalArgumentException e) {
      throw new FleetException(e.getMessage());
    }
  }
}
