package dev.agentfleet.workflows.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a model step asks for. Providers choose their method from it. */
public enum ModelTask {
  /** Pick one of the step's labels, with a confidence and reasons. */
  CLASSIFY,
  /** Pull structured fields out of free text. */
  EXTRACT,
  /** Write text for a person (a reply, a summary). */
  DRAFT,
  /**
   * Render a text in another language, keeping a glossary's terms: the step's context names the
   * target {@code language} and may carry a {@code glossary} of term translations per language.
   */
  TRANSLATE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ModelTask parse(String value) {
    return ModelTask.valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
