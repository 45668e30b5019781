package dev.agentfleet.starter.records;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentfleet.blobstore.ClaimCheck;
import dev.agentfleet.workflows.playbook.InputField;
import dev.agentfleet.workflows.run.WorkItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON Lines input against an agent's input contract. Every line is judged on its own: a bad
 * line is rejected with its number and the reason, and the lines after it are still read. Blank
 * lines are skipped. A record id seen before in the same input is reported as a duplicate.
 *
 * <p>With a {@link ClaimCheck}, records may be as large as the configured limit (16 MiB by
 * default): every text field larger than the claim-check threshold is stored in the blob store and
 * replaced by a reference map with a preview, so the work item that travels through Temporal stays
 * small. A record that is still over {@link #MAX_RECORD_BYTES} after that (large values that are
 * not text) is rejected.
 */
public final class RecordReader {

  /**
   * The largest record accepted without a claim check, and the largest work item accepted after
   * one, in UTF-8 bytes; Temporal warns on payloads above this.
   */
  public static final int MAX_RECORD_BYTES = 256 * 1024;

  /** The largest input line accepted with a claim check unless configured otherwise: 16 MiB. */
  public static final long DEFAULT_MAX_LINE_BYTES = 16L * 1024 * 1024;

  /** The longest record id accepted, in characters. */
  public static final int MAX_ID_LENGTH = 256;

  private static final String ID = "id";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final List<InputField> contract;
  private final ClaimCheck claimCheck;
  private final long maxLineBytes;

  /**
   * A reader without a claim check: records up to {@link #MAX_RECORD_BYTES}.
   *
   * @param contract the agent's input fields; when empty every field of a record passes through and
   *     only {@code id} is required
   */
  public RecordReader(List<InputField> contract) {
    this(contract, null, MAX_RECORD_BYTES);
  }

  /**
   * A reader that moves large text fields to the blob store.
   *
   * @param claimCheck where large text goes; null for none, which bounds lines at {@link
   *     #MAX_RECORD_BYTES}
   * @param maxLineBytes the largest input line accepted, in UTF-8 bytes
   */
  public RecordReader(List<InputField> contract, ClaimCheck claimCheck, long maxLineBytes) {
    this.contract = List.copyOf(contract);
    this.claimCheck = claimCheck;
    this.maxLineBytes = claimCheck == null ? MAX_RECORD_BYTES : maxLineBytes;
  }

  /** Reads all lines of text already decoded; it does not close the reader. */
  public ReadResult read(Reader input) throws IOException {
    return read(new LineScanner(input, maxLineBytes));
  }

  /**
   * Reads all lines of UTF-8 bytes; it does not close the stream. A line that is not valid UTF-8 is
   * rejected with its number and the place of the first bad byte, never decoded with replacement
   * characters, and the lines after it are still read.
   */
  public ReadResult read(InputStream input) throws IOException {
    return read(new Utf8LineScanner(input, maxLineBytes));
  }

  private ReadResult read(LineSource lines) throws IOException {
    List<InputRecord> records = new ArrayList<>();
    List<Duplicate> duplicates = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    Map<String, Integer> firstLineOfId = new HashMap<>();
    LineScanner.Line line;
    while ((line = lines.next()) != null) {
      if (line.malformed() != null) {
        rejected.add(new Rejection(line.number(), line.malformed()));
        continue;
      }
      if (line.oversized()) {
        rejected.add(new Rejection(line.number(), oversized(line.bytes())));
        continue;
      }
      String text = line.number() == 1 ? stripByteOrderMark(line.text()) : line.text();
      if (text.isBlank()) {
        continue;
      }
      Parsed parsed = parse(text);
      if (parsed.error() != null) {
        rejected.add(new Rejection(line.number(), parsed.error()));
        continue;
      }
      WorkItem item = parsed.item();
      Integer first = firstLineOfId.putIfAbsent(item.id(), line.number());
      if (first != null) {
        duplicates.add(new Duplicate(line.number(), item.id(), first));
      } else {
        records.add(new InputRecord(line.number(), item));
      }
    }
    return new ReadResult(records, duplicates, rejected);
  }

