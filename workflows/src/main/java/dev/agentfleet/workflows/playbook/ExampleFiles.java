package dev.agentfleet.workflows.playbook;

import dev.agentfleet.workflows.model.ExamplesFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Checks the data files a playbook's classify steps take their examples from, and pins each by the
 * SHA-256 of its bytes: the file exists, has the named columns, every row is well formed and
 * carries one of the step's labels. The caller supplies the reading, so this stays free of I/O.
 */
public final class ExampleFiles {

  /** Reads a data file by its path relative to the playbook's folder. */
  @FunctionalInterface
  public interface Reader {
    /**
     * @throws NoSuchFileException when there is no such file
     */
    byte[] read(String relativePath) throws IOException;
  }

  /**
   * The definition with every data file's hash filled in, the problems found (in the validator's
   * {@code source: step 'x'.examples: ...} form, naming the data file's own line), and a digest of
   * the hashes for the playbook's version (empty when no step has a data file).
   */
  public record Resolved(AgentDefinition definition, List<String> problems, String digest) {}

  private ExampleFiles() {}

  /** Resolves every classify step's data file through {@code reader}. */
  public static Resolved resolve(AgentDefinition definition, String source, Reader reader) {
    List<String> problems = new ArrayList<>();
    List<StepDef> steps = new ArrayList<>();
    StringBuilder digest = new StringBuilder();
    boolean changed = false;
    for (StepDef step : definition.steps()) {
      if (step instanceof ModelStep m && m.examples().file() != null) {
        ExamplesFile file = m.examples().file();
        String at = source + ": step '" + m.id() + "'.examples.file";
        byte[] bytes;
        try {
          bytes = reader.read(file.file());
        } catch (NoSuchFileException e) {
          problems.add(at + ": no data file '" + file.file() + "' next to the playbook");
          steps.add(step);
          continue;
        } catch (IOException e) {
          problems.add(at + ": cannot read '" + file.file() + "': " + e.getMessage());
          steps.add(step);
          continue;
        }
        String hash = sha256(bytes);
        ExamplesTable.Result table =
            ExamplesTable.parse(
                new String(bytes, StandardCharsets.UTF_8),
                file.file(),
                file.text(),
                file.label(),
                new LinkedHashSet<>(m.labels()));
        int shown = 0;
        for (String problem : table.problems()) {
          if (shown++ == 20) {
            problems.add(at + ": and " + (table.problems().size() - 20) + " more bad rows");
            break;
          }
          problems.add(at + ": " + problem);
        }
        if (table.problems().isEmpty() && table.examples().isEmpty()) {
          problems.add(at + ": '" + file.file() + "' has no examples");
        }
        digest.append(m.id()).append('=').append(hash).append('\n');
        steps.add(withFile(m, file.withSha256(hash)));
        changed = true;
      } else {
        steps.add(step);
      }
    }
    AgentDefinition resolved =
        changed
            ? new AgentDefinition(
                definition.name(),
                definition.description(),
                definition.input(),
                definition.subjectField(),
                definition.start(),
                definition.maxSteps(),
                steps,
                definition.budget(),
                definition.remember(),
                definition.maxHistoryEvents())
            : definition;
    return new Resolved(resolved, problems, digest.toString());
  }

  private static ModelStep withFile(ModelStep m, ExamplesFile file) {
    return new ModelStep(
        m.id(),
        m.purpose(),
        m.tier(),
        m.task(),
        m.prompt(),
        m.context(),
        m.labels(),
        new Examples(List.of(), file),
        m.output(),
        m.maxRepairs(),
        m.onError(),
        m.next(),
        m.memory(),
        m.contextTokens(),
        m.onFailure(),
        m.execution());
  }

  /** The SHA-256 of the bytes as lowercase hex. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
