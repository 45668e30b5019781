package dev.agentfleet.workflows.blob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire form of a claim check inside run data. A value moved to the blob store is replaced by a
 * <em>reference map</em> {@code {"$blob": "blob:sha256:…", "size": N, "mediaType": "…", "preview":
 * "the first 2 KB"}}: workflow code routes on it and renders its preview, and only the execution
 * plane ever loads the blob. A template that mixes text with references renders, where a value is
 * wanted, to a <em>concatenation map</em> {@code {"$concat": ["text", {reference map}, …]}} that
 * the execution plane resolves the same way. Pure functions, safe in workflow code.
 */
public final class BlobReferences {

  /** The key that marks a reference map; its value is the blob uri. */
  public static final String REF = "$blob";

  /** The key that marks a concatenation map; its value is the list of parts. */
  public static final String CONCAT = "$concat";

  /** How much of a moved value its reference keeps inline, in UTF-8 bytes. */
  public static final int PREVIEW_BYTES = 2048;

  private BlobReferences() {}

  /** The reference map of a blob, with the first {@link #PREVIEW_BYTES} of its text. */
  public static Map<String, Object> reference(BlobRef ref, String text) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(REF, ref.uri());
    map.put("size", ref.size());
    map.put("mediaType", ref.mediaType());
    map.put("preview", prefix(text, PREVIEW_BYTES));
    return map;
  }

  /** True when the value is a reference map. */
  public static boolean isReference(Object value) {
    return value instanceof Map<?, ?> map && map.get(REF) instanceof String;
  }

  /** True when the value is a concatenation map. */
  public static boolean isConcat(Object value) {
    return value instanceof Map<?, ?> map && map.get(CONCAT) instanceof List<?>;
  }

  /**
   * The blob a reference map names.
   *
   * @throws IllegalArgumentException when the value is not a well-formed reference map
   */
  public static BlobRef ref(Object reference) {
    if (!(reference instanceof Map<?, ?> map) || !(map.get(REF) instanceof String uri)) {
      throw new IllegalArgumentException("not a blob reference: expected a map with " + REF);
    }
    long size = map.get("size") instanceof Number n ? n.longValue() : 0;
    Object mediaType = map.get("mediaType");
    return new BlobRef(uri, size, mediaType == null ? BlobRef.TEXT : mediaType.toString());
  }

  /** The inline preview of a reference map; empty when it has none. */
  public static String preview(Object reference) {
    return reference instanceof Map<?, ?> map && map.get("preview") instanceof String s ? s : "";
  }

  /**
   * The text a value shows where only inline data may be used: a reference's preview, a
   * concatenation's parts with previews, anything else as it is.
   */
  public static Object inline(Object value) {
    if (isReference(value)) {
      return preview(value);
    }
    if (isConcat(value)) {
      StringBuilder out = new StringBuilder();
      for (Object part : (List<?>) ((Map<?, ?>) value).get(CONCAT)) {
        out.append(inline(part));
      }
      return out.toString();
    }
    return value;
  }

  /** A concatenation map of text parts and reference maps, in order. */
  public static Map<String, Object> concat(List<Object> parts) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(CONCAT, new ArrayList<>(parts));
    return map;
  }

  /** The size of the text in UTF-8 bytes, counted without encoding it. */
  public static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** The longest prefix of the text that fits in {@code maxBytes} UTF-8 bytes, whole characters. */
  public static String prefix(String text, int maxBytes) {
    if (text == null) {
      return "";
    }
    long bytes = 0;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + width > maxBytes) {
        break;
      }
      bytes += width;
      i += Character.charCount(cp);
    }
    return text.substring(0, i);
  }
}
