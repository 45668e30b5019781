import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Splits BANKING77 into the training fold the bank-support playbook fits on and a validation fold
 * it never sees, and writes a noisy copy of the validation fold. Deterministic: the same source
 * gives byte-identical files. Run from the repository root:
 *
 * <pre>java agents/data/banking77/Folds.java</pre>
 *
 * <p>Split: within each intent, rows are shuffled with a fixed seed and every fifth one (20%,
 * rounded) goes to validation, so every intent is represented in both folds in proportion.
 *
 * <p>Noise: lowercase, apostrophes dropped and other punctuation replaced by a space, whitespace collapsed, then one typo in the longest word
 * (two neighbouring letters swapped, or for words of three letters or fewer the last letter
 * doubled), its position chosen by a generator seeded with the row's index.
 */
public class Folds {

  static final long SEED = 77L;
  static final double VALIDATION_SHARE = 0.2;

  record Row(String text, String category) {}

  public static void main(String[] args) throws IOException {
    Path source = Path.of("agents/data/banking77/banking77.csv");
    Path train = Path.of("agents/data/banking77/train.csv");
    Path validation = Path.of("examples/banking77-validation.csv");
    Path noisy = Path.of("examples/banking77-validation-noisy.csv");
    List<Row> rows = read(source);
    Map<String, List<Row>> byIntent = new TreeMap<>();
    for (Row row : rows) {
      byIntent.computeIfAbsent(row.category(), k -> new ArrayList<>()).add(row);
    }
    List<Row> trainRows = new ArrayList<>();
    List<Row> validationRows = new ArrayList<>();
    for (Map.Entry<String, List<Row>> intent : byIntent.entrySet()) {
      List<Row> shuffled = new ArrayList<>(intent.getValue());
      java.util.Collections.shuffle(shuffled, new Random(SEED + intent.getKey().hashCode()));
      int held = (int) Math.round(shuffled.size() * VALIDATION_SHARE);
      validationRows.addAll(shuffled.subList(0, held));
      trainRows.addAll(shuffled.subList(held, shuffled.size()));
    }
    Comparator<Row> order = Comparator.comparing(Row::category).thenComparing(Row::text);
    trainRows.sort(order);
    validationRows.sort(order);
    List<Row> noisyRows = new ArrayList<>();
    for (int i = 0; i < validationRows.size(); i++) {
      Row row = validationRows.get(i);
      noisyRows.add(new Row(noisy(row.text(), new Random(SEED * 31 + i)), row.category()));
    }
    write(train, trainRows);
    write(validation, validationRows);
    write(noisy, noisyRows);
    System.out.printf(
        "%d rows, %d intents: %d training (%s), %d validation (%s), noisy copy (%s)%n",
        rows.size(), byIntent.size(), trainRows.size(), train, validationRows.size(), validation,
        noisy);
  }

  static String noisy(String text, Random random) {
    String plain =
        text.toLowerCase(Locale.ROOT)
            .replaceAll("['’]", "")
            .replaceAll("[\\p{Punct}\\p{IsPunctuation}]", " ")
            .replaceAll("\\s+", " ")
            .strip();
    String[] words = plain.split(" ");
    int longest = 0;
    for (int i = 1; i < words.length; i++) {
      if (words[i].length() > words[longest].length()) {
        longest = i;
      }
    }
    String word = words[longest];
    if (word.length() <= 3) {
      words[longest] = word.isEmpty() ? word : word + word.charAt(word.length() - 1);
    } else {
      int at = 1 + random.nextInt(word.length() - 2);
      char[] letters = word.toCharArray();
      char swap = letters[at];
      letters[at] = letters[at - 1];
      letters[at - 1] = swap;
      words[longest] = new String(letters);
    }
    return String.join(" ", words);
  }

  static List<Row> read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        fields.add(field.toString());
        field.setLength(0);
        records.add(fields);
        fields = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(fields);
    }
    if (!records.get(0).equals(List.of("text", "category"))) {
      throw new IllegalStateException(file + ": expected the header text,category");
    }
    List<Row> rows = new ArrayList<>();
    for (List<String> record : records.subList(1, records.size())) {
      rows.add(new Row(record.get(0), record.get(1)));
    }
    return rows;
  }

  static void write(Path file, List<Row> rows) throws IOException {
    StringBuilder out = new StringBuilder("text,category\n");
    for (Row row : rows) {
      out.append(quote(row.text())).append(',').append(quote(row.category())).append('\n');
    }
    Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
  }

  static String quote(String value) {
    boolean needs =
        value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
    return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
