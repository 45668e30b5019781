package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox sales calendar, in {@code sandbox_bookings}: 30-minute meetings, at most one live
 * booking per start time.
 *
 * <ul>
 *   <li>{@code book}: params {@code leadId} or {@code email} (who the meeting is with), and {@code
 *       slot}: an ISO-8601 time ({@code 2025-03-04T10:00:00Z}; without an offset it is UTC) or
 *       {@code next} / {@code next available} (the default): the first free half hour on a weekday
 *       between 09:00 and 17:00 UTC, at least an hour from now. Returns {@code bookingId}, {@code
 *       start}, {@code end}, {@code status: booked} and {@code leadId}. One booking per idempotency
 *       key; a slot in the past or already taken is refused for good ({@code InvalidAction}).
 *   <li>{@code cancel}: param {@code bookingId}; the compensation of {@code book}. Returns {@code
 *       bookingId}, {@code start}, {@code status: cancelled} and {@code alreadyCancelled}.
 * </ul>
 */
public final class CalendarConnector extends SandboxConnector {

  public static final String NAME = ConnectorCatalog.CALENDAR.name();
  public static final String BOOK = ConnectorCatalog.CALENDAR.operation("book").name();
  public static final String CANCEL = ConnectorCatalog.CALENDAR.operation("cancel").name();

  static final Duration MEETING = Duration.ofMinutes(30);
  private static final int OPENS_AT_HOUR = 9;
  private static final int CLOSES_AT_HOUR = 17;
  private static final Duration NOTICE = Duration.ofHours(1);
  private static final Duration HORIZON = Duration.ofDays(60);
  private static final String BOOKED = "booked";
  private static final String CANCELLED = "cancelled";

  public CalendarConnector(Clock clock) {
    super(ConnectorCatalog.CALENDAR, Set.of(BOOK, CANCEL), clock);
  }

  @Override
  void checkParams(ActionRequest request, ActionParams params) {
    if (CANCEL.equals(request.operation())) {
      params.requiredText("bookingId", "the booking to cancel, as book returned it");
      return;
    }
    if (params.optionalText("leadId", null) == null && params.optionalText("email", null) == null) {
      throw ActionParams.invalid(
          request, "params.leadId or params.email is required: who the meeting is with");
    }
    requestedSlot(request);
  }

  @Override
  public Map<String, Object> perform(ActionRequest request, Connection transaction)
      throws SQLException {
    return BOOK.equals(request.operation())
        ? book(request, transaction)
        : cancel(request, transaction);
  }

  @Override
  public Map<String, Object> auditDetail(Map<String, Object> result) {
    Map<String, Object> detail = new LinkedHashMap<>(result);
    detail.remove("email");
    return detail;
  }

  private Map<String, Object> book(ActionRequest request, Connection c) throws SQLException {
    ActionParams params = new ActionParams(request);
    Instant now = clock.instant();
    Instant requested = requestedSlot(request);
    Instant start;
    if (requested == null) {
      start = nextFree(now, taken(c, now));
    } else if (!requested.isAfter(now)) {
      throw ActionParams.invalid(request, "slot " + requested + " is in the past");
    } else if (bookedByOther(c, requested, request.idempotencyKey())) {
      throw ActionParams.invalid(
          request,
          "slot " + requested + " is already booked; pass slot: next to take the next free one");
    } else {
      start = requested;
    }
    execute(
        c,
        "INSERT INTO sandbox_bookings (booking_id, idempotency_key, lead_id, email, start_at,"
            + " end_at, status, workflow_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (idempotency_key) DO NOTHING",
        newId("bk_"),
        request.idempotencyKey(),
        params.optionalText("leadId", null),
        params.optionalText("email", null),
        Ledger.timestamp(start),
        Ledger.timestamp(start.plus(MEETING)),
        BOOKED,
        request.workflowId(),
        Ledger.timestamp(now));
    Map<String, Object> result = booking(c, "idempotency_key", request.idempotencyKey());
    result.put("slot", requested == null ? "next available" : "requested");
    return result;
  }

