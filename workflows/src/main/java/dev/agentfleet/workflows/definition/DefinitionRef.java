package dev.agentfleet.workflows.definition;

import dev.agentfleet.workflows.playbook.Playbook;

/**
 * How a run names its agent definition: by the SHA-256 of the playbook text, never by the text
 * itself. The worker resolves the hash to a definition it trusts (see {@link DefinitionTrust}); the
 * agent name and subject field are what the client claims, used for labels (workflow ids, search
 * attributes, the summary) before the run has resolved anything, never to decide what runs.
 *
 * @param agent the agent's name as the client read it
 * @param sha256 the SHA-256 of the playbook text, 64 lowercase hex digits
 * @param subjectField the input field the client labels the run with; null when none
 */
public record DefinitionRef(String agent, String sha256, String subjectField) {

  /** The reference to a parsed playbook. */
  public static DefinitionRef of(Playbook playbook) {
    return new DefinitionRef(
        playbook.definition().name(), playbook.sha256(), playbook.definition().subjectField());
  }

  /** The definition's version as the fleet shows it: the first 12 hex digits of the hash. */
  public String shortHash() {
    return sha256 == null || sha256.length() < 12 ? sha256 : sha256.substring(0, 12);
  }

  /** True when {@code text} is a whole SHA-256 in lowercase hex. */
  public static boolean isSha256(String text) {
    return text != null && text.matches("[0-9a-f]{64}");
  }
}
