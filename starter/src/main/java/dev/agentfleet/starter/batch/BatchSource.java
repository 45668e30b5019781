package dev.agentfleet.starter.batch;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.records.ReadResult;
import dev.agentfleet.starter.records.RecordReader;
import dev.agentfleet.starter.records.Rejection;
import dev.agentfleet.workflows.playbook.InputField;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A batch's input: a JSON Lines or CSV file (or stdin), named for reports and hashed for the batch
 * id, so the same content always maps to the same batch.
 */
public final class BatchSource {

  /** The input formats a batch reads. */
  public enum Format {
    JSONL,
    CSV;

    /** {@code csv} for a {@code .csv} file, JSON Lines for anything else. */
    static Format of(String path) {
      return path.toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : JSONL;
    }
  }

  private final String name;
  private final Path file;
  private final byte[] bytes;
  private final Format format;

  private BatchSource(String name, Path file, byte[] bytes, Format format) {
    this.name = name;
    this.file = file;
    this.bytes = bytes;
    this.format = format;
  }

  /**
   * The input at {@code path} ({@code -} reads {@code stdin}, whole), in {@code format} or, when
   * null, the one its extension says.
   */
  public static BatchSource open(String path, Format format, InputStream stdin) {
    if (path.equals("-")) {
      try {
        return new BatchSource(
            "stdin", null, stdin.readAllBytes(), format == null ? Format.JSONL : format);
      } catch (IOException e) {
        throw new FleetException("cannot read stdin: " + e.getMessage());
      }
    }
    Path file = Path.of(path);
    if (!Files.isRegularFile(file)) {
      throw new FleetException("input file " + path + " does not exist");
    }
    return new BatchSource(path, file, null, format == null ? Format.of(path) : format);
  }

  public String name() {
    return name;
  }

  public Format format() {
    return format;
  }

  /** The first 12 hex digits of the SHA-256 of the input's bytes. */
  public String contentHash() {
    try (InputStream in = stream()) {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      try (DigestInputStream digesting = new DigestInputStream(in, sha256)) {
        digesting.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(sha256.digest()).substring(0, 12);
    } catch (IOException e) {
      throw cannotRead(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * Reads every record against the agent's contract; rejected lines (with the CSV's own problems
   * merged in) are in line order.
   */
  public ReadResult read(RecordReader reader, List<InputField> contract) {
    if (format == Format.JSONL) {
      try (InputStream in = stream()) {
        return reader.read(in);
      } catch (NoSuchFileException e) {
        throw new FleetException("input file " + name + " does not exist");
      } catch (IOException e) {
        throw cannotRead(e);
      }
    }
    // CSV records may span lines, so the file is decoded whole, strictly: bytes that are not UTF-8
    // refuse the file with the place they are at, never pass as replacement characters.
    try (Reader text = new InputStreamReader(stream(), strictUtf8())) {
      CsvRecords.Converted converted = CsvRecords.toJsonLines(text, contract);
      ReadResult read = reader.read(new StringReader(converted.jsonLines()));
      List<Rejection> rejected = new ArrayList<>(converted.rejected());
      rejected.addAll(read.rejected());
      rejected.sort(Comparator.comparingInt(Rejection::line));
      return new ReadResult(read.records(), read.duplicates(), rejected);
    } catch (MalformedInputException e) {
      throw new FleetException(
          "input file "
              + name
              + " is not valid UTF-8 text (a CSV record may span lines, so the whole file is"
              + " refused rather than read with replaced bytes): save it as UTF-8 and run again");
    } catch (NoSuchFileException e) {
      throw new FleetException("input file " + name + " does not exist");
    } catch (IOException e) {
      throw cannotRead(e);
    }
  }

  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private InputStream stream() throws IOException {
    return file == null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
  }

  private FleetException cannotRead(IOException e) {
    return new FleetException("cannot read " + name + ": " + e.getMessage());
  }
}
