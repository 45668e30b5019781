package dev.agentfleet.starter.records;

import java.util.List;

/** What reading a JSONL input gave: the valid records, the repeated ids and the rejected lines. */
public record ReadResult(
    List<InputRecord> records, List<Duplicate> duplicates, List<Rejection> rejected) {

  public ReadResult {
    records = List.copyOf(records);
    duplicates = List.copyOf(duplicates);
    rejected = List.copyOf(rejected);
  }
}
