package dev.agentfleet.activities.blob;

import dev.agentfleet.blobstore.BlobSettings;
import dev.agentfleet.blobstore.BlobStore;
import dev.agentfleet.blobstore.BlobStoreException;
import dev.agentfleet.blobstore.ClaimCheck;
import dev.agentfleet.blobstore.ReferenceResolver;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim check around the model plane. Workflows never load blobs: a model step's context may
 * hold references to large text (a several-MB ticket body), and this resolves them to the text, cut
 * to {@link BlobSettings#contextChars()} characters, before the model sees the request. An output
 * field larger than the claim-check threshold goes the other way: it is stored and the workflow
 * receives its reference, so no model output can push a run's history past Temporal's payload
 * limits. Outputs are validated by the wrapped activities before they are moved.
 *
 * <p>A blob that is missing or unreadable fails the call with the retryable {@link
 * #BLOB_UNAVAILABLE} (another worker may share the store, or it may come back); a blob whose bytes
 * no longer match its name fails with the non-retryable {@link #BLOB_CORRUPT}.
 */
public final class ClaimCheckModelActivities implements ModelActivities {

  /** Failure type of a referenced blob that could not be read; retried. */
  public static final String BLOB_UNAVAILABLE = "BlobUnavailable";

  /** Failure type of a referenced blob whose bytes were changed after it was written. */
  public static final String BLOB_CORRUPT = "BlobCorrupt";

  private static final Logger log = LoggerFactory.getLogger(ClaimCheckModelActivities.class);

  private final ModelActivities delegate;
  private final ReferenceResolver resolver;
  private final ClaimCheck claimCheck;

  /**
   * @param delegate the model activities that call the provider and validate outputs
   */
  public ClaimCheckModelActivities(
      ModelActivities delegate, BlobStore store, BlobSettings settings) {
    this.delegate = delegate;
    this.resolver = new ReferenceResolver(store, settings.contextChars());
    this.claimCheck = new ClaimCheck(store, settings.claimCheckBytes());
  }

  @Override
  public ModelResponse complete(ModelRequest request) {
    ModelResponse response = delegate.complete(withResolvedContext(request));
    Map<String, Object> output = response.output();
    if (output == null) {
      return response;
    }
    Map<String, Object> moved;
    try {
      moved = claimCheck.offload(output);
    } catch (BlobStoreException e) {
      throw failure(request, e);
    }
    if (moved == output) {
      return response;
    }
    log.info(
        "model output moved to the blob store: agent={} step={} fields={}",
        request.agent(),
        request.stepId(),
        output.keySet().stream().filter(k -> moved.get(k) != output.get(k)).toList());
    return new ModelResponse(
        moved,
        response.provider(),
        response.model(),
        response.inputTokens(),
        response.outputTokens(),
        response.costUsd(),
        response.repairs(),
        response.latencyMillis(),
        response.cacheHit());
  }

  private ModelRequest withResolvedContext(ModelRequest request) {
    Map<String, Object> context;
    try {
      context = resolver.resolveAll(request.context());
    } catch (BlobStoreException e) {
      throw failure(request, e);
    }
    if (context == request.context()) {
      return request;
    }
    log.debug("model context references resolved: step={}", request.stepId());
    return new ModelRequest(
        request.idempotencyKey(),
        request.agent(),
        request.stepId(),
        request.tier(),
        request.task(),
        request.prompt(),
        request.labels(),
        request.examples(),
        request.outputSchema(),
        request.maxRepairs(),
        context,
        request.examplesFile(),
        request.definition());
  }

  private static ApplicationFailure failure(ModelRequest request, BlobStoreException e) {
    String message =
        "model step " + request.agent() + "/" + request.stepId() + ": " + e.getMessage();
    log.warn("blob store failed for a model step: step={} reason={}", request.stepId(), e.reason());
    return e.reason() == BlobStoreException.Reason.CORRUPT
        ? ApplicationFailure.newNonRetryableFailure(message, BLOB_CORRUPT)
        : ApplicationFailure.newFailure(message, BLOB_UNAVAILABLE);
  }
}
