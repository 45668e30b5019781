package dev.agentfleet.activities.definition;

import dev.agentfleet.workflows.definition.DefinitionSource;
import dev.agentfleet.workflows.definition.TrustedDefinition;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import dev.agentfleet.workflows.run.WorkflowIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The definitions deployed with the worker: every valid {@code *.yaml} playbook in its agents
 * folders ({@code FLEET_AGENTS_DIR}). The folders are read again when a file in them is added,
 * removed or changed (checked at most every {@value #RECHECK_MILLIS} ms), so a playbook deployed
 * while the worker runs is trusted without a restart. An invalid playbook is skipped with a warning
 * naming its problems; it is never trusted.
 */
public final class DeployedDefinitions implements DefinitionSource {

  private static final Logger log = LoggerFactory.getLogger(DeployedDefinitions.class);
  static final long RECHECK_MILLIS = 250;

  private final List<Path> folders;
  private Map<Path, String> stamp = Map.of();
  private List<TrustedDefinition> definitions = List.of();
  private long checkedAtNanos;
  private boolean checkedOnce;

  public DeployedDefinitions(List<Path> folders) {
    this.folders = folders.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  @Override
  public List<TrustedDefinition> find(String hexPrefix) {
    if (hexPrefix == null || hexPrefix.isEmpty()) {
      return List.of();
    }
    return current().stream().filter(d -> d.sha256().startsWith(hexPrefix)).toList();
  }

  @Override
  public String describe() {
    return "the worker's agents folder "
        + String.join(", ", folders.stream().map(Path::toString).toList());
  }

  /** Every trusted definition now, reading the folders again when they changed. */
  public synchronized List<TrustedDefinition> current() {
    long now = System.nanoTime();
    if (checkedOnce && now - checkedAtNanos < RECHECK_MILLIS * 1_000_000) {
      return definitions;
    }
    checkedOnce = true;
    checkedAtNanos = now;
    Map<Path, String> seen = scan();
    if (!seen.equals(stamp)) {
      definitions = load(seen.keySet());
      stamp = seen;
      log.info(
          "trusting {} deployed definition(s) from {}: {}",
          definitions.size(),
          folders,
          definitions.stream()
              .map(d -> d.definition().name() + "@" + d.sha256().substring(0, 12))
              .toList());
    }
    return definitions;
  }

  private Map<Path, String> scan() {
    Map<Path, String> seen = new HashMap<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> files = Files.list(folder)) {
        files
            .filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f))
            .forEach(
                f -> {
                  try {
                    seen.put(f, Files.getLastModifiedTime(f).toMillis() + ":" + Files.size(f));
                  } catch (IOException e) {
                    seen.put(f, "unreadable");
                  }
                });
      } catch (IOException e) {
        log.warn("cannot list the agents folder {}: {}", folder, e.getMessage());
      }
    }
    return seen;
  }

  private static List<TrustedDefinition> load(Iterable<Path> files) {
    List<TrustedDefinition> loaded = new ArrayList<>();
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        log.warn("cannot read deployed playbook {}: {}", file, e.getMessage());
        continue;
      }
      Path folder = file.toAbsolutePath().normalize().getParent();
      // Data files next to the playbook (a classify step's examples) are read and pinned by their
      // SHA-256 too, so the fit a run uses is the one deployed with this worker.
      LintResult checked =
          PlaybookParser.check(
              text,
              file.toString(),
              relative -> {
                Path data = folder.resolve(relative).normalize();
                if (!data.startsWith(folder) || !Files.isRegularFile(data)) {
                  throw new java.nio.file.NoSuchFileException(relative);
                }
                return Files.readAllBytes(data);
              });
      if (!checked.valid()) {
        log.warn(
            "deployed playbook {} is invalid and is not trusted: {}", file, checked.messages());
        continue;
      }
      loaded.add(
          new TrustedDefinition(
              checked.playbook().definition(), WorkflowIds.sha256(text), "deployed " + file));
    }
    return List.copyOf(loaded);
  }
}
