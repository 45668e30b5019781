package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.cli.FleetContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet admin hash-password}: reads one password from stdin (the first line, so it never
 * appears in the shell history or the process list) and prints its hash for the approvers file.
 */
@Command(
    name = "hash-password",
    mixinStandardHelpOptions = true,
    description = {
      "Read a password from stdin (its first line) and print its hash for config/approvers.yaml.",
      "Example: printf '%%s' 'secret' | ./fleet admin hash-password"
    })
final class AdminHashPasswordCommand implements Callable<Integer> {

  private final FleetContext context;

  @Option(
      names = "--iterations",
      paramLabel = "N",
      defaultValue = "" + PasswordHashes.DEFAULT_ITERATIONS,
      description = "PBKDF2 iterations (default: ${DEFAULT-VALUE})")
  int iterations;

  AdminHashPasswordCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    char[] password = firstLine(context.in());
    try {
      if (password.length == 0) {
        throw new FleetException(
            "no password on stdin — pipe one in: printf '%s' 'secret' | ./fleet admin"
                + " hash-password",
            2);
      }
      String hash;
      try {
        hash = PasswordHashes.hash(password, iterations);
      } catch (IllegalArgumentException e) {
        throw new FleetException(e.getMessage(), 2);
      }
      context.out().println(hash);
      return 0;
    } finally {
      PasswordHashes.wipe(password);
    }
  }

  private static char[] firstLine(InputStream in) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        bytes.write(b);
      }
    } catch (IOException e) {
      throw new FleetException("cannot read the password from stdin: " + e.getMessage());
    }
    byte[] raw = bytes.toByteArray();
    int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, length));
    char[] password = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
    Arrays.fill(raw, (byte) 0);
    Arrays.fill(chars.array(), '\0');
    return password;
  }
}
