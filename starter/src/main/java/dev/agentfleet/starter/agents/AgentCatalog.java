package dev.agentfleet.starter.agents;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookException;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The agents a user can run: one playbook file {@code <name>.yaml} each, in the agents folder. */
public final class AgentCatalog {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final Path folder;
  private final Function<Path, String> show;

  /**
   * @param show how a path is named in messages (relative to the repo where it lies inside it)
   */
  public AgentCatalog(Path folder, Function<Path, String> show) {
    this.folder = folder;
    this.show = show;
  }

  /** Reads, parses and validates an agent's playbook, failing with every problem it has. */
  public Playbook load(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new FleetException(
          "'" + name + "' is not an agent name (letters, digits, '.', '_', '-') — " + known());
    }
    Path file = folder.resolve(name + ".yaml");
    if (!Files.isRegularFile(file)) {
      throw new FleetException(
          "no agent '" + name + "': " + show.apply(file) + " does not exist — " + known());
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FleetException("cannot read " + show.apply(file) + ": " + e.getMessage());
    }
    try {
      return PlaybookParser.parse(text, show.apply(file));
    } catch (PlaybookException e) {
      throw new FleetException(
          "the playbook "
              + show.apply(file)
              + " cannot run — fix these problems:"
              + System.lineSeparator()
              + "  "
              + String.join(System.lineSeparator() + "  ", e.problems()));
    }
  }

  /** The names of the agents in the folder, sorted. */
  public List<String> names() {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private String known() {
    List<String> names = names();
    return names.isEmpty()
        ? "no agents in " + show.apply(folder) + " (set FLEET_AGENTS_DIR to another folder)"
        : "agents available: " + String.join(", ", names);
  }
}