  private Map<String, Object> cancel(ActionRequest request, Connection c) throws SQLException {
    String bookingId = new ActionParams(request).requiredText("bookingId", "the booking");
    int changed =
        execute(
            c,
            "UPDATE sandbox_bookings SET status = ?, cancelled_at = ?"
                + " WHERE booking_id = ? AND status = ?",
            CANCELLED,
            Ledger.timestamp(clock.instant()),
            bookingId,
            BOOKED);
    Map<String, Object> result = booking(c, "booking_id", bookingId);
    if (result == null) {
      throw ActionParams.invalid(request, "the calendar has no booking " + bookingId);
    }
    result.put("alreadyCancelled", changed == 0);
    return result;
  }

  private static Map<String, Object> booking(Connection c, String column, String value)
      throws SQLException {
    return findRow(
        c,
        "SELECT booking_id, lead_id, start_at, end_at, status, cancelled_at"
            + " FROM sandbox_bookings WHERE "
            + column
            + " = ?",
        value,
        (rs, booking) -> {
          booking.put("bookingId", rs.getString(1));
          booking.put("leadId", rs.getString(2));
          booking.put("start", instant(rs, 3));
          booking.put("end", instant(rs, 4));
          booking.put("status", rs.getString(5));
          if (rs.getString(6) != null) {
            booking.put("cancelledAt", instant(rs, 6));
          }
          booking.put("sandbox", true);
        });
  }

  /** The start times booked from now until the search horizon. */
  private static Set<Instant> taken(Connection c, Instant now) throws SQLException {
    Set<Instant> taken = new HashSet<>();
    try (PreparedStatement s =
            prepare(
                c,
                "SELECT start_at FROM sandbox_bookings WHERE status = ? AND start_at >= ?"
                    + " AND start_at < ?",
                BOOKED,
                Ledger.timestamp(now),
                Ledger.timestamp(now.plus(HORIZON)));
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        taken.add(Instant.parse(rs.getString(1)));
      }
    }
    return taken;
  }

  private static boolean bookedByOther(Connection c, Instant start, String key)
      throws SQLException {
    return exists(
        c,
        "SELECT 1 FROM sandbox_bookings WHERE status = ? AND start_at = ? AND idempotency_key <> ?",
        BOOKED,
        Ledger.timestamp(start),
        key);
  }

  /** The first free half hour on a weekday within opening hours, at least the notice from now. */
  static Instant nextFree(Instant now, Set<Instant> taken) {
    ZonedDateTime t = now.plus(NOTICE).atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
    int past = t.getMinute() % 30;
    if (past != 0 || t.getSecond() != 0) {
      t = t.plusMinutes(30 - past);
    }
    Instant horizon = now.plus(HORIZON);
    for (; t.toInstant().isBefore(horizon); t = t.plus(MEETING)) {
      boolean weekday =
          t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY;
      int minute = t.getHour() * 60 + t.getMinute();
      boolean open =
          minute >= OPENS_AT_HOUR * 60 && minute + MEETING.toMinutes() <= CLOSES_AT_HOUR * 60;
      if (weekday && open && !taken.contains(t.toInstant())) {
        return t.toInstant();
      }
    }
    throw new IllegalStateException("the sandbox calendar has no free slot in " + HORIZON);
  }

  /** The slot asked for, or null for the next free one. */
  private static Instant requestedSlot(ActionRequest request) {
    String slot = new ActionParams(request).optionalText("slot", null);
    if (slot == null
        || slot.isBlank()
        || slot.strip().toLowerCase(Locale.ROOT).replace('-', ' ').matches("next( available)?")) {
      return null;
    }
    String text = slot.strip();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notWithOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw ActionParams.invalid(
            request,
            "params.slot must be an ISO-8601 time such as 2025-03-04T10:00:00Z or 'next', got '"
                + text
                + "'");
      }
    }
  }
}
