package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet agents}, {@code agents validate} and {@code agents show}, without a server. */
class AgentsCommandTest {

  private static final Path SHIPPED = Path.of("..", "agents", "support-triage.yaml");
  private static final Path FIXTURE =
      Path.of("src", "test", "resources", "playbooks", "order-refund.yaml");

  private static final String BROKEN =
      """
      name: broken
      steps:
        - id: decide
          kind: route
          rules:
            - {name: big, when: "input.amount >", next: done}
          otherwise: nowhere
        - {id: done, kind: end, status: completed}
      """;

  @TempDir Path repo;

  private CliHarness cli;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void anAgentsFolderWithOnePlaybook() throws IOException {
    cli = new CliHarness(repo);
    Files.createDirectories(repo.resolve("agents"));
    Files.copy(FIXTURE, repo.resolve("agents/order-refund.yaml"));
  }

  @Test
  void lists_the_agents_with_version_step_count_and_description() throws IOException {
    assertThat(cli.fleet("agents", "--json")).isZero();

    JsonNode agents = json.readTree(cli.stdout());
    assertThat(agents).hasSize(1);
    JsonNode agent = agents.get(0);
    assertThat(agent.fieldNames())
        .toIterable()
        .containsExactly("name", "version", "steps", "description");
    assertThat(agent.get("name").asText()).isEqualTo("order-refund");
    assertThat(agent.get("version").asText()).matches("[0-9a-f]{12}");
    assertThat(agent.get("steps").asInt()).isEqualTo(9);
    assertThat(agent.get("description").asText()).startsWith("Extract the order and amount");

    assertThat(cli.fleet("agents")).isZero();
    assertThat(cli.stdout())
        .contains("NAME", "VERSION", "STEPS")
        .contains("order-refund  " + agent.get("version").asText() + "  9 ");
  }

  @Test
  void an_empty_agents_folder_says_where_agents_go() throws IOException {
    Files.delete(repo.resolve("agents/order-refund.yaml"));

    assertThat(cli.fleet("agents")).isZero();
    assertThat(cli.stdout()).startsWith("no agents in agents (add NAME.yaml there");
    assertThat(cli.fleet("agents", "--json")).isZero();
    assertThat(json.readTree(cli.stdout())).isEmpty();
  }

  @Test
  void a_broken_playbook_in_the_folder_is_named_on_stderr_and_fails_the_listing()
      throws IOException {
    Files.writeString(repo.resolve("agents/broken.yaml"), BROKEN);

    assertThat(cli.fleet("agents", "--json")).isEqualTo(1);

    assertThat(json.readTree(cli.stdout())).hasSize(1);
    assertThat(cli.stderr())
        .contains("error: agents/broken.yaml is not a valid playbook (2 problems)")
        .contains("./fleet agents validate agents/broken.yaml");
  }

  @Test
  void validate_checks_a_classify_steps_data_file_row_by_row() throws IOException {
    Files.createDirectories(repo.resolve("agents/data"));
    Files.writeString(
        repo.resolve("agents/intents.yaml"),
        """
        name: intents
        steps:
          - id: classify
            kind: model
            tier: small
            task: classify
            prompt: "{{input.text}}"
            labels: [card_arrival, lost_card]
            examples: {file: data/intents.csv, text: text, label: category}
            output: {type: object, properties: {category: {type: string}}}
            next: done
          - {id: done, kind: end, status: completed}
        """);
    Files.writeString(
        repo.resolve("agents/data/intents.csv"),
        "text,category\nwhere is my card,card_arrival\nteleport me,teleport\n,lost_card\n");

    assertThat(cli.fleet("agents", "validate", "intents")).isNotZero();

    assertThat(cli.stdout() + cli.stderr())
        .contains(
            "step 'classify'.examples.file: data/intents.csv:3: label 'teleport' is not one of"
                + " the step's labels")
        .contains("data/intents.csv:4: 'text' is missing or empty");

    Files.writeString(
        repo.resolve("agents/data/intents.csv"),
        "text,category\nwhere is my card,card_arrival\nI lost my card,lost_card\n");
    assertThat(cli.fleet("agents", "validate", "intents")).isZero();
  }

