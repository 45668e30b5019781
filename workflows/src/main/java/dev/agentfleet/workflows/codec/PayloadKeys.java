package dev.agentfleet.workflows.codec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payload key ring: every key that may decrypt, and the active one that encrypts.
 *
 * <p>The key file's text, one key per line: {@code <id> <base64 of 32 bytes>}. Blank lines and
 * lines starting with {@code #} are ignored. The <em>last</em> key is the active one, so rotating a
 * key is appending a line; older lines stay for as long as histories encrypted with them must be
 * read. The parser takes the file's text, not a path, so the worker and the CLI share it without
 * the decision plane doing I/O.
 */
public final class PayloadKeys {

  private final Map<String, PayloadKey> byId;
  private final PayloadKey active;

  /** A key ring whose last key is the active one. */
  public PayloadKeys(List<PayloadKey> keys) {
    if (keys == null || keys.isEmpty()) {
      throw new PayloadKeyException("a payload key ring needs at least one key");
    }
    Map<String, PayloadKey> map = new LinkedHashMap<>();
    for (PayloadKey key : keys) {
      if (map.putIfAbsent(key.id(), key) != null) {
        throw new PayloadKeyException("payload key id '" + key.id() + "' appears twice");
      }
    }
    this.byId = map;
    this.active = keys.getLast();
  }

  /**
   * Parses a key file's text.
   *
   * @param source what to call the text in messages, usually the file's path
   * @throws PayloadKeyException naming the source and line of the first problem, never a key
   */
  public static PayloadKeys parse(String text, String source) {
    List<PayloadKey> keys = new ArrayList<>();
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    String[] lines = text == null ? new String[0] : text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 2) {
        throw new PayloadKeyException(
            source
                + " line "
                + number
                + ": expected '<key id> <base64 of 32 bytes>', got "
                + parts.length
                + " fields");
      }
      byte[] material;
      try {
        material = Base64.getDecoder().decode(parts[1]);
      } catch (IllegalArgumentException e) {
        throw new PayloadKeyException(
            source + " line " + number + ": the key of '" + parts[0] + "' is not valid base64");
      }
      Integer earlier = lineOf.putIfAbsent(parts[0], number);
      if (earlier != null) {
        throw new PayloadKeyException(
            source
                + " line "
                + number
                + ": key id '"
                + parts[0]
                + "' is already on line "
                + earlier);
      }
      try {
        keys.add(new PayloadKey(parts[0], material));
      } catch (PayloadKeyException e) {
        throw new PayloadKeyException(source + " line " + number + ": " + e.getMessage());
      }
    }
    if (keys.isEmpty()) {
      throw new PayloadKeyException(
          source + " holds no key; add a line '<key id> <base64 of 32 random bytes>'");
    }
    return new PayloadKeys(keys);
  }

  /** The key new payloads are encrypted with: the last one listed. */
  public PayloadKey active() {
    return active;
  }

  /** The key with this id, if the ring holds it. */
  public Optional<PayloadKey> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every key id, in file order. */
  public List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  @Override
  public String toString() {
    return "PayloadKeys" + ids() + " active=" + active.id();
  }
}
