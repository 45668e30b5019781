package dev.agentfleet.workflows.playbook.lint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

/** The one YAML reading of playbooks: the checks and the binding to records see the same tree. */
public final class PlaybookYaml {

  /**
   * The largest playbook read, in characters (and the largest file, in bytes): 1 MiB, some eighty
   * times the largest shipped playbook. Longer text is refused before any YAML reading, since the
   * YAML reader holds a whole scalar in memory before its own code-point limit fires.
   */
  public static final int MAX_CHARS = 1024 * 1024;

  /** The YAML reader's own limits, matching {@link #MAX_CHARS}. */
  static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CHARS);
    return options;
  }

  /** Strict about fields, lenient about nulls for primitives (an absent flag is false). */
  public static final ObjectMapper MAPPER =
      new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

  private PlaybookYaml() {}
}
