package dev.agentfleet.starter.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.FleetCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident CLI answers a call exactly as a CLI of its own would: the same exit code, stdout and
 * stderr for the caller's arguments and environment; without the token it answers nothing.
 */
class CliDaemonTest {

  @TempDir Path dir;

  /** What the {@code fleet} script writes: NUL-terminated fields, the environment, an empty one. */
  static byte[] request(String token, List<String> args, Map<String, String> env) {
    return request(token, System.getProperty("user.dir"), args, env);
  }

  static byte[] request(String token, String cwd, List<String> args, Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> fields = new ArrayList<>(List.of(token, cwd, "0", String.valueOf(args.size())));
    fields.addAll(args);
    env.forEach((k, v) -> fields.add(k + "=" + v));
    fields.add("");
    for (String field : fields) {
      out.writeBytes(field.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }

  /** The answer split as the script splits it. */
  record Answer(int code, String out, String err) {
    static Answer parse(byte[] bytes) {
      String all = new String(bytes, StandardCharsets.UTF_8);
      int nl = all.indexOf('\n');
      String[] head = all.substring(0, nl).split(" ");
      assertThat(head[0]).isEqualTo(CliDaemon.MAGIC);
      int outLen = Integer.parseInt(head[2]);
      int errLen = Integer.parseInt(head[3]);
      int start = nl + 1;
      String out = new String(bytes, start, outLen, StandardCharsets.UTF_8);
      String err = new String(bytes, start + outLen, errLen, StandardCharsets.UTF_8);
      assertThat(bytes.length).isEqualTo(start + outLen + errLen);
      return new Answer(Integer.parseInt(head[1]), out, err);
    }
  }

  private Map<String, String> env() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("FLEET_REPO", dir.toString());
    env.put("FLEET_HOME", dir.resolve("home").toString());
    env.put("TEMPORAL_CONFIG_FILE", dir.resolve("no-such.toml").toString());
    try (ServerSocket nobody = new ServerSocket(0)) {
      env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + nobody.getLocalPort());
    }
    env.put("NOTE", "a value with spaces, = signs and ünïcode");
    for (String name : CliDaemon.JVM_WIDE) {
      if (System.getenv(name) != null) {
        env.put(name, System.getenv(name));
      }
    }
    return env;
  }

  private static Answer direct(List<String> args, Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        FleetCli.run(
            args.toArray(String[]::new),
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            false);
    return new Answer(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private CliDaemon daemon(String token) {
    return new CliDaemon(
        dir.resolve("cli-daemon"),
        token,
        "b1",
        Duration.ofMinutes(1),
        new PrintStream(OutputStream.nullOutputStream()));
  }

  @Test
  void a_call_answers_as_the_cli_itself_would() throws Exception {
    Map<String, String> env = env();
    for (List<String> args :
        List.of(
            List.of("--version"),
            List.of("status"),
            List.of("runs", "--limit", "0"),
            List.of("status", "no-such-run"))) {
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      daemon("t0k3n").answer(new ByteArrayInputStream(request("t0k3n", args, env)), answer);
      Answer expected = direct(args, env);
      Answer got = Answer.parse(answer.toByteArray());
      assertThat(got.code()).as(String.join(" ", args)).isEqualTo(expected.code());
      assertThat(got.out()).as(String.join(" ", args)).isEqualTo(expected.out());
      assertThat(got.err()).as(String.join(" ", args)).isEqualTo(expected.err());
    }
  }

  @Test
  void a_call_without_the_token_gets_no_answer() throws Exception {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    daemon("right")
        .answer(new ByteArrayInputStream(request("wrong", List.of("--version"), env())), answer);
    assertThat(answer.size()).isZero();
  }

  @Test
  void a_call_from_another_directory_or_time_zone_is_left_to_a_jvm_of_its_own() throws Exception {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    daemon("t")
        .answer(
            new ByteArrayInputStream(request("t", dir.toString(), List.of("--version"), env())),
            answer);
    assertThat(answer.size()).isZero();
    Map<String, String> otherZone = env();
    otherZone.put("TZ", "Pacific/Chatham-" + System.nanoTime());
    daemon("t")
        .answer(new ByteArrayInputStream(request("t", List.of("--version"), otherZone)), answer);
    assertThat(answer.size()).isZero();
  }

  @Test
  void a_malformed_call_is_refused_with_what_was_wrong() {
    assertThatThrownBy(
            () ->
                DaemonRequest.read(
                    new ByteArrayInputStream("tok\0/tmp\0yes\0".getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("terminal flag must be 0 or 1, got 'yes'");
    assertThatThrownBy(
            () ->
                DaemonRequest.read(
                    new ByteArrayInputStream("tok\0/tmp\0".getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("ended before the terminal flag");
    assertThatThrownBy(
            () ->
                DaemonRequest.read(
                    new ByteArrayInputStream(
                        "tok\0/tmp\0001\0two\0".getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("number of arguments must be a number, got 'two'");
  }

  @Test
  void it_serves_over_loopback_writes_its_state_for_its_user_only_and_leaves_when_replaced()
      throws Exception {
    CliDaemon daemon = daemon("s3cret");
    Path state = dir.resolve("cli-daemon");
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread serving =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      daemon.serve(server);
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  });
      for (int i = 0; i < 100 && !Files.exists(state); i++) {
        Thread.sleep(50);
      }
      List<String> lines = Files.readAllLines(state);
      assertThat(lines)
          .contains(
              "port=" + server.getLocalPort(),
              "token=s3cret",
              "pid=" + ProcessHandle.current().pid(),
              "build=b1");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
          .isEqualTo("rw-------");
      // another daemon takes the file over: this one answers the call in hand, then leaves
      Files.writeString(state, "pid=1\n");
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        socket.getOutputStream().write(request("s3cret", List.of("--version"), env()));
        Answer answer = Answer.parse(socket.getInputStream().readAllBytes());
        assertThat(answer.code()).isZero();
        assertThat(answer.out()).startsWith("Agent Fleet ");
      }
      serving.join(Duration.ofSeconds(10));
      assertThat(serving.isAlive()).isFalse();
    }
  }
}
