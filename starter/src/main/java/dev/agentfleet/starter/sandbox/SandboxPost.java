package dev.agentfleet.starter.sandbox;

/**
 * A post the sandbox publisher holds: what was published where, by which run.
 *
 * @param status {@code published} or {@code unpublished}
 */
public record SandboxPost(
    String postId,
    String channel,
    String language,
    String title,
    String url,
    String status,
    String workflowId,
    String publishedAt,
    String unpublishedAt) {}
