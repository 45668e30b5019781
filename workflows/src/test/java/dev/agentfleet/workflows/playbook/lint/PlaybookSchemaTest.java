package dev.agentfleet.workflows.playbook.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schema of the playbook format (docs/playbook.schema.json, for editors) agrees
 * with the format: it accepts the shipped playbooks and the guide's example, and refuses what the
 * format refuses.
 */
class PlaybookSchemaTest {

  private static final Path SCHEMA = Path.of("..", "docs", "playbook.schema.json");
  private static final Path GUIDE = Path.of("..", "docs", "playbooks.md");

  private static JsonSchema schema() throws IOException {
    JsonNode tree = new ObjectMapper().readTree(Files.readString(SCHEMA, StandardCharsets.UTF_8));
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(tree);
    schema.initializeValidators();
    return schema;
  }

  private static Set<ValidationMessage> validate(String yaml) throws IOException {
    return schema().validate(PlaybookYaml.MAPPER.readTree(yaml));
  }

  static Stream<Path> shippedAgents() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "agents"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("shippedAgents")
  void the_schema_accepts_every_shipped_agent(Path file) throws IOException {
    assertThat(validate(Files.readString(file, StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void the_schema_accepts_the_guides_example() throws IOException {
    Matcher block =
        Pattern.compile("(?s)```yaml\\n(.*?)```")
            .matcher(Files.readString(GUIDE, StandardCharsets.UTF_8));
    assertThat(block.find()).isTrue();

    assertThat(validate(block.group(1))).isEmpty();
  }

  @Test
  void the_schema_is_itself_a_valid_json_schema() throws IOException {
    JsonSchema meta =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(java.net.URI.create("https://json-schema.org/draft/2020-12/schema"));
    JsonNode tree = new ObjectMapper().readTree(Files.readString(SCHEMA, StandardCharsets.UTF_8));

    assertThat(meta.validate(tree)).isEmpty();
  }

  @Test
  void the_schema_refuses_unknown_fields_kinds_and_missing_required_fields() throws IOException {
    String text =
        """
        name: x
        steps:
          - {id: a, kind: route, nxt: b, rules: [{name: r, when: "true", next: b}], otherwise: b}
          - {id: b, kind: finish}
          - {id: c, kind: approval, role: r, onApprove: b, onReject: b}
          - {id: d, kind: wait, duration: 2 days, next: b}
        """;

    assertThat(validate(text))
        .extracting(ValidationMessage::getMessage)
        .anyMatch(m -> m.contains("$.steps[0]") && m.contains("nxt"))
        .anyMatch(m -> m.contains("$.steps[1].kind"))
        .anyMatch(m -> m.contains("$.steps[2]") && m.contains("deadline"))
        .anyMatch(m -> m.contains("$.steps[3].duration"));
  }
}
