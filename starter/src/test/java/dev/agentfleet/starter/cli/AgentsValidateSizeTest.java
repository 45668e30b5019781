package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding "agents validate on a YAML file with one huge value takes 72 s and 2 GB at 16
 * MB": the file's size is checked before it is read, and an oversized playbook is refused at once
 * with a message that names the file, its size and the limit.
 */
class AgentsValidateSizeTest {

  @TempDir Path repo;

  @Test
  void sixteen_megabyte_playbook_is_refused_in_under_a_second() throws IOException {
    // given: a playbook whose description is one 16 MiB scalar
    Path file = repo.resolve("huge.yaml");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("name: huge\ndescription: \"");
      char[] chunk = new char[64 * 1024];
      java.util.Arrays.fill(chunk, 'x');
      for (int i = 0; i < 256; i++) {
        out.write(chunk);
      }
      out.write("\"\nsteps:\n  - {id: done, kind: end, status: completed}\n");
    }
    CliHarness cli = new CliHarness(repo);

    // when
    long started = System.nanoTime();
    int exit = cli.fleet("agents", "validate", file.toString());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    // then
    assertThat(exit).isEqualTo(1);
    assertThat(took).isLessThan(Duration.ofSeconds(1));
    assertThat(cli.stdout())
        .contains(file + ":1:1: the playbook is " + Files.size(file) + " bytes")
        .contains("over the 1048576 a playbook may have (1 MiB); it is refused unread");
  }

  @Test
  void playbook_that_is_not_utf8_is_refused_with_its_name() throws IOException {
    Path file = repo.resolve("latin1.yaml");
    Files.write(file, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    CliHarness cli = new CliHarness(repo);

    assertThat(cli.fleet("agents", "validate", file.toString())).isNotZero();

    assertThat(cli.stderr()).contains(file.toString()).contains("is not valid UTF-8 text");
  }
}
