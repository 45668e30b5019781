package dev.agentfleet.workflows.run;

import io.temporal.common.SearchAttributeKey;
import java.util.Map;

/**
 * The custom search attributes every run upserts, so runs can be listed and filtered in the CLI and
 * the Temporal Web UI ({@code FleetStatus = "waiting-approval"}).
 */
public final class FleetSearchAttributes {

  public static final SearchAttributeKey<String> AGENT =
      SearchAttributeKey.forKeyword("FleetAgent");
  public static final SearchAttributeKey<String> RECORD_ID =
      SearchAttributeKey.forKeyword("FleetRecordId");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("FleetStatus");
  public static final SearchAttributeKey<String> STEP = SearchAttributeKey.forKeyword("FleetStep");
  public static final SearchAttributeKey<Boolean> NEEDS_APPROVAL =
      SearchAttributeKey.forBoolean("FleetNeedsApproval");
  public static final SearchAttributeKey<String> APPROVAL_ROLE =
      SearchAttributeKey.forKeyword("FleetApprovalRole");
  public static final SearchAttributeKey<String> CATEGORY =
      SearchAttributeKey.forKeyword("FleetCategory");
  public static final SearchAttributeKey<Double> CONFIDENCE =
      SearchAttributeKey.forDouble("FleetConfidence");
  public static final SearchAttributeKey<String> DEFINITION =
      SearchAttributeKey.forKeyword("FleetDefinition");

  /** Name to Temporal type ({@code Keyword}, {@code Bool}, {@code Double}) for registration. */
  public static final Map<String, String> ALL =
      Map.of(
          "FleetAgent", "Keyword",
          "FleetRecordId", "Keyword",
          "FleetStatus", "Keyword",
          "FleetStep", "Keyword",
          "FleetNeedsApproval", "Bool",
          "FleetApprovalRole", "Keyword",
          "FleetCategory", "Keyword",
          "FleetConfidence", "Double",
          "FleetDefinition", "Keyword");

  private FleetSearchAttributes() {}
}
