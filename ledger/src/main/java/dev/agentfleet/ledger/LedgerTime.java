package dev.agentfleet.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The ledger's time format, for every table: ISO-8601 UTC with milliseconds and fixed width ({@code
 * 2025-03-01T10:00:00.001Z}), so text order is time order and a range is a text comparison. The
 * audit chain hashes this text, so it must never change.
 */
public final class LedgerTime {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private LedgerTime() {}

  /** The time as the ledger stores it. */
  public static String format(Instant instant) {
    return FORMAT.format(instant);
  }
}
