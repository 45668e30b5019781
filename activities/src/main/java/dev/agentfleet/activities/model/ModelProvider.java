package dev.agentfleet.activities.model;

import dev.agentfleet.workflows.model.ModelRequest;

/**
 * Something that answers a model request with a structured output: the offline templates and
 * embeddings, or a chat model behind an HTTP API. A provider may repair its own output, but the
 * caller validates every output again before it is passed forward.
 */
public interface ModelProvider {

  /**
   * Answers one request.
   *
   * @throws ModelUnavailableException when the request cannot be served as configured
   * @throws RuntimeException when the provider failed in a way a later attempt may not (a timeout,
   *     a rate limit, a server error)
   */
  ProviderResult complete(ModelRequest request);
}
