package dev.agentfleet.starter.local;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.PayloadKeyFile;
import dev.agentfleet.workflows.codec.PayloadKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Creates the payload key file (and the codec endpoint's token) on {@code ./fleet up} when {@code
 * FLEET_ENCRYPT_PAYLOADS=true} and they do not exist yet. Both are created exclusively with mode
 * 600 in a folder of mode 700, so a second {@code up} never replaces a key that histories depend
 * on. Nothing is created when encryption is off or when the key file was named without {@code
 * FLEET_ENCRYPT_PAYLOADS=true} (a mistyped path must fail, not start a new key).
 */
public final class PayloadKeyFiles {

  /** The codec token file under the fleet home, as the worker looks for it. */
  public static final String TOKEN_FILE = "keys/codec.token";

  private static final String HEADER =
      """
      # Agent Fleet payload keys: one per line, "<key id> <base64 of 32 random bytes>".
      # The LAST key is the active one: new payloads are encrypted with it; every key listed
      # decrypts. To rotate, append a line, e.g. echo "k2 $(openssl rand -base64 32)" >> FILE,
      # and restart the workers. Keep old lines while histories written with them must be read.
      # Keep this file secret: whoever holds it can read every run's data.
      """;

  private final SecureRandom random = new SecureRandom();
  private final FleetPaths paths;
  private final Map<String, String> env;

  public PayloadKeyFiles(FleetPaths paths, Map<String, String> env) {
    this.paths = paths;
    this.env = env;
  }

  /**
   * Creates what is missing.
   *
   * @return one line per file created, for {@code up} to print (names and ids, never keys)
   */
  public List<String> ensure() {
    List<String> created = new ArrayList<>();
    PayloadKeyFile keyFile = PayloadKeyFile.configured(env).orElse(null);
    if (keyFile == null || !keyFile.generateWhenMissing()) {
      return created;
    }
    if (!Files.exists(keyFile.path())) {
      String keyId = "k" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
      keyId += "-" + HexFormat.of().formatHex(bytes(3));
      String line = keyId + " " + Base64.getEncoder().encodeToString(bytes(PayloadKey.LENGTH));
      if (createSecret(keyFile.path(), HEADER + line + "\n")) {
        created.add(
            "created payload key file "
                + paths.show(keyFile.path())
                + " (active key "
                + keyId
                + ")");
      }
    }
    boolean tokenConfigured =
        !env.getOrDefault("FLEET_CODEC_TOKEN", "").isBlank()
            || !env.getOrDefault("FLEET_CODEC_TOKEN_FILE", "").isBlank();
    Path token = paths.home().resolve(TOKEN_FILE);
    if (!tokenConfigured
        && !Files.exists(token)
        && createSecret(token, HexFormat.of().formatHex(bytes(32)) + "\n")) {
      created.add("created codec endpoint token " + paths.show(token));
    }
    return created;
  }

  private byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Writes a new file readable by its owner only; false when another process made it first. */
  private boolean createSecret(Path file, String text) {
    try {
      Path dir = file.getParent();
      boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            posix
                ? new FileAttribute<?>[] {
                  PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
                }
                : new FileAttribute<?>[0]);
      }
      FileAttribute<?>[] ownerOnly =
          posix
              ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
              }
              : new FileAttribute<?>[0];
      try (SeekableByteChannel out =
          Files.newByteChannel(
              file,
              java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              ownerOnly)) {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
      return true;
    } catch (FileAlreadyExistsException raced) {
      return false;
    } catch (IOException e) {
      throw new FleetException("cannot create " + paths.show(file) + ": " + e.getMessage());
    }
  }
}
