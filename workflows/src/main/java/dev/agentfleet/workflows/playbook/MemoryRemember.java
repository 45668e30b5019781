package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.agentfleet.workflows.run.RunStatus;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent's opt-in to remembering how a run ended, so later runs of the same agent can recall it
 * as a similar case. When the run ends in one of {@code statuses}, the workflow stores {@code text}
 * (the case, as later steps will search for it) and {@code outcome} (what was decided) in the
 * short-term memory for {@code ttl}. Only what these templates render is stored, cut to the token
 * budget: never more personal data than the playbook declares here.
 *
 * @param namespace the memory to write to; model steps recall from it by the same name
 * @param text a template over the run state ({@code input}, {@code steps}, {@code run}, where
 *     {@code run.status} and {@code run.outcome} say how the run ended)
 * @param outcome named templates for the outcome summary, for example the category and resolution
 * @param ttl how long the case is remembered, an ISO-8601 duration such as {@code P30D}
 * @param statuses the terminal statuses worth remembering; {@code [completed]} when absent
 * @param maxTokens the budget of the stored text; {@link ModelStep#DEFAULT_CONTEXT_TOKENS} when
 *     absent
 */
public record MemoryRemember(
    String namespace,
    String text,
    Map<String, String> outcome,
    String ttl,
    List<RunStatus> statuses,
    Integer maxTokens) {

  public MemoryRemember {
    outcome =
        outcome == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outcome));
    statuses =
        statuses == null || statuses.isEmpty()
            ? List.of(RunStatus.COMPLETED)
            : List.copyOf(statuses);
    maxTokens = maxTokens == null ? ModelStep.DEFAULT_CONTEXT_TOKENS : maxTokens;
  }

  /** The time to live as a duration; the validator has checked that it parses. */
  @JsonIgnore
  public Duration ttlDuration() {
    return Duration.parse(ttl);
  }
}
