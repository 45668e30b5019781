package dev.agentfleet.starter.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of the CLI as the {@code fleet} script sends it to the daemon: NUL-terminated fields, so
 * that any argument and any environment value travel unchanged (bash writes them with {@code printf
 * '%s\0'} and {@code env -0}): the token, the working directory, {@code 1} or {@code 0} for whether
 * stdout is a terminal, the number of arguments, the arguments, then the environment as {@code
 * NAME=value} fields, ended by an empty field.
 *
 * @param token the daemon's token, as the script read it from the daemon's file
 * @param workingDirectory where the call was made
 * @param terminal whether the caller's stdout is a terminal
 * @param args the CLI's arguments
 * @param env the caller's environment
 */
record DaemonRequest(
    String token,
    String workingDirectory,
    boolean terminal,
    List<String> args,
    Map<String, String> env) {

  /** A request larger than this is refused unread (an environment is a few kilobytes). */
  static final int MAX_BYTES = 1 << 20;

  /** Reads one request; a malformed one fails with what was wrong. */
  static DaemonRequest read(InputStream in) throws IOException {
    Fields fields = new Fields(in);
    String token = fields.next("the token");
    String cwd = fields.next("the working directory");
    String tty = fields.next("the terminal flag");
    if (!tty.equals("0") && !tty.equals("1")) {
      throw new IOException("the terminal flag must be 0 or 1, got '" + tty + "'");
    }
    String count = fields.next("the number of arguments");
    int argc;
    try {
      argc = Integer.parseInt(count);
    } catch (NumberFormatException e) {
      throw new IOException("the number of arguments must be a number, got '" + count + "'");
    }
    if (argc < 0 || argc > 10_000) {
      throw new IOException("the number of arguments must be 0 to 10000, got " + argc);
    }
    List<String> args = new ArrayList<>(argc);
    for (int i = 0; i < argc; i++) {
      args.add(fields.next("argument " + (i + 1)));
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry = fields.next("the environment"); !entry.isEmpty(); ) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
      entry = fields.next("the end of the environment");
    }
    return new DaemonRequest(token, cwd, tty.equals("1"), List.copyOf(args), env);
  }

  /** NUL-terminated UTF-8 fields from a stream, at most {@link #MAX_BYTES} in all. */
  private static final class Fields {
    private final InputStream in;
    private int total;

    Fields(InputStream in) {
      this.in = in;
    }

    String next(String what) throws IOException {
      ByteArrayOutputStream field = new ByteArrayOutputStream();
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the request ended before " + what);
        }
        if (++total > MAX_BYTES) {
          throw new IOException("the request is over " + MAX_BYTES + " bytes");
        }
        if (b == 0) {
          return field.toString(StandardCharsets.UTF_8);
        }
        field.write(b);
      }
    }
  }
}
