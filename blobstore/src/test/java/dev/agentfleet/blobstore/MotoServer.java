package dev.agentfleet.blobstore;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3-compatible server for tests: moto's server mode ({@code moto_server}, from PyPI's
 * {@code moto[server]}), started on a free loopback port before the class's tests and stopped after
 * them. It speaks S3 over HTTP and keeps everything in memory, and it accepts any access key.
 *
 * <p>The binary is looked up in the repository's tool venv ({@code .fleet/tools/venv/bin}, where
 * {@code ./fleet test} and {@code .ci/run} install it) and then on {@code PATH}. When neither has
 * it the tests fail, saying how to install it: a store nobody tested is not a store we ship.
 */
final class MotoServer implements BeforeAllCallback, AfterAllCallback {

  private static final int START_ATTEMPTS = 3;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private Process process;
  private Path log;
  private int port;

  /** The server's base URL, for {@code FLEET_S3_ENDPOINT}. */
  URI endpoint() {
    if (process == null) {
      throw new IllegalStateException(
          "MotoServer is not started: register it with @RegisterExtension on a static field");
    }
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path binary = binary();
    log = Files.createTempFile("fleet-moto-", ".log");
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      port = freePort();
      process =
          new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (awaitReady()) {
        return;
      }
      // Another process may have taken the port between the probe and the start: try another.
      stop();
    }
    throw new IllegalStateException(
        binary + " did not start serving within " + START_TIMEOUT + ":\n" + Files.readString(log));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    stop();
    if (log != null) {
      Files.deleteIfExists(log);
    }
  }

  private boolean awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/moto-api/"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (ConnectException notYet) {
        // Not listening yet.
      } catch (IOException e) {
        // A half-started server may drop the connection; ask again.
      }
      Thread.sleep(100);
    }
    return false;
  }

  private void stop() {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** The moto_server to run, or a failure that says how to install one. */
  static Path binary() {
    Optional<Path> repo = repo();
    Optional<Path> venv =
        repo.map(r -> r.resolve(".fleet/tools/venv/bin/moto_server")).filter(Files::isExecutable);
    if (venv.isPresent()) {
      return venv.get();
    }
    String path = System.getenv("PATH");
    Optional<Path> onPath =
        path == null
            ? Optional.empty()
            : Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "moto_server"))
                .filter(Files::isExecutable)
                .findFirst();
    return onPath.orElseThrow(
        () ->
            new IllegalStateException(
                "the S3 blob store tests need moto's S3 server (moto_server) and found it neither"
                    + " in "
                    + repo.map(r -> r.resolve(".fleet/tools/venv/bin")).orElse(Path.of("?"))
                    + " nor on PATH; install it from the repository root with: python3 -m venv"
                    + " .fleet/tools/venv && .fleet/tools/venv/bin/pip install 'moto[server]'"
                    + " (./fleet test and .ci/run do this)"));
  }

  /** The repository root: the nearest folder above the working directory that holds mvnw. */
  private static Optional<Path> repo() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("blobstore"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
