package dev.agentfleet.workflows.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import java.util.List;

/**
 * What a worker decided about a run's definition; the run records it in its history (as the local
 * activity's result), so a replay never asks again.
 *
 * <ul>
 *   <li>trusted: {@code definition} is set, {@code problems} is empty, {@code refusal} is null;
 *   <li>trusted by reference: as trusted, but {@code definition} is null and {@code sha256} names
 *       it; the run reads it from the worker's {@link DefinitionLibrary}, so its history does not
 *       carry the definition;
 *   <li>invalid: a local definition a development worker accepted but that cannot run ({@code
 *       problems} lists why);
 *   <li>refused: {@code refusal} says why; the run ends refused before any step.
 * </ul>
 *
 * @param sha256 the whole hash of the definition that runs; null when refused or unknown
 * @param trustedAs why the worker trusts it (deployed file, signing key), for the audit log
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DefinitionVerdict(
    AgentDefinition definition,
    String sha256,
    String trustedAs,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> problems,
    String refusal) {

  public DefinitionVerdict {
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  public static DefinitionVerdict trusted(TrustedDefinition trusted) {
    return new DefinitionVerdict(
        trusted.definition(), trusted.sha256(), trusted.trustedAs(), List.of(), null);
  }

  /** Trusted, named by its hash alone: the run reads it from the worker's library. */
  public static DefinitionVerdict trustedByReference(TrustedDefinition trusted) {
    return new DefinitionVerdict(null, trusted.sha256(), trusted.trustedAs(), List.of(), null);
  }

  public static DefinitionVerdict invalid(AgentDefinition definition, List<String> problems) {
    return new DefinitionVerdict(definition, null, null, problems, null);
  }

  public static DefinitionVerdict refused(String reason) {
    return new DefinitionVerdict(null, null, null, List.of(), reason);
  }

  /** True when the run may walk the definition's steps. */
  public boolean runnable() {
    return refusal == null && (definition != null || sha256 != null) && problems.isEmpty();
  }
}
