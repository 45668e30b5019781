package dev.agentfleet.workflows.playbook.lint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A playbook's steps and the edges between them, read from the playbook as written: every {@code
 * next}, rule, decision, signal and error route, each labelled and filed under the path it was
 * written at. The checks walk it for references, reachability and loops; {@code fleet agents show}
 * draws it.
 *
 * @param start the id of the first step: {@code start}, or the first listed step
 * @param startPath where the start was written ({@code start}), or the first step's id
 */
public record StepGraph(String start, String startPath, List<Step> steps, List<Edge> edges) {

  /** One step as listed, with what a reader needs to recognise it. */
  public record Step(int index, String id, String kind, String purpose) {}

  /** What kind of route an edge is, for drawing it. */
  public enum Route {
    /** The way on: next, approve, a rule, otherwise, an arrived signal. */
    FLOW,
    /** The way when something failed: onError, onFailure skip or alert. */
    FAILURE
  }

  /**
   * One way from a step to another.
   *
   * @param label what takes this way: {@code next}, {@code rule auto_refund_small}, {@code
   *     approve}, {@code onSignal replied}, {@code timeout}, {@code onError}, ...
   * @param path where the target was written, for a problem with it
   */
  public record Edge(String from, String to, String label, Route route, String path) {}

  public StepGraph {
    steps = List.copyOf(steps);
    edges = List.copyOf(edges);
  }

  /** The step with this id, the first one when the id is used twice. */
  public Optional<Step> step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** The edges that leave the step, in the order they were written. */
  public List<Edge> from(String id) {
    return edges.stream().filter(e -> e.from().equals(id)).toList();
  }

  /** Reads the graph off a playbook tree; a tree that is not a playbook gives an empty graph. */
  public static StepGraph of(JsonNode root) {
    List<Step> steps = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    JsonNode list = root == null ? null : root.path("steps");
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        JsonNode step = list.get(i);
        String id = text(step.path("id"));
        steps.add(new Step(i, id, text(step.path("kind")), text(step.path("purpose"))));
        edges(step, id, YamlPath.index("steps", i), edges);
      }
    }
    String start = root == null ? null : text(root.path("start"));
    String startPath = "start";
    if (start == null && !steps.isEmpty()) {
      start = steps.get(0).id();
      startPath = "steps[0].id";
    }
    return new StepGraph(start, startPath, steps, edges);
  }

  private static void edges(JsonNode step, String id, String path, List<Edge> edges) {
    if (id == null || !step.isObject()) {
      return;
    }
    String kind = String.valueOf(text(step.path("kind")));
    Map<String, String> labels = new LinkedHashMap<>();
    if (kind.equals("wait")) {
      String signal = text(step.path("signal"));
      labels.put("onSignal", "onSignal " + signal);
      labels.put("next", signal == null ? "after " + text(step.path("duration")) : "timeout");
    } else {
      labels.put("next", "next");
    }
    labels.put("onApprove", "approve");
    labels.put("onEdit", "edit");
    labels.put("onReject", "reject");
    JsonNode rules = step.path("rules");
    for (int j = 0; j < rules.size(); j++) {
      JsonNode rule = rules.get(j);
      String to = text(rule.path("next"));
      if (to != null) {
        String rulePath = YamlPath.key(YamlPath.index(YamlPath.key(path, "rules"), j), "next");
        String name = text(rule.path("name"));
        edges.add(new Edge(id, to, "rule " + (name == null ? j : name), Route.FLOW, rulePath));
      }
    }
    labels.put("otherwise", "otherwise");
    labels.forEach(
        (key, label) -> {
          String to = text(step.path(key));
          if (to != null) {
            edges.add(new Edge(id, to, label, Route.FLOW, YamlPath.key(path, key)));
          }
        });
    String onApprove = text(step.path("onApprove"));
    if (step.path("edit").isObject() && text(step.path("onEdit")) == null && onApprove != null) {
      // an accepted edit goes on where an approval does
      edges.add(new Edge(id, onApprove, "edit", Route.FLOW, YamlPath.key(path, "onApprove")));
    }
    String onError = text(step.path("onError"));
    if (onError != null) {
      edges.add(new Edge(id, onError, "onError", Route.FAILURE, YamlPath.key(path, "onError")));
    }
    JsonNode policy = step.path("onFailure");
    String then = text(policy.path("then"));
    String next = text(step.path("next"));
    boolean continues =
        "skip".equals(then)
            || ("alert".equals(then) && !policy.path("alert").path("stop").asBoolean(false));
    if (continues && next != null) {
      edges.add(
          new Edge(
              id,
              next,
              "onFailure " + then,
              Route.FAILURE,
              YamlPath.key(YamlPath.key(path, "onFailure"), "then")));
    }
  }

  private static String text(JsonNode node) {
    return node == null || !node.isValueNode() || node.isNull() || node.asText().isBlank()
        ? null
        : node.asText();
  }
}
