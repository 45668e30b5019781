package dev.agentfleet.workflows.definition;

import java.nio.charset.StandardCharsets;

/**
 * What a release key signs when a definition is published ({@code ./fleet agents publish}): the
 * agent's name and the SHA-256 of the playbook text, under a tag no other signed statement starts
 * with. The worker checks the text's hash itself, so the signature covers every byte of the
 * playbook. Signing and verifying use {@link dev.agentfleet.workflows.approval.ApprovalKeys}, the
 * fleet's one Ed25519 helper.
 */
public final class DefinitionSignature {

  /** The first line of every signed definition statement. */
  public static final String TAG = "agent-fleet/published-definition/v1";

  private DefinitionSignature() {}

  /** The canonical bytes signed for a definition. */
  public static byte[] statement(String agent, String sha256) {
    return (TAG + "\n" + agent + "\n" + sha256 + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
