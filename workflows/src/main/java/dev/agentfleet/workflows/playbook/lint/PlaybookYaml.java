package dev.agentfleet.workflows.playbook.lint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The one YAML reading of playbooks: the checks and the binding to records see the same tree. */
public final class PlaybookYaml {

  /** Strict about fields, lenient about nulls for primitives (an absent flag is false). */
  public static final ObjectMapper MAPPER =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

  private PlaybookYaml() {}
}
