package dev.agentfleet.bench.history;

import com.google.protobuf.Timestamp;
import io.temporal.api.history.v1.HistoryEvent;

/** Server timestamps as epoch nanoseconds, the unit all history arithmetic here works in. */
public final class EventTimes {

  private EventTimes() {}

  public static long nanos(HistoryEvent event) {
    return nanos(event.getEventTime());
  }

  public static long nanos(Timestamp time) {
    return time.getSeconds() * 1_000_000_000L + time.getNanos();
  }
}
