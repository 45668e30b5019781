package dev.agentfleet.workflows.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentfleet.workflows.run.WorkItem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a chunk blob: one {@link WorkItem} per line as JSON ({@code {"id": …, "fields":
 * {…}}}), UTF-8. The CLI writes it and the batch activities read it; pure functions, no I/O.
 */
public final class ChunkFormat {

  /** The media type chunk blobs are stored with. */
  public static final String MEDIA_TYPE = "application/x-ndjson; charset=utf-8";

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private ChunkFormat() {}

  /** One record as a line of a chunk, its newline included. */
  public static byte[] encode(WorkItem item) {
    try {
      byte[] line = JSON.writeValueAsBytes(item);
      byte[] out = new byte[line.length + 1];
      System.arraycopy(line, 0, out, 0, line.length);
      out[line.length] = '\n';
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("record " + item.id() + " does not serialize to JSON", e);
    }
  }

  /** The chunk of these records. */
  public static byte[] encode(List<WorkItem> items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    items.forEach(item -> out.writeBytes(encode(item)));
    return out.toByteArray();
  }

  /**
   * The records of a chunk.
   *
   * @throws IllegalArgumentException when a line is not a work item
   */
  public static List<WorkItem> decode(byte[] chunk) {
    List<WorkItem> items = new ArrayList<>();
    String text = new String(chunk, StandardCharsets.UTF_8);
    int number = 0;
    for (String line : text.split("\n")) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        WorkItem item = JSON.readValue(line, WorkItem.class);
        if (item.id() == null) {
          throw new IllegalArgumentException("line " + number + " of the chunk has no record id");
        }
        items.add(item);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "line " + number + " of the chunk is not a record: " + e.getOriginalMessage(), e);
      }
    }
    return items;
  }
}
