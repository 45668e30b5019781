package dev.agentfleet.workflows.model;

/**
 * A classify step's labelled examples kept in a data file next to the playbook, referred to rather
 * than carried: a run's definition and its model calls hold this reference and the file's content
 * hash, never the rows, so a step with thousands of examples costs a run a few bytes.
 *
 * @param file the data file, relative to the folder of the playbook (the agents folder); CSV with a
 *     header row, or JSON Lines when it ends in {@code .jsonl}
 * @param text the column (or JSON field) holding the example's text
 * @param label the column (or JSON field) holding its label
 * @param sha256 the SHA-256 of the file's bytes when the playbook was loaded, as lowercase hex; the
 *     execution plane refuses a file whose content differs, and keys its fitted classifier by it.
 *     Null when the definition was built without reading the file.
 */
public record ExamplesFile(String file, String text, String label, String sha256) {

  /** The column names a playbook need not write. */
  public static final String DEFAULT_TEXT = "text";

  public static final String DEFAULT_LABEL = "label";

  public ExamplesFile {
    text = text == null ? DEFAULT_TEXT : text;
    label = label == null ? DEFAULT_LABEL : label;
  }

  /** The same reference with the content hash of the file as it was read. */
  public ExamplesFile withSha256(String hash) {
    return new ExamplesFile(file, text, label, hash);
  }
}
