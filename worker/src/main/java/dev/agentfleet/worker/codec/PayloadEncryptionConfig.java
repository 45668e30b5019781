package dev.agentfleet.worker.codec;

import dev.agentfleet.workflows.codec.PayloadKeyException;
import dev.agentfleet.workflows.codec.PayloadKeySetting;
import dev.agentfleet.workflows.codec.PayloadKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's payload encryption and codec endpoint settings, read once at start.
 *
 * <ul>
 *   <li>{@code FLEET_PAYLOAD_KEYS} / {@code FLEET_ENCRYPT_PAYLOADS}: the key file (see {@link
 *       PayloadKeySetting}); without either, encryption and the endpoint are off.
 *   <li>{@code FLEET_CODEC_PORT} (default 8089, 0 = off) and {@code FLEET_CODEC_HOST} (default
 *       127.0.0.1: the endpoint decrypts, so it listens on loopback unless told otherwise).
 *   <li>{@code FLEET_CODEC_TOKEN}, else the first line of {@code FLEET_CODEC_TOKEN_FILE}, else of
 *       {@code $FLEET_HOME/keys/codec.token} when it exists: the bearer token callers must send.
 *       Without a token the endpoint stays off: it never serves anonymous callers.
 *   <li>{@code FLEET_CODEC_CORS_ORIGINS}: comma-separated browser origins allowed to call it
 *       (default {@code http://localhost:8233}, the dev server's Web UI).
 * </ul>
 *
 * @param codecToken null when none is configured; never printed
 */
public record PayloadEncryptionConfig(
    Path keyFile,
    PayloadKeys keys,
    int codecPort,
    String codecHost,
    String codecToken,
    List<String> corsOrigins) {

  /** The shortest bearer token accepted: a guessable token would make the endpoint an oracle. */
  public static final int MIN_TOKEN_LENGTH = 16;

  public static final String DEFAULT_TOKEN_FILE = "keys/codec.token";

  /**
   * Reads the settings and the key file.
   *
   * @param home the fleet home, for the default key and token files
   * @return empty when payload encryption is off
   * @throws IllegalArgumentException naming the variable or file that is wrong (never a key)
   */
  public static Optional<PayloadEncryptionConfig> fromEnv(Map<String, String> env, Path home) {
    Optional<PayloadKeySetting> setting = PayloadKeySetting.from(env, home.toString());
    if (setting.isEmpty()) {
      return Optional.empty();
    }
    Path keyFile = Path.of(setting.get().file()).toAbsolutePath();
    PayloadKeys keys = PayloadKeys.parse(read(keyFile, "payload key file"), keyFile.toString());
    int port = port(env.get("FLEET_CODEC_PORT"));
    String host = env.getOrDefault("FLEET_CODEC_HOST", "").strip();
    String origins = env.getOrDefault("FLEET_CODEC_CORS_ORIGINS", "http://localhost:8233");
    return Optional.of(
        new PayloadEncryptionConfig(
            keyFile,
            keys,
            port,
            host.isEmpty() ? "127.0.0.1" : host,
            token(env, home),
            Arrays.stream(origins.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList()));
  }

  /** Whether the codec endpoint should run: a port and a token are both configured. */
  public boolean codecEndpointEnabled() {
    return codecPort > 0 && codecToken != null;
  }

  private static int port(String value) {
    if (value == null || value.isBlank()) {
      return 8089;
    }
    try {
      int port = Integer.parseInt(value.strip());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "FLEET_CODEC_PORT must be a port number (0 = off), got '" + value + "'");
    }
  }

  private static String token(Map<String, String> env, Path home) {
    String token = env.getOrDefault("FLEET_CODEC_TOKEN", "").strip();
    String source = "FLEET_CODEC_TOKEN";
    if (token.isEmpty()) {
      String file = env.getOrDefault("FLEET_CODEC_TOKEN_FILE", "").strip();
      Path path = file.isEmpty() ? home.resolve(DEFAULT_TOKEN_FILE) : Path.of(file);
      if (file.isEmpty() && !Files.exists(path)) {
        return null;
      }
      token =
          read(path.toAbsolutePath(), "codec token file").lines().findFirst().orElse("").strip();
      source = path.toAbsolutePath().toString();
    }
    if (token.isEmpty()) {
      return null;
    }
    if (token.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "the codec token from "
              + source
              + " is "
              + token.length()
              + " characters; use at least "
              + MIN_TOKEN_LENGTH
              + " random ones (e.g. openssl rand -hex 32)");
    }
    return token;
  }

  private static String read(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new PayloadKeyException(
          what
              + " "
              + file
              + " does not exist; run ./fleet up with FLEET_ENCRYPT_PAYLOADS=true to create one,"
              + " or point "
              + (what.startsWith("payload") ? "FLEET_PAYLOAD_KEYS" : "FLEET_CODEC_TOKEN_FILE")
              + " at yours");
    } catch (IOException e) {
      throw new PayloadKeyException("cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }

  /** Names the key file and key ids only; never a key or the token. */
  @Override
  public String toString() {
    return "PayloadEncryptionConfig[keyFile="
        + keyFile
        + ", keys="
        + keys.ids()
        + ", active="
        + keys.active().id()
        + ", codec="
        + (codecEndpointEnabled() ? codecHost + ":" + codecPort : "off")
        + ", corsOrigins="
        + corsOrigins
        + "]";
  }
}
