package dev.agentfleet.blobstore;

import dev.agentfleet.workflows.blob.BlobReferences;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns claim checks back into text where the execution plane needs it: each {@link BlobReferences
 * reference map} becomes the blob's text, cut to a bound so one huge document cannot flood a model
 * call, and each concatenation map becomes its parts joined. Maps and lists are resolved all the
 * way down; everything else is returned as it is.
 */
public final class ReferenceResolver {

  /** What follows text that was cut; no digits, so extractors cannot mistake it for data. */
  public static final String CUT_MARKER = "\n[…the rest of this text is not shown]";

  private final BlobStore store;
  private final int maxChars;

  /**
   * @param maxChars the most characters of one blob's text a resolved value holds
   */
  public ReferenceResolver(BlobStore store, int maxChars) {
    this.store = store;
    this.maxChars = maxChars;
  }

  /** True when the value holds a reference or a concatenation anywhere inside. */
  public static boolean holdsReferences(Object value) {
    return switch (value) {
      case Map<?, ?> map ->
          BlobReferences.isReference(map)
              || BlobReferences.isConcat(map)
              || map.values().stream().anyMatch(ReferenceResolver::holdsReferences);
      case List<?> list -> list.stream().anyMatch(ReferenceResolver::holdsReferences);
      case null, default -> false;
    };
  }

  /**
   * The value with every reference and concatenation resolved.
   *
   * @throws BlobStoreException when a referenced blob is missing, unreadable or corrupt
   */
  public Object resolve(Object value) {
    if (BlobReferences.isReference(value)) {
      return cut(store.readText(BlobReferences.ref(value)));
    }
    if (BlobReferences.isConcat(value)) {
      StringBuilder text = new StringBuilder();
      for (Object part : (List<?>) ((Map<?, ?>) value).get(BlobReferences.CONCAT)) {
        text.append(part == null ? "" : resolve(part));
      }
      return text.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), resolve(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(resolve(v)));
      return out;
    }
    return value;
  }

  /** Every value of the map resolved; the same map when it holds no reference. */
  public Map<String, Object> resolveAll(Map<String, Object> values) {
    if (!holdsReferences(values)) {
      return values;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((name, value) -> out.put(name, resolve(value)));
    return out;
  }

  private String cut(String text) {
    if (text.length() <= maxChars) {
      return text;
    }
    int end = maxChars;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + CUT_MARKER;
  }
}
