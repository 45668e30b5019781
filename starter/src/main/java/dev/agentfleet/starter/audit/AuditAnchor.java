package dev.agentfleet.starter.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentfleet.starter.FleetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where the audit chain ended when it last verified: its entry count, last {@code seq} and last
 * hash. A hash chain alone cannot tell a log whose newest entries were deleted from one that never
 * had them; a later check that no longer finds the anchored entry, or finds it with another hash,
 * can. The anchor proves nothing against someone who can also rewrite it, so keep a copy (or the
 * last hash) somewhere the ledger's writers cannot reach.
 *
 * @param entries entries in the log when the anchor was taken
 * @param lastSeq the {@code seq} of the last entry then; 0 for an empty log
 * @param lastHash that entry's hash; {@code GENESIS} for an empty log
 * @param at when the anchor was taken (ISO-8601)
 */
@JsonPropertyOrder({"entries", "lastSeq", "lastHash", "at"})
public record AuditAnchor(long entries, long lastSeq, String lastHash, String at) {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .build();

  /**
   * The anchor in {@code file}, or empty when there is none yet. An anchor that exists but does not
   * read is an error, never ignored: an unreadable anchor must not turn the tail check off.
   */
  public static Optional<AuditAnchor> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      AuditAnchor anchor =
          JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), AuditAnchor.class);
      if (anchor.entries() < 0
          || anchor.lastSeq() < 0
          || (anchor.entries() == 0) != (anchor.lastSeq() == 0)
          || anchor.lastHash() == null
          || !anchor.lastHash().matches("[0-9a-f]{64}")) {
        throw new FleetException(unreadable(file, "its entries, lastSeq or lastHash are invalid"));
      }
      return Optional.of(anchor);
    } catch (JsonProcessingException e) {
      throw new FleetException(unreadable(file, e.getOriginalMessage().replaceAll("\\s+", " ")));
    } catch (IOException e) {
      throw new FleetException(unreadable(file, String.valueOf(e.getMessage())));
    }
  }

  /** Replaces the anchor in {@code file} in one step, so a crash leaves the old one or the new. */
  public void write(Path file) {
    Path absolute = file.toAbsolutePath();
    Path temporary = null;
    try {
      Files.createDirectories(absolute.getParent());
      temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
      Files.writeString(temporary, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
      Files.move(
          temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw new FleetException(
          "the audit log is intact, but the anchor " + file + " cannot be written: " + e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the write already failed; that is the error to report
      }
    }
  }

  private static String unreadable(Path file, String why) {
    return "the audit anchor "
        + file
        + " does not read ("
        + why
        + "): restore it from your copy, or delete it to anchor the log where it ends now";
  }
}
