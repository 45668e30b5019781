package dev.agentfleet.activities.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * The JSON form of what the ledger stores (attestations, results). A result is always returned as
 * read back from its stored JSON, so the first call and every replay hand the workflow equal maps.
 */
public final class LedgerJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private LedgerJson() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write ledger JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static Map<String, Object> readMap(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return MAPPER.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ledger holds malformed JSON: " + e.getOriginalMessage(), e);
    }
  }
}
