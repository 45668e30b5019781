package dev.agentfleet.activities.agent;

import dev.agentfleet.activities.blob.ClaimCheckModelActivities;
import dev.agentfleet.blobstore.BlobSettings;
import dev.agentfleet.blobstore.BlobStore;
import dev.agentfleet.blobstore.BlobStoreException;
import dev.agentfleet.blobstore.ClaimCheck;
import dev.agentfleet.blobstore.ReferenceResolver;
import dev.agentfleet.workflows.agent.AgentActivities;
import dev.agentfleet.workflows.agent.AgentMessage;
import dev.agentfleet.workflows.agent.AgentTurn;
import dev.agentfleet.workflows.agent.AgentTurnRequest;
import dev.agentfleet.workflows.blob.BlobReferences;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim check around the agent plane, as {@link ClaimCheckModelActivities} is around the model
 * plane: blob references in a step's context are resolved (cut to {@link
 * BlobSettings#contextChars()} characters) before the model sees them, and with the final answer,
 * any answer text over the claim-check threshold and the whole transcript, when it is over the
 * threshold too, go to the blob store; the workflow records their references instead.
 */
public final class ClaimCheckAgentActivities implements AgentActivities {

  private static final Logger log = LoggerFactory.getLogger(ClaimCheckAgentActivities.class);

  private final AgentActivities delegate;
  private final ReferenceResolver resolver;
  private final ClaimCheck claimCheck;

  public ClaimCheckAgentActivities(
      AgentActivities delegate, BlobStore store, BlobSettings settings) {
    this.delegate = delegate;
    this.resolver = new ReferenceResolver(store, settings.contextChars());
    this.claimCheck = new ClaimCheck(store, settings.claimCheckBytes());
  }

  @Override
  public AgentTurn turn(AgentTurnRequest request) {
    AgentTurn turn = delegate.turn(withResolvedContext(request));
    if (!turn.hasAnswer()) {
      return turn;
    }
    try {
      Map<String, Object> answer = claimCheck.offload(turn.answer());
      List<AgentMessage> transcript = new ArrayList<>(request.transcript());
      transcript.add(
          AgentMessage.assistant(
              turn.text() == null ? AgentConversation.json(turn.answer()) : turn.text(),
              List.of()));
      String text = AgentConversation.json(transcript);
      Map<String, Object> reference = null;
      if (BlobReferences.utf8Length(text) > claimCheck.thresholdBytes()) {
        reference = claimCheck.reference(text);
        log.info(
            "agent transcript moved to the blob store: agent={} step={} messages={} chars={}",
            request.agent(),
            request.stepId(),
            transcript.size(),
            text.length());
      }
      return answer == turn.answer() && reference == null
          ? turn
          : turn.withAnswer(answer, reference);
    } catch (BlobStoreException e) {
      throw failure(request, e);
    }
  }

  private AgentTurnRequest withResolvedContext(AgentTurnRequest request) {
    Map<String, Object> context;
    try {
      context = resolver.resolveAll(request.context());
    } catch (BlobStoreException e) {
      throw failure(request, e);
    }
    if (context == request.context()) {
      return request;
    }
    return new AgentTurnRequest(
        request.idempotencyKey(),
        request.workflowId(),
        request.agent(),
        request.stepId(),
        request.tier(),
        request.iteration(),
        request.goal(),
        context,
        request.tools(),
        request.transcript(),
        request.outputSchema());
  }

  private static ApplicationFailure failure(AgentTurnRequest request, BlobStoreException e) {
    String message =
        "agent step " + request.agent() + "/" + request.stepId() + ": " + e.getMessage();
    log.warn(
        "blob store failed for an agent step: step={} reason={}", request.stepId(), e.reason());
    return e.reason() == BlobStoreException.Reason.CORRUPT
        ? ApplicationFailure.newNonRetryableFailure(message, ClaimCheckModelActivities.BLOB_CORRUPT)
        : ApplicationFailure.newFailure(message, ClaimCheckModelActivities.BLOB_UNAVAILABLE);
  }
}
