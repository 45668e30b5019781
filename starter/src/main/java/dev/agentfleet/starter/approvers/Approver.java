package dev.agentfleet.starter.approvers;

import java.util.List;

/** A person who may decide approvals, with the roles they hold. */
public record Approver(String name, List<String> roles) {

  public Approver {
    roles = List.copyOf(roles);
  }
}
