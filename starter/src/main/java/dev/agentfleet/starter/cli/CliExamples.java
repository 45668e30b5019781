package dev.agentfleet.starter.cli;

import java.util.List;
import java.util.Map;

/**
 * One or two examples for each verb, shown at the end of its {@code --help} (and so in {@code
 * docs/cli.md}). Keyed by the verb's name without {@code fleet}; {@code HelpTest} fails when a verb
 * has none, so a new verb gets its examples when it is added.
 */
public final class CliExamples {

  private CliExamples() {}

  /** The examples of each verb, by its name without {@code fleet} ({@code "batch status"}). */
  public static Map<String, List<String>> byVerb() {
    return BY_VERB;
  }

  static final Map<String, List<String>> BY_VERB =
      Map.ofEntries(
          Map.entry(
              "up",
              List.of(
                  "./fleet up",
                  "./fleet up --model chaos --chaos 'latency=lognormal:200ms:2s,429=0.05,seed=7'",
                  "./fleet up --no-admin --json")),
          Map.entry("down", List.of("./fleet down", "./fleet down --json")),
          Map.entry(
              "cluster",
              List.of("./fleet cluster up --workers 2", "./fleet cluster status --json")),
          Map.entry(
              "cluster up",
              List.of(
                  "./fleet cluster up --workers 2",
                  "./fleet cluster up --services single --port 17233 --no-admin --json")),
          Map.entry(
              "cluster status", List.of("./fleet cluster status", "./fleet cluster status --json")),
          Map.entry("cluster down", List.of("./fleet cluster down", "./fleet cluster down --json")),
          Map.entry(
              "demo",
              List.of(
                  "./fleet demo",
                  "./fleet demo --agent lead-followup --input examples/leads.jsonl")),
          Map.entry(
              "run",
              List.of(
                  "./fleet run support-triage --input examples/tickets.jsonl",
                  "./fleet run support-triage --input examples/tickets.jsonl --wait --json")),
          Map.entry(
              "batch",
              List.of(
                  "./fleet batch support-triage --input examples/tickets.jsonl",
                  "./fleet batch support-triage --input tickets.csv --concurrency 20 --detach")),
          Map.entry("batch status", List.of("./fleet batch status BATCH_ID --json")),
          Map.entry(
              "runs",
              List.of(
                  "./fleet runs --status waiting-approval",
                  "./fleet runs --agent support-triage --limit 20 --json")),
          Map.entry(
              "status",
              List.of(
                  "./fleet status support-triage/T-1001",
                  "./fleet status support-triage/T-1001 --json")),
          Map.entry("pending", List.of("./fleet pending", "./fleet pending --json")),
          Map.entry(
              "approve",
              List.of(
                  "./fleet approve support-triage/T-1002 --as alice --comment 'checked the order'",
                  "./fleet approve support-triage/T-1002 --as alice --set reply='Thanks, refunded.'")),
          Map.entry(
              "reject",
              List.of(
                  "./fleet reject support-triage/T-1002 --as alice --comment 'not eligible'",
                  "./fleet reject support-triage/T-1002 --as alice --json")),
          Map.entry(
              "ledger",
              List.of("./fleet ledger", "./fleet ledger --workflow support-triage/T-1001 --json")),
          Map.entry(
              "cost",
              List.of("./fleet cost", "./fleet cost --agent support-triage --since 7d --json")),
          Map.entry(
              "audit", List.of("./fleet audit verify", "./fleet audit show support-triage/T-1001")),
          Map.entry(
              "audit verify",
              List.of(
                  "./fleet audit verify",
                  "./fleet audit verify --anchor audit-anchor.json --json")),
          Map.entry("audit show", List.of("./fleet audit show support-triage/T-1001 --json")),
          Map.entry(
              "sandbox",
              List.of(
                  "./fleet sandbox faults",
                  "./fleet sandbox fault payments.refund --fail-rate 0.5")),
          Map.entry("sandbox faults", List.of("./fleet sandbox faults --json")),
          Map.entry(
              "sandbox fault",
              List.of(
                  "./fleet sandbox fault payments.refund --fail-rate 1 --for PT5M",
                  "./fleet sandbox fault 'crm.*' --latency 800")),
          Map.entry(
              "sandbox clear",
              List.of("./fleet sandbox clear payments.refund", "./fleet sandbox clear --json")),
          Map.entry("sandbox posts", List.of("./fleet sandbox posts --json")),
          Map.entry("sandbox bookings", List.of("./fleet sandbox bookings")),
          Map.entry(
              "sandbox cards", List.of("./fleet sandbox cards", "./fleet sandbox cards --json")),
          Map.entry("sandbox crm", List.of("./fleet sandbox crm --json")),
          Map.entry("agents", List.of("./fleet agents", "./fleet agents --json")),
          Map.entry(
              "agents validate",
              List.of(
                  "./fleet agents validate agents/support-triage.yaml agents/lead-followup.yaml",
                  "./fleet agents validate agents/content-ops.yaml --json")),
          Map.entry(
              "agents publish",
              List.of(
                  "./fleet agents publish support-triage",
                  "./fleet agents publish agents/content-ops.yaml --json")),
          Map.entry(
              "agents show",
              List.of(
                  "./fleet agents show support-triage", "./fleet agents show bank-support --json")),
          Map.entry("dlq", List.of("./fleet dlq", "./fleet dlq --json")),
          Map.entry(
              "dlq retry",
              List.of(
                  "./fleet dlq retry support-triage/T-1003 --operator ops --reason 'CRM back up'",
                  "./fleet dlq retry --all --agent support-triage --step refund --json")),
          Map.entry(
              "dlq skip",
              List.of(
                  "./fleet dlq skip support-triage/T-1003 --operator ops --reason 'done by hand'")),
          Map.entry(
              "dlq abort",
              List.of(
                  "./fleet dlq abort support-triage/T-1003 --operator ops --reason 'duplicate ticket'")),
          Map.entry(
              "signal",
              List.of(
                  "./fleet signal content-ops/B-1 legal-review --data '{\"ok\":true}' --sender legal",
                  "./fleet signal lead-followup/L-2003 replied --json")),
          Map.entry(
              "replay",
              List.of(
                  "./fleet replay support-triage/T-1001",
                  "./fleet replay --file history.json --json")),
          Map.entry(
              "stats",
              List.of("./fleet stats", "./fleet stats --agent support-triage --limit 500 --json")),
          Map.entry("completion", List.of("source <(./fleet completion bash)")),
          Map.entry(
              "watch",
              List.of("./fleet watch", "./fleet watch --once", "./fleet watch --once --json")),
          Map.entry(
              "reset",
              List.of(
                  "./fleet reset support-triage/T-1001 --to-step triage --reason 'rule fixed'")),
          Map.entry("admin", List.of("./fleet admin serve --port 7070")),
          Map.entry("admin serve", List.of("./fleet admin serve --host 127.0.0.1 --port 7070")),
          Map.entry(
              "admin hash-password",
              List.of("echo 'a long passphrase' | ./fleet admin hash-password")));
}