  @Test
  void validate_says_valid_with_agent_version_and_steps() {
    assertThat(cli.fleet("agents", "validate", FIXTURE.toString(), SHIPPED.toString())).isZero();

    assertThat(cli.stdout().lines())
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .matches(
                        "\\Q"
                            + FIXTURE
                            + "\\E: valid \\(agent order-refund, version [0-9a-f]{12}, 9"
                            + " steps\\)"),
            line ->
                assertThat(line)
                    .matches(
                        "\\Q"
                            + SHIPPED
                            + "\\E: valid \\(agent support-triage, version [0-9a-f]{12}, \\d+"
                            + " steps\\)"));
  }

  @Test
  void validate_lists_every_problem_with_line_and_column_and_exits_1() throws IOException {
    Path file = repo.resolve("broken.yaml");
    Files.writeString(file, BROKEN);

    assertThat(cli.fleet("agents", "validate", file.toString())).isEqualTo(1);

    assertThat(cli.stdout().lines())
        .containsExactly(
            file
                + ":6:27: step 'decide'.rules['big'].when: CEL does not compile: at 1:15 of the"
                + " expression: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!',"
                + " 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES,"
                + " IDENTIFIER}",
            file + ":7:16: step 'decide'.otherwise: no step is called 'nowhere'");
    assertThat(cli.stderr()).contains("is not a valid playbook (2 problems)");
  }

  @Test
  void validate_refuses_a_misspelt_connector_operation_and_parameter_against_the_catalog()
      throws IOException {
    Path file = repo.resolve("misspelt.yaml");
    Files.writeString(
        file,
        """
        name: misspelt
        input: [{name: id, type: string, required: true}]
        steps:
          - {id: book, kind: action, connector: calender, operation: book, next: mail}
          - {id: mail, kind: action, connector: mailer, operation: sned, next: crm}
          - id: crm
            kind: action
            connector: crm
            operation: update
            params: {email: "{{input.id}}", stauts: won}
            next: done
          - {id: done, kind: end, status: completed}
        """);

    assertThat(cli.fleet("agents", "validate", file.toString())).isEqualTo(1);

    assertThat(cli.stdout().lines())
        .containsExactly(
            file
                + ":4:41: step 'book'.connector: unknown connector 'calender'; did you mean"
                + " 'calendar'?",
            file
                + ":5:60: step 'mail'.operation: unknown operation 'sned' of mailer; did you mean"
                + " 'send'?",
            file
                + ":10:13: step 'crm'.params: crm.update needs one of fields, name, company,"
                + " title, employees, country, lastContact, status, notes: fields to set",
            file
                + ":10:37: step 'crm'.params.stauts: unknown parameter 'stauts' of crm.update;"
                + " did you mean 'status'?");
  }

  @Test
  void validate_json_has_the_contract_fields() throws IOException {
    Path file = repo.resolve("broken.yaml");
    Files.writeString(file, BROKEN);

    assertThat(cli.fleet("agents", "validate", "--json", file.toString())).isEqualTo(1);

    JsonNode report = json.readTree(cli.stdout());
    assertThat(report.fieldNames()).toIterable().containsExactly("file", "valid", "problems");
    assertThat(report.get("valid").asBoolean()).isFalse();
    JsonNode problem = report.get("problems").get(1);
    assertThat(problem.fieldNames())
        .toIterable()
        .containsExactly("line", "column", "path", "message");
    assertThat(problem.get("line").asInt()).isEqualTo(7);
    assertThat(problem.get("column").asInt()).isEqualTo(16);
    assertThat(problem.get("path").asText()).isEqualTo("steps[0].otherwise");
    assertThat(problem.get("message").asText())
        .isEqualTo("step 'decide'.otherwise: no step is called 'nowhere'");
  }

  @Test
  void validate_takes_an_agent_name_and_several_files() throws IOException {
    Path file = repo.resolve("broken.yaml");
    Files.writeString(file, BROKEN);

    assertThat(cli.fleet("agents", "validate", "--json", "order-refund", file.toString()))
        .isEqualTo(1);

    JsonNode reports = json.readTree(cli.stdout());
    assertThat(reports).hasSize(2);
    assertThat(reports.get(0).get("file").asText()).isEqualTo("agents/order-refund.yaml");
    assertThat(reports.get(0).get("valid").asBoolean()).isTrue();
    assertThat(reports.get(0).get("problems")).isEmpty();
    assertThat(reports.get(1).get("valid").asBoolean()).isFalse();
  }

  @Test
  void validate_of_a_missing_file_says_so() {
    assertThat(cli.fleet("agents", "validate", "nope.yaml")).isEqualTo(1);
    assertThat(cli.stderr()).startsWith("error: no playbook at nope.yaml");
  }

  @Test
  void show_prints_each_step_with_labelled_routes_then_a_mermaid_flowchart() {
    assertThat(cli.fleet("agents", "show", "order-refund")).isZero();

    String out = cli.stdout();
    assertThat(out)
        .startsWith("order-refund — version ")
        .contains("9 steps, starts at extract, at most 30 steps a run\n")
        .contains(
            "extract (model) — Extract the order and the amount\n"
                + "    next → triage\n"
                + "    on failure: default retries, then escalate to support\n")
        .contains(
            "triage (route) — Refund small amounts, ask billing about the rest\n"
                + "    rule small_refund → refund\n"
                + "    otherwise         → billing\n")
        .contains(
            "billing (approval) — Billing decides, and may correct the amount\n"
                + "    approve → refund\n"
                + "    reject  → declined\n"
                + "    edit    → refund\n")
        .contains("refund (action) — Refund the customer\n    next → confirm\n")
        .contains("    on failure: 5 attempts, then dead-letter\n")
        .contains("    onFailure skip → wait_reply\n")
        .contains(
            "wait_reply (wait) — Give the customer two days to reply\n"
                + "    onSignal replied → reopened\n"
                + "    timeout          → refunded\n")
        .contains("declined (end) — Done\n    ends the run\n")
        .contains("```mermaid\nflowchart TD\n")
        .contains("  s1{\"triage<br/>route: Refund small amounts, ask billing about the rest\"}\n")
        .contains("  s2{{\"billing<br/>approval: Billing decides, and may correct the amount\"}}\n")
        .contains("  s5([\"wait_reply<br/>wait: Give the customer two days to reply\"])\n")
        .contains("  start_((start)) --> s0\n")
        .contains("  s1 -->|rule small_refund| s3\n")
        .contains("  s4 -.->|onFailure skip| s5\n")
        .contains("  s5 -->|onSignal replied| s7\n")
        .endsWith("```\n");
  }

  @Test
  void show_json_prints_the_step_graph_as_data() throws Exception {
    assertThat(cli.fleet("agents", "show", "order-refund", "--json")).isZero();

    var graph = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.stdout());
    assertThat(graph.path("agent").asText()).isEqualTo("order-refund");
    assertThat(graph.path("start").asText()).isEqualTo("extract");
    assertThat(graph.path("steps")).hasSize(9);
    assertThat(graph.path("steps").get(1).path("id").asText()).isEqualTo("triage");
    assertThat(graph.path("edges").findValuesAsText("label")).contains("rule small_refund");
  }

  @Test
  void show_refuses_an_invalid_playbook_with_its_problems() throws IOException {
    Files.writeString(repo.resolve("agents/broken.yaml"), BROKEN);

    assertThat(cli.fleet("agents", "show", "broken")).isEqualTo(1);

    assertThat(cli.stderr())
        .startsWith("error: agents/broken.yaml is not a valid playbook")
        .contains("agents/broken.yaml:7:16: step 'decide'.otherwise: no step is called 'nowhere'");
  }

  @Test
  void run_refuses_an_invalid_playbook_with_the_same_messages_and_starts_nothing()
      throws IOException {
    Files.writeString(repo.resolve("agents/broken.yaml"), BROKEN);

    assertThat(cli.fleet("run", "broken", "--input", "-")).isEqualTo(1);

    assertThat(cli.stderr())
        .startsWith("error: the playbook agents/broken.yaml cannot run — fix these problems:")
        .contains("  agents/broken.yaml:7:16: step 'decide'.otherwise: no step is called 'nowhere'")
        .doesNotContain("cannot reach Temporal");
  }
}
