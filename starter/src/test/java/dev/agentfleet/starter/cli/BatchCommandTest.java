package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet batch} and {@code fleet batch status}: argument handling, without a server. */
class BatchCommandTest {

  private static final Path FIXTURE =
      Path.of("src", "test", "resources", "playbooks", "order-refund.yaml");

  @TempDir Path repo;

  private CliHarness cli;
  private Path input;

  @BeforeEach
  void anAgentAndAnInput() throws IOException {
    cli = new CliHarness(repo);
    cli.env.put("FLEET_HOME", repo.resolve(".fleet").toString());
    Files.createDirectories(repo.resolve("agents"));
    Files.copy(FIXTURE, repo.resolve("agents/order-refund.yaml"));
    input = repo.resolve("records.jsonl");
    Files.writeString(input, "{\"id\":\"T-1\",\"subject\":\"hi\",\"body\":\"b\"}\n");
  }

  @Test
  void needs_an_agent_and_an_input() {
    assertThat(cli.fleet("batch")).isEqualTo(FleetCommand.USAGE);
    assertThat(cli.stderr()).contains("batch needs AGENT and --input FILE");

    assertThat(cli.fleet("batch", "order-refund")).isEqualTo(FleetCommand.USAGE);
    assertThat(cli.stderr()).contains("see ./fleet batch --help");
  }

  @Test
  void refuses_a_concurrency_out_of_range_and_an_unknown_format() {
    assertThat(
            cli.fleet("batch", "order-refund", "--input", input.toString(), "--concurrency", "0"))
        .isEqualTo(FleetCommand.USAGE);
    assertThat(cli.stderr()).contains("--concurrency must be between 1 and 1000, got 0");

    assertThat(
            cli.fleet(
                "batch", "order-refund", "--input", input.toString(), "--concurrency", "many"))
        .isEqualTo(FleetCommand.USAGE);

    assertThat(cli.fleet("batch", "order-refund", "--input", input.toString(), "--format", "xml"))
        .isEqualTo(FleetCommand.USAGE);
    assertThat(cli.stderr()).contains("--format must be jsonl or csv, got 'xml'");
  }

  @Test
  void says_what_is_missing_before_it_needs_a_server() {
    assertThat(cli.fleet("batch", "no-such-agent", "--input", input.toString())).isEqualTo(1);
    assertThat(cli.stderr()).contains("no-such-agent");

    assertThat(cli.fleet("batch", "order-refund", "--input", repo.resolve("nope.jsonl").toString()))
        .isEqualTo(1);
    assertThat(cli.stderr()).contains("input file").contains("does not exist");

    assertThat(cli.fleet("batch", "order-refund", "--input", input.toString())).isEqualTo(1);
    assertThat(cli.stderr()).contains("cannot reach Temporal").contains("./fleet up");
  }

  @Test
  void status_is_a_subcommand_that_needs_a_batch_id() {
    assertThat(cli.fleet("batch", "status")).isEqualTo(FleetCommand.USAGE);
    assertThat(cli.stderr()).contains("BATCH_ID");

    assertThat(cli.fleet("batch", "status", "batch/order-refund/0123456789ab")).isEqualTo(1);
    assertThat(cli.stderr()).contains("cannot reach Temporal");

    assertThat(cli.fleet("batch", "--help")).isZero();
    assertThat(cli.stdout()).contains("--concurrency").contains("--detach").contains("status");
  }
}
