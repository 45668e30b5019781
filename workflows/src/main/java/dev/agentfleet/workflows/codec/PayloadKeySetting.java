package dev.agentfleet.workflows.codec;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the payload key file is, from the environment, decided the same way by the worker and the
 * CLI (they must agree, or one cannot read what the other wrote).
 *
 * <ul>
 *   <li>{@code FLEET_PAYLOAD_KEYS} names the key file: encryption is on.
 *   <li>Else {@code FLEET_ENCRYPT_PAYLOADS=true} turns it on with {@code
 *       $FLEET_HOME/keys/payload.keys}.
 *   <li>Else encryption is off.
 * </ul>
 *
 * {@code FLEET_ENCRYPT_PAYLOADS=false} together with {@code FLEET_PAYLOAD_KEYS} is a contradiction
 * and fails rather than silently writing plaintext.
 *
 * @param file the key file as configured: relative paths are the caller's to resolve
 * @param generateWhenMissing true when {@code FLEET_ENCRYPT_PAYLOADS=true}: {@code ./fleet up} then
 *     creates the file with a fresh key if it does not exist yet
 */
public record PayloadKeySetting(String file, boolean generateWhenMissing) {

  public static final String KEYS_VARIABLE = "FLEET_PAYLOAD_KEYS";
  public static final String ENABLED_VARIABLE = "FLEET_ENCRYPT_PAYLOADS";

  /** The key file under the fleet home when only {@code FLEET_ENCRYPT_PAYLOADS=true} is set. */
  public static final String DEFAULT_FILE = "keys/payload.keys";

  /**
   * Reads the setting.
   *
   * @param home the fleet home as the caller resolved it
   * @return empty when payload encryption is off
   * @throws PayloadKeyException when the variables contradict each other or are malformed
   */
  public static Optional<PayloadKeySetting> from(Map<String, String> env, String home) {
    String enabled = env.getOrDefault(ENABLED_VARIABLE, "").strip().toLowerCase(Locale.ROOT);
    String keys = env.getOrDefault(KEYS_VARIABLE, "").strip();
    if (!enabled.isEmpty() && !enabled.equals("true") && !enabled.equals("false")) {
      throw new PayloadKeyException(
          ENABLED_VARIABLE + " must be true or false, got '" + env.get(ENABLED_VARIABLE) + "'");
    }
    if (enabled.equals("false")) {
      if (!keys.isEmpty()) {
        throw new PayloadKeyException(
            ENABLED_VARIABLE
                + "=false contradicts "
                + KEYS_VARIABLE
                + "="
                + keys
                + "; unset one of them");
      }
      return Optional.empty();
    }
    boolean on = enabled.equals("true");
    if (!keys.isEmpty()) {
      return Optional.of(new PayloadKeySetting(keys, on));
    }
    if (on) {
      String base = home.endsWith("/") ? home : home + "/";
      return Optional.of(new PayloadKeySetting(base + DEFAULT_FILE, true));
    }
    return Optional.empty();
  }
}
