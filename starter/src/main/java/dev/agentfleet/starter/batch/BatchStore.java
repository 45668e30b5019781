package dev.agentfleet.starter.batch;

import dev.agentfleet.blobstore.BlobSettings;
import dev.agentfleet.blobstore.BlobStore;
import dev.agentfleet.blobstore.ClaimCheck;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.local.FleetPaths;
import dev.agentfleet.starter.records.RecordReader;
import dev.agentfleet.workflows.playbook.InputField;
import java.util.List;
import java.util.Map;

/**
 * The blob store a batch's records go to, and the record reader that moves large fields there, both
 * configured as {@code fleet run} configures them ({@code FLEET_BLOB_DIR}, {@code
 * FLEET_CLAIM_CHECK_BYTES}, {@code FLEET_MAX_RECORD_BYTES}).
 */
public final class BatchStore {

  private final BlobSettings settings;
  private final BlobStore store;
  private final long maxLineBytes;

  private BatchStore(BlobSettings settings, long maxLineBytes) {
    this.settings = settings;
    this.store = settings.open();
    this.maxLineBytes = maxLineBytes;
  }

  /** The store and limits the environment names. */
  public static BatchStore fromEnv(Map<String, String> env, FleetPaths paths) {
    String max = env.get("FLEET_MAX_RECORD_BYTES");
    long maxLineBytes;
    try {
      maxLineBytes =
          max == null || max.isBlank()
              ? RecordReader.DEFAULT_MAX_LINE_BYTES
              : Long.parseLong(max.trim());
    } catch (NumberFormatException e) {
      throw new FleetException(
          "FLEET_MAX_RECORD_BYTES must be a whole number of bytes, got '" + max + "'");
    }
    try {
      return new BatchStore(BlobSettings.fromEnv(env, paths.home(), paths.repo()), maxLineBytes);
    } catch (IllegalArgumentException e) {
      throw new FleetException(e.getMessage());
    }
  }

  public BlobStore store() {
    return store;
  }

  /** A reader of records against the contract that moves large text fields to the store. */
  public RecordReader reader(List<InputField> contract) {
    return new RecordReader(
        contract, new ClaimCheck(store, settings.claimCheckBytes()), maxLineBytes);
  }
}
