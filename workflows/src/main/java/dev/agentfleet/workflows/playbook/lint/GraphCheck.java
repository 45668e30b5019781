package dev.agentfleet.workflows.playbook.lint;

import dev.agentfleet.workflows.connector.NearestName;
import dev.agentfleet.workflows.playbook.lint.StepGraph.Edge;
import dev.agentfleet.workflows.playbook.lint.StepGraph.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the step graph: every route leads to a step that exists, every step can be reached from
 * the start, and every loop is held by something outside the run.
 *
 * <p>The loop rule: a cycle of steps must pass through an approval or a wait step (a person or the
 * clock decides whether it goes round again), or the playbook must set {@code maxSteps} itself. A
 * run's {@code maxSteps} (50 by default) ends any run that went too far, but a loop of model, route
 * and action steps that only the default stops is far more likely a routing mistake than a plan;
 * writing {@code maxSteps} says the loop is meant and how far it may go.
 */
final class GraphCheck {

  private static final Set<String> HOLDS_A_LOOP = Set.of("approval", "wait");

  private GraphCheck() {}

  static void check(StepGraph graph, boolean maxStepsDeclared, Findings findings) {
    Map<String, Step> ids = new LinkedHashMap<>();
    for (Step step : graph.steps()) {
      if (step.id() != null) {
        ids.putIfAbsent(step.id(), step);
      }
    }
    if (ids.isEmpty()) {
      return;
    }
    references(graph, ids, findings);
    if (graph.start() == null || !ids.containsKey(graph.start())) {
      return;
    }
    reachability(graph, ids, findings);
    if (!maxStepsDeclared) {
      loops(graph, ids, findings);
    }
  }

  private static void references(StepGraph graph, Map<String, Step> ids, Findings findings) {
    if (graph.start() != null && !ids.containsKey(graph.start())) {
      findings.at(graph.startPath(), noStep(graph.start(), ids.keySet()));
    }
    for (Edge edge : graph.edges()) {
      if (!ids.containsKey(edge.to()) && !edge.label().startsWith("onFailure")) {
        findings.at(edge.path(), noStep(edge.to(), ids.keySet()));
      }
    }
  }

  private static void reachability(StepGraph graph, Map<String, Step> ids, Findings findings) {
    Set<String> reached = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    queue.add(graph.start());
    reached.add(graph.start());
    while (!queue.isEmpty()) {
      for (Edge edge : graph.from(queue.poll())) {
        if (ids.containsKey(edge.to()) && reached.add(edge.to())) {
          queue.add(edge.to());
        }
      }
    }
    for (Step step : ids.values()) {
      if (!reached.contains(step.id())) {
        findings.at(
            YamlPath.key(YamlPath.index("steps", step.index()), "id"),
            "no route from the start step '"
                + graph.start()
                + "' leads here, so this step never runs; route to it or remove it");
      }
    }
  }

  /** Finds the cycles among steps that hold nothing (Tarjan's strongly connected components). */
  private static void loops(StepGraph graph, Map<String, Step> ids, Findings findings) {
    Map<String, List<Edge>> out = new HashMap<>();
    for (Edge edge : graph.edges()) {
      if (free(edge.from(), ids) && free(edge.to(), ids)) {
        out.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge);
      }
    }
    Tarjan tarjan = new Tarjan(out);
    for (String id : ids.keySet()) {
      if (free(id, ids) && !tarjan.index.containsKey(id)) {
        tarjan.connect(id);
      }
    }
    for (List<String> component : tarjan.components) {
      Set<String> members = new HashSet<>(component);
      String first =
          component.stream().min((a, b) -> ids.get(a).index() - ids.get(b).index()).orElseThrow();
      List<Edge> cycle = cycleThrough(first, members, out);
      if (cycle.isEmpty()) {
        continue; // a single step without an edge to itself
      }
      StringBuilder route = new StringBuilder(first);
      cycle.forEach(e -> route.append(" → ").append(e.to()));
      findings.at(
          cycle.get(cycle.size() - 1).path(),
          "the loop "
              + route
              + " has no approval or wait step in it, so only the run's step limit stops it;"
              + " route it through an approval or a wait step, or set maxSteps to say how far it"
              + " may go");
    }
  }

  private static boolean free(String id, Map<String, Step> ids) {
    Step step = ids.get(id);
    return step != null && !HOLDS_A_LOOP.contains(step.kind());
  }

  /** The shortest way from the step back to itself inside its component, as edges. */
  private static List<Edge> cycleThrough(
      String first, Set<String> members, Map<String, List<Edge>> out) {
    Map<String, Edge> via = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(first));
    while (!queue.isEmpty()) {
      String at = queue.poll();
      for (Edge edge : out.getOrDefault(at, List.of())) {
        if (!members.contains(edge.to())) {
          continue;
        }
        if (edge.to().equals(first)) {
          List<Edge> cycle = new ArrayList<>(List.of(edge));
          for (String back = at; !back.equals(first); back = via.get(back).from()) {
            cycle.add(0, via.get(back));
          }
          return cycle;
        }
        if (!via.containsKey(edge.to())) {
          via.put(edge.to(), edge);
          queue.add(edge.to());
        }
      }
    }
    return List.of();
  }

  private static String noStep(String id, Set<String> known) {
    String near = null;
    for (String candidate : known) {
      if (NearestName.distance(candidate, id) <= 2) {
        near = candidate;
        break;
      }
    }
    return "no step is called '"
        + id
        + "'"
        + (near == null ? "" : "; did you mean '" + near + "'?");
  }

  private static final class Tarjan {
    private final Map<String, List<Edge>> out;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private final List<List<String>> components = new ArrayList<>();

    Tarjan(Map<String, List<Edge>> out) {
      this.out = out;
    }

    void connect(String v) {
      index.put(v, index.size());
      low.put(v, index.get(v));
      stack.push(v);
      onStack.add(v);
      for (Edge edge : out.getOrDefault(v, List.of())) {
        String w = edge.to();
        if (!index.containsKey(w)) {
          connect(w);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) {
        List<String> component = new ArrayList<>();
        String w;
        do {
          w = stack.pop();
          onStack.remove(w);
          component.add(w);
        } while (!w.equals(v));
        components.add(component);
      }
    }
  }
}
