package dev.agentfleet.starter.agents;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The agents a user can run: one playbook file {@code <name>.yaml} each, in the agents folder. An
 * invalid playbook is refused with every problem it has, each as {@code file:line:column: what is
 * wrong}, before any run starts.
 */
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

  /** One playbook in the folder, checked. */
  public record Entry(String fileName, Path file, LintResult check) {

    /** The agent's name as its playbook gives it, else as its file is called. */
    public String name() {
      return check.valid()
          ? check.playbook().definition().name()
          : fileName.substring(0, fileName.length() - ".yaml".length());
    }
  }

  /** Reads, parses and validates an agent's playbook, failing with every problem it has. */
  public Playbook load(String name) {
    LintResult check = check(file(name));
    if (!check.valid()) {
      throw new FleetException(
          "the playbook "
              + check.source()
              + " cannot run — fix these problems:"
              + System.lineSeparator()
              + "  "
              + String.join(System.lineSeparator() + "  ", check.messages()));
    }
    return check.playbook();
  }

  /** The playbook file of the agent with this name, which must exist. */
  public Path file(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new FleetException(
          "'" + name + "' is not an agent name (letters, digits, '.', '_', '-') — " + known());
    }
    Path file = folder.resolve(name + ".yaml");
    if (!Files.isRegularFile(file)) {
      throw new FleetException(
          "no agent '" + name + "': " + show.apply(file) + " does not exist — " + known());
    }
    return file;
  }

  /**
   * The playbook a command line names: a file when one exists at that path, else the agent of that
   * name in the folder.
   */
  public Path resolve(String fileOrName) {
    Path path = Path.of(fileOrName);
    if (Files.isRegularFile(path)) {
      return path;
    }
    if (fileOrName.endsWith(".yaml") || fileOrName.endsWith(".yml") || fileOrName.contains("/")) {
      throw new FleetException("no playbook at " + fileOrName + " — " + known());
    }
    return file(fileOrName);
  }

  /**
   * Checks the playbook a command line names (see {@link #resolve}); a file is named in messages as
   * it was given, so the {@code file:line:column} of each problem opens from where it was run.
   */
  public LintResult check(String fileOrName) {
    Path file = resolve(fileOrName);
    return check(file, Files.isRegularFile(Path.of(fileOrName)) ? fileOrName : show.apply(file));
  }

  /** Reads and checks one playbook file, whatever its problems; fails only when unreadable. */
  public LintResult check(Path file) {
    return check(file, show.apply(file));
  }

  private LintResult check(Path file, String source) {
    String text;
    try {
      // Size first: a huge file is refused without reading it (issue 11).
      long size = Files.size(file);
      if (PlaybookParser.tooLarge(size)) {
        return PlaybookParser.tooLarge(size, source);
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new FleetException(
          "cannot read "
              + source
              + ": it is not valid UTF-8 text; save it as UTF-8 (bytes are never replaced)");
    } catch (IOException e) {
      throw new FleetException("cannot read " + source + ": " + e.getMessage());
    }
    Path folder = file.toAbsolutePath().getParent();
    return PlaybookParser.check(text, source, relative -> readData(folder, relative));
  }

  /** A data file next to a playbook; nothing outside the playbook's folder is read. */
  private static byte[] readData(Path folder, String relative) throws IOException {
    Path data = folder.resolve(relative).normalize();
    if (!data.startsWith(folder) || !Files.isRegularFile(data)) {
      throw new NoSuchFileException(relative);
    }
    return Files.readAllBytes(data);
  }

  /** Every playbook in the folder, checked, by file name. */
  public List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    for (String name : names()) {
      Path file = folder.resolve(name + ".yaml");
      entries.add(new Entry(name + ".yaml", file, check(file)));
    }
    return entries;
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

  /** The folder, as messages name it. */
  public String folder() {
    return show.apply(folder);
  }

  private String known() {
    List<String> names = names();
    return names.isEmpty()
        ? "no agents in " + show.apply(folder) + " (set FLEET_AGENTS_DIR to another folder)"
        : "agents available: " + String.join(", ", names);
  }
}
