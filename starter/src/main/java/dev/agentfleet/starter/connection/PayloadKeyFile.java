package dev.agentfleet.starter.connection;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.local.FleetPaths;
import dev.agentfleet.workflows.codec.PayloadKeyException;
import dev.agentfleet.workflows.codec.PayloadKeySetting;
import dev.agentfleet.workflows.codec.PayloadKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's payload key file, found as the worker finds its own ({@link PayloadKeySetting}); a
 * relative {@code FLEET_PAYLOAD_KEYS} is relative to the repository, like the CLI's other paths.
 *
 * @param generateWhenMissing whether {@code ./fleet up} creates it when it does not exist
 */
public record PayloadKeyFile(Path path, boolean generateWhenMissing) {

  /** The configured key file; empty when payload encryption is off. */
  public static Optional<PayloadKeyFile> configured(Map<String, String> env) {
    FleetPaths paths = FleetPaths.from(env);
    try {
      return PayloadKeySetting.from(env, paths.home().toString())
          .map(
              s ->
                  new PayloadKeyFile(
                      paths.repo().resolve(s.file()).toAbsolutePath().normalize(),
                      s.generateWhenMissing()));
    } catch (PayloadKeyException e) {
      throw new FleetException(e.getMessage());
    }
  }

  /** Reads and parses the key file; a missing or malformed file fails with what to do. */
  public PayloadKeys load() {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new FleetException(
          "payload encryption is on but the key file "
              + path
              + " does not exist — "
              + (generateWhenMissing
                  ? "run ./fleet up, which creates it"
                  : "point FLEET_PAYLOAD_KEYS at the worker's key file"));
    } catch (IOException e) {
      throw new FleetException("cannot read the payload key file " + path + ": " + e.getMessage());
    }
    try {
      return PayloadKeys.parse(text, path.toString());
    } catch (PayloadKeyException e) {
      throw new FleetException(e.getMessage());
    }
  }
}