  private String oversized(long bytes) {
    if (claimCheck == null) {
      return "record is "
          + bytes
          + " bytes, the limit is "
          + MAX_RECORD_BYTES
          + " bytes (256 KiB); move large content elsewhere and pass a reference";
    }
    return "record is "
        + bytes
        + " bytes, the limit is "
        + maxLineBytes
        + " bytes (FLEET_MAX_RECORD_BYTES); split the record or raise the limit";
  }

  private record Parsed(WorkItem item, String error) {}

  private Parsed parse(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return new Parsed(null, malformed(e));
    }
    if (!node.isObject()) {
      return new Parsed(null, "expected a JSON object, got " + InputFieldCheck.describe(node));
    }
    List<String> problems = new ArrayList<>();
    Map<String, Object> fields = new LinkedHashMap<>();
    String id = readId(node.get(ID), problems);
    if (id != null) {
      fields.put(ID, toJava(node.get(ID)));
    }
    if (contract.isEmpty()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!field.getKey().equals(ID) && !field.getValue().isNull()) {
          fields.put(field.getKey(), toJava(field.getValue()));
        }
      }
    }
    for (InputField field : contract) {
      if (field.name().equals(ID)) {
        continue;
      }
      JsonNode value = node.get(field.name());
      if (value == null || value.isNull()) {
        if (field.required()) {
          problems.add("missing required field \"" + field.name() + "\"");
        }
        continue;
      }
      String problem = InputFieldCheck.problem(field, value);
      if (problem != null) {
        problems.add(problem);
      } else {
        fields.put(field.name(), toJava(value));
      }
    }
    if (!problems.isEmpty()) {
      return new Parsed(null, String.join("; ", problems));
    }
    if (claimCheck != null) {
      fields = claimCheck.offload(fields);
      long size = serializedSize(fields);
      if (size > MAX_RECORD_BYTES) {
        return new Parsed(
            null,
            "record is still "
                + size
                + " bytes after its text fields over "
                + claimCheck.thresholdBytes()
                + " bytes moved to the blob store; the limit is "
                + MAX_RECORD_BYTES
                + " bytes: large lists or objects cannot travel by reference, pass them as text");
      }
    }
    return new Parsed(new WorkItem(id, fields), null);
  }

  private String readId(JsonNode value, List<String> problems) {
    if (value == null || value.isNull()) {
      problems.add("missing required field \"" + ID + "\"");
      return null;
    }
    InputField declared =
        contract.stream().filter(f -> f.name().equals(ID)).findFirst().orElse(null);
    if (declared != null) {
      String problem = InputFieldCheck.problem(declared, value);
      if (problem != null) {
        problems.add(problem);
        return null;
      }
    } else if (!value.isTextual() && !value.isIntegralNumber()) {
      problems.add("field \"" + ID + "\" must be a string, got " + InputFieldCheck.describe(value));
      return null;
    }
    String id = value.asText();
    if (id.isBlank()) {
      problems.add("field \"" + ID + "\" must not be empty");
      return null;
    }
    int length = id.codePointCount(0, id.length());
    if (length > MAX_ID_LENGTH) {
      problems.add(
          "field \"" + ID + "\" is " + length + " characters long, the limit is " + MAX_ID_LENGTH);
      return null;
    }
    return id;
  }

  private static long serializedSize(Map<String, Object> fields) {
    try {
      return JSON.writeValueAsBytes(fields).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed record does not serialize back to JSON", e);
    }
  }

  private static Object toJava(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    return JSON.convertValue(value, Object.class);
  }

  private static String malformed(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    String where = location == null ? "" : " at column " + location.getColumnNr();
    String reason =
        e.getOriginalMessage()
            .replaceAll("\\s*\\(start marker at \\[Source:[^]]*][^)]*\\)", "")
            .replaceAll("\\s*at \\[Source:[^]]*]", "")
            .replaceAll("\\s+", " ")
            .trim();
    return "malformed JSON" + where + ": " + reason;
  }

  private static String stripByteOrderMark(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
