package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ContractValidatorTest {

  private final ContractValidator validator = new ContractValidator();
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void accepts_an_output_that_satisfies_the_schema() throws Exception {
    var output =
        mapper.readTree("{\"category\":\"spam\",\"confidence\":0.8,\"reasons\":[\"a link\"]}");

    assertThat(validator.validate(SupportFixtures.CLASSIFY_SCHEMA, output)).isEmpty();
  }

  @Test
  void names_each_violation_by_its_json_path() throws Exception {
    var output = mapper.readTree("{\"category\":\"gossip\",\"confidence\":1.5,\"extra\":true}");

    var violations = validator.validate(SupportFixtures.CLASSIFY_SCHEMA, output);

    assertThat(violations)
        .anySatisfy(v -> assertThat(v).startsWith("$.confidence:").contains("1"))
        .anySatisfy(v -> assertThat(v).startsWith("$.category:"))
        .anySatisfy(v -> assertThat(v).contains("reasons"))
        .anySatisfy(v -> assertThat(v).contains("extra"));
  }

  @Test
  void honours_an_older_draft_named_in_the_schema() throws Exception {
    // "dependencies" is a draft-07 keyword; draft 2020-12 would ignore it.
    String draft7 =
        """
        {"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
         "dependencies":{"refund":["orderId"]}}
        """;

    assertThat(validator.validate(draft7, mapper.readTree("{\"refund\":true}")))
        .singleElement()
        .asString()
        .contains("orderId");
  }

  @Test
  void checks_against_draft_2020_12_when_the_schema_names_no_draft() throws Exception {
    String tuple =
        """
        {"type":"array","prefixItems":[{"type":"string"},{"type":"number"}]}
        """;

    assertThat(validator.validate(tuple, mapper.readTree("[\"a\", \"b\"]")))
        .singleElement()
        .asString()
        .startsWith("$[1]:");
  }

  @Test
  void refuses_a_schema_that_is_not_json_as_unavailable() {
    assertThatThrownBy(() -> validator.validate("{not json", mapper.createObjectNode()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("not valid JSON");
  }
}
