package dev.agentfleet.workflows.run;

import java.util.Map;

/**
 * Something that happened outside the run, sent as the {@code event} signal ("the customer
 * replied"). A wait step for the event's name ends when it arrives, or finds it already received.
 *
 * @param receivedAt when the run received it, workflow time (epoch ms); set by the run
 */
public record RunEvent(String name, Map<String, Object> data, String sender, long receivedAt) {

  public RunEvent {
    data = data == null ? Map.of() : data;
  }
}
