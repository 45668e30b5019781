package dev.agentfleet.activities.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentfleet.workflows.model.ModelRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content address of a model request: SHA-256 over a canonical JSON form of everything that
 * decides the answer (provider, model, task, prompt, labels, examples, output schema, context),
 * with map keys sorted so that two equal requests always hash alike. The run, the step and the
 * idempotency key are left out on purpose: the same question asked by another run is a hit.
 */
public final class CacheKey {

  /** Bumped when the key's form changes, so old entries are simply never found again. */
  private static final String FORMAT = "fleet-model-cache/1";

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .build();

  private CacheKey() {}

  /** Returns the key as 64 lowercase hex digits. */
  public static String of(String provider, String model, ModelRequest request) {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("format", FORMAT);
    parts.put("provider", provider);
    parts.put("model", model);
    parts.put("task", request.task() == null ? null : request.task().wireName());
    parts.put("prompt", request.prompt());
    parts.put("labels", request.labels());
    parts.put("examples", request.examples());
    if (request.examplesFile() != null) {
      parts.put("examplesFile", request.examplesFile());
    }
    parts.put("schema", schema(request.outputSchema()));
    parts.put("context", request.context());
    try {
      byte[] canonical = CANONICAL.writeValueAsBytes(parts);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot form the cache key of step " + request.stepId() + ": " + e.getOriginalMessage(),
          e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The schema as a value with sorted keys, so formatting and key order do not change the key. */
  private static Object schema(String text) {
    if (text == null) {
      return null;
    }
    try {
      return CANONICAL.readValue(text.getBytes(StandardCharsets.UTF_8), Object.class);
    } catch (IOException notJson) {
      return text;
    }
  }
}
