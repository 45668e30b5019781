package dev.agentfleet.starter.cli;

import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.FailurePolicy;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.RetrySpec;
import dev.agentfleet.workflows.playbook.StepDef;
import dev.agentfleet.workflows.playbook.lint.StepGraph;
import dev.agentfleet.workflows.playbook.lint.StepGraph.Edge;
import dev.agentfleet.workflows.playbook.lint.StepGraph.Route;
import dev.agentfleet.workflows.playbook.lint.StepGraph.Step;
import dev.agentfleet.workflows.steps.FailurePolicies;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Draws a playbook's step graph: as indented text, and as a Mermaid flowchart. */
final class StepGraphView {

  private static final Set<String> HAVE_FAILURE_POLICIES =
      Set.of("model", "action", "notify", "map", "agent");

  private StepGraphView() {}

  /** Each step with its kind and purpose, then its routes and what it does when it fails. */
  static String text(Playbook playbook, StepGraph graph) {
    AgentDefinition definition = playbook.definition();
    StringBuilder out = new StringBuilder();
    out.append(definition.name())
        .append(" — version ")
        .append(playbook.hash())
        .append(", ")
        .append(graph.steps().size())
        .append(graph.steps().size() == 1 ? " step" : " steps")
        .append(", starts at ")
        .append(graph.start())
        .append(", at most ")
        .append(definition.maxSteps())
        .append(" steps a run\n");
    if (definition.description() != null && !definition.description().isBlank()) {
      out.append("  ")
          .append(definition.description().strip().replaceAll("\\s+", " "))
          .append('\n');
    }
    for (Step step : graph.steps()) {
      out.append('\n').append(step.id()).append(" (").append(step.kind()).append(')');
      if (step.purpose() != null) {
        out.append(" — ").append(step.purpose());
      }
      out.append('\n');
      List<Edge> edges = graph.from(step.id());
      int width = edges.stream().mapToInt(e -> e.label().length()).max().orElse(0);
      for (Edge edge : edges) {
        out.append("    ")
            .append(edge.label())
            .append(" ".repeat(width - edge.label().length()))
            .append(" → ")
            .append(edge.to())
            .append('\n');
      }
      if (edges.isEmpty() && step.kind().equals("end")) {
        out.append("    ends the run\n");
      }
      definition
          .step(step.id())
          .map(StepGraphView::failure)
          .ifPresent(line -> out.append("    on failure: ").append(line).append('\n'));
    }
    return out.toString();
  }

  /** What the step does when it fails for good, or null when it routes failures with onError. */
  static String failure(StepDef step) {
    if (!HAVE_FAILURE_POLICIES.contains(step.kind()) || FailurePolicies.onError(step) != null) {
      return null;
    }
    FailurePolicy declared = FailurePolicies.declared(step);
    String then = FailurePolicies.outcome(step).wireName();
    StringBuilder line = new StringBuilder();
    RetrySpec retry = declared == null ? null : declared.retry();
    if (retry != null && retry.maxAttempts() != null) {
      line.append(retry.maxAttempts() == 1 ? "no retry" : retry.maxAttempts() + " attempts")
          .append(", then ");
    } else {
      line.append("default retries, then ");
    }
    line.append(then);
    if (declared == null || declared.then() == null) {
      line.append(" (default)");
    } else if (then.equals("escalate")) {
      line.append(" to ").append(declared.reviewRole());
    } else if (then.equals("alert") && declared.alert() != null) {
      line.append(" by ")
          .append(declared.alert().channel())
          .append(declared.alert().stops() ? ", then the run fails" : ", then on to next");
    }
    return line.toString();
  }

  /** A Mermaid flowchart of the graph, in a fenced block ready for Markdown. */
  static String mermaid(StepGraph graph) {
    Map<String, String> node = new HashMap<>();
    StringBuilder out = new StringBuilder("```mermaid\nflowchart TD\n");
    for (Step step : graph.steps()) {
      String id = "s" + step.index();
      node.putIfAbsent(step.id(), id);
      String label =
          escape(step.id())
              + "<br/>"
              + escape(step.kind())
              + (step.purpose() == null ? "" : ": " + escape(step.purpose()));
      out.append("  ").append(id).append(shape(step.kind(), label)).append('\n');
    }
    if (graph.start() != null && node.containsKey(graph.start())) {
      out.append("  start_((start)) --> ").append(node.get(graph.start())).append('\n');
    }
    for (Edge edge : graph.edges()) {
      String from = node.get(edge.from());
      String to = node.get(edge.to());
      if (from == null || to == null) {
        continue;
      }
      out.append("  ")
          .append(from)
          .append(edge.route() == Route.FAILURE ? " -.->|" : " -->|")
          .append(edge.label().replaceAll("[|\"<>{}\\[\\]()]", " ").strip())
          .append("| ")
          .append(to)
          .append('\n');
    }
    return out.append("```\n").toString();
  }

  private static String shape(String kind, String label) {
    String quoted = "\"" + label + "\"";
    return switch (kind) {
      case "route" -> "{" + quoted + "}";
      case "approval" -> "{{" + quoted + "}}";
      case "action", "notify" -> "[/" + quoted + "/]";
      case "wait" -> "([" + quoted + "])";
      case "end" -> "((" + quoted + "))";
      default -> "[" + quoted + "]";
    };
  }

  private static String escape(String text) {
    return text.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
  }
}
