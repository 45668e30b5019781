package dev.agentfleet.starter.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentfleet.ledger.audit.AuditAnchor;
import dev.agentfleet.starter.FleetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The file {@code fleet audit verify} keeps its {@link AuditAnchor} in: indented JSON, read
 * strictly (an anchor that exists but does not read is an error, never ignored) and replaced in one
 * step.
 */
public final class AnchorFile {

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
  public static void write(AuditAnchor anchor, Path file) {
    Path absolute = file.toAbsolutePath();
    Path temporary = null;
    try {
      Files.createDirectories(absolute.getParent());
      temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
      Files.writeString(temporary, JSON.writeValueAsString(anchor) + "\n", StandardCharsets.UTF_8);
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

  private AnchorFile() {}
}
