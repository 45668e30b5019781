package dev.agentfleet.bench.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.starter.records.ReadResult;
import dev.agentfleet.starter.records.RecordReader;
import dev.agentfleet.workflows.playbook.Playbook;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmarks' input records: generated, deterministic (the same size gives the same records),
 * all different from one another, and read through the CLI's own {@link RecordReader} against the
 * agent's input contract, as {@code ./fleet run} reads a file.
 */
public final class BenchRecords {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String[] ASKS = {
    "asks whether the invoice can be split into two payments",
    "reports that the dashboard shows yesterday's figures",
    "wants the delivery moved to the office address",
    "asks for a copy of the contract signed last spring",
    "says the export to spreadsheet stops at the first thousand rows",
    "would like to add two colleagues to the team plan",
    "cannot find the receipt for the last renewal",
    "asks when the new reporting feature will be available"
  };

  private static final String[] WHEN = {
    "please answer today", "no rush", "this blocks the month-end close", "whenever convenient"
  };

  private static final String[] SUBJECTS = {
    "Refund for order %d",
    "Charged twice for order %d",
    "App crashes when I open order %d",
    "Where is my parcel, order %d?",
    "Question about order %d"
  };

  private static final String[] BODIES = {
    "The item from order %d arrived broken and I would like my %d.%02d EUR back, please.",
    "My card was charged %d.%02d EUR twice for order %d this month; please correct it.",
    "Every time I open order %d in the app it crashes; I paid %d.%02d EUR for the premium plan.",
    "Tracking for order %d has not moved in a week; it cost %d.%02d EUR with express shipping.",
    "Do you offer a discount on order %d? The total was %d.%02d EUR and we are a school."
  };

  private BenchRecords() {}

  /** {@code count} short notes {@code {id, text}}, ids {@code <prefix>-00001}... */
  public static List<InputRecord> notes(Playbook agent, String prefix, int count) {
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("id", id(prefix, i));
      record.put("text", note(i));
      lines.append(line(record));
    }
    return read(agent, lines.toString(), count);
  }

  /** Notes with a recipient {@code {id, to, text}}, for agents that mail. */
  public static List<InputRecord> addressedNotes(Playbook agent, String prefix, int count) {
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("id", id(prefix, i));
      record.put("to", "customer-" + i + "@example.com");
      record.put("text", note(i));
      lines.append(line(record));
    }
    return read(agent, lines.toString(), count);
  }

  /**
   * Support tickets {@code {id, from, subject, body}}: the content depends on the index only, so
   * two prefixes give two sets of runs that ask the very same questions.
   */
  public static List<InputRecord> tickets(Playbook agent, String prefix, int count) {
    return read(agent, ticketLines(prefix, count), count);
  }

  /** The tickets as JSON Lines. */
  public static String ticketLines(String prefix, int count) {
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      int order = 40_000 + i;
      int euros = 10 + (i * 37) % 190;
      int cents = (i * 13) % 100;
      int kind = i % SUBJECTS.length;
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("id", id(prefix, i));
      record.put("from", "customer-" + i + "@example.com");
      record.put("subject", String.format(Locale.ROOT, SUBJECTS[kind], order));
      String body =
          switch (kind) {
            case 1 -> String.format(Locale.ROOT, BODIES[kind], euros, cents, order);
            default -> String.format(Locale.ROOT, BODIES[kind], order, euros, cents);
          };
      record.put("body", body);
      lines.append(line(record));
    }
    return lines.toString();
  }

  /** The text of note {@code i}: a short customer note, different for every index. */
  public static String note(int i) {
    return String.format(
        Locale.ROOT,
        "Note %d: the customer on account %d %s; %s.",
        i,
        10_000 + i,
        ASKS[i % ASKS.length],
        WHEN[(i / ASKS.length) % WHEN.length]);
  }

  /** A record's id: {@code prefix-00042}. */
  public static String id(String prefix, int i) {
    return String.format(Locale.ROOT, "%s-%05d", prefix, i);
  }

  private static String line(Map<String, Object> record) {
    try {
      return JSON.writeValueAsString(record) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a generated record does not serialize", e);
    }
  }

  private static List<InputRecord> read(Playbook agent, String jsonLines, int expected) {
    try {
      ReadResult read =
          new RecordReader(agent.definition().input()).read(new StringReader(jsonLines));
      if (!read.rejected().isEmpty() || read.records().size() != expected) {
        throw new BenchFailure(
            "the generated records do not fit agent "
                + agent.definition().name()
                + "'s input contract: "
                + read.rejected().size()
                + " rejected, first: "
                + (read.rejected().isEmpty() ? "none" : read.rejected().get(0).error()));
      }
      return read.records();
    } catch (IOException e) {
      throw new IllegalStateException("reading generated records from memory failed", e);
    }
  }
}
