package dev.agentfleet.workflows.run;

import java.util.Map;

/** One input record: its own id and its validated fields. */
public record WorkItem(String id, Map<String, Object> fields) {

  public WorkItem {
    fields = fields == null ? Map.of() : fields;
  }
}
