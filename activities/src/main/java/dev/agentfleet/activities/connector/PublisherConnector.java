package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.connector.ConnectorCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox publisher, whose {@code sandbox_posts} table is the canonical record of what was
 * published where.
 *
 * <ul>
 *   <li>{@code publish}: params {@code channel} (such as {@code blog}, {@code linkedin}: lower-case
 *       letters, digits, {@code -} and {@code _}), {@code language} (a language tag such as {@code
 *       en} or {@code pt-BR}, default {@code en}), {@code title} and {@code body}. Returns {@code
 *       postId}, {@code url}, {@code channel}, {@code language}, {@code status: published} and
 *       {@code publishedAt}. One post per idempotency key, however often it is retried.
 *   <li>{@code unpublish}: param {@code postId}; the compensation of {@code publish}. Returns
 *       {@code postId}, {@code url}, {@code status: unpublished} and {@code alreadyUnpublished}.
 * </ul>
 *
 * <p>Sandbox URLs are {@value #BASE_URL}{@code <channel>/<language>/<postId>}, under a reserved
 * domain that resolves nowhere.
 */
public final class PublisherConnector extends SandboxConnector {

  public static final String NAME = ConnectorCatalog.PUBLISHER.name();
  public static final String PUBLISH = ConnectorCatalog.PUBLISHER.operation("publish").name();
  public static final String UNPUBLISH = ConnectorCatalog.PUBLISHER.operation("unpublish").name();
  static final String BASE_URL = "https://sandbox.invalid/";

  private static final String PUBLISHED = "published";
  private static final String UNPUBLISHED = "unpublished";

  public PublisherConnector(Clock clock) {
    super(ConnectorCatalog.PUBLISHER, Set.of(PUBLISH, UNPUBLISH), clock);
  }

  @Override
  void checkParams(ActionRequest request, ActionParams params) {
    if (UNPUBLISH.equals(request.operation())) {
      params.requiredText("postId", "the post to take down, as publish returned it");
      return;
    }
    channel(request);
    language(request);
    params.requiredText("title", "the post's title");
    params.requiredText("body", "the post's text");
  }

  @Override
  public Map<String, Object> perform(ActionRequest request, Connection transaction)
      throws SQLException {
    return PUBLISH.equals(request.operation())
        ? publish(request, transaction)
        : unpublish(request, transaction);
  }

  private Map<String, Object> publish(ActionRequest request, Connection c) throws SQLException {
    ActionParams params = new ActionParams(request);
    String channel = channel(request);
    String language = language(request);
    String title = params.requiredText("title", "the post's title");
    String postId = newId("post_");
    String url = BASE_URL + channel + "/" + language + "/" + postId;
    execute(
        c,
        "INSERT INTO sandbox_posts (post_id, idempotency_key, channel, language, title, body,"
            + " url, status, workflow_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (idempotency_key) DO NOTHING",
        postId,
        request.idempotencyKey(),
        channel,
        language,
        title,
        params.requiredText("body", "the post's text"),
        url,
        PUBLISHED,
        request.workflowId(),
        Ledger.timestamp(clock.instant()));
    return post(c, "idempotency_key", request.idempotencyKey());
  }

  private Map<String, Object> unpublish(ActionRequest request, Connection c) throws SQLException {
    String postId = new ActionParams(request).requiredText("postId", "the post");
    int changed =
        execute(
            c,
            "UPDATE sandbox_posts SET status = ?, unpublished_at = ? WHERE post_id = ? AND status = ?",
            UNPUBLISHED,
            Ledger.timestamp(clock.instant()),
            postId,
            PUBLISHED);
    Map<String, Object> result = post(c, "post_id", postId);
    if (result == null) {
      throw ActionParams.invalid(request, "the publisher has no post " + postId);
    }
    result.put("alreadyUnpublished", changed == 0);
    return result;
  }

  private static Map<String, Object> post(Connection c, String column, String value)
      throws SQLException {
    return findRow(
        c,
        "SELECT post_id, url, channel, language, status, created_at, unpublished_at"
            + " FROM sandbox_posts WHERE "
            + column
            + " = ?",
        value,
        (rs, post) -> {
          post.put("postId", rs.getString(1));
          post.put("url", rs.getString(2));
          post.put("channel", rs.getString(3));
          post.put("language", rs.getString(4));
          post.put("status", rs.getString(5));
          post.put("publishedAt", instant(rs, 6));
          if (rs.getString(7) != null) {
            post.put("unpublishedAt", instant(rs, 7));
          }
          post.put("sandbox", true);
        });
  }

  private static String channel(ActionRequest request) {
    String channel =
        new ActionParams(request)
            .requiredText("channel", "where to publish, such as blog or linkedin")
            .strip()
            .toLowerCase(Locale.ROOT);
    if (!channel.matches("[a-z0-9][a-z0-9_-]{0,39}")) {
      throw ActionParams.invalid(
          request,
          "params.channel must be a name of lower-case letters, digits, - and _ (such as blog),"
              + " got '"
              + channel
              + "'");
    }
    return channel;
  }

  private static String language(ActionRequest request) {
    String language = new ActionParams(request).optionalText("language", "en").strip();
    if (!language.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
      throw ActionParams.invalid(
          request,
          "params.language must be a language tag such as en or pt-BR, got '" + language + "'");
    }
    return language;
  }
}
