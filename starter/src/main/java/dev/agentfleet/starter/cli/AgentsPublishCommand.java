package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.agents.AgentCatalog;
import dev.agentfleet.starter.agents.DefinitionPublisher;
import dev.agentfleet.starter.ledger.CliLedger;
import dev.agentfleet.starter.local.Ed25519KeyFiles;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleet agents publish FILE}: checks a playbook, signs it with the fleet's release key
 * (created on first use under {@code $FLEET_HOME/keys/release.key}, its public key added to {@code
 * release.pub}, which the workers trust) and registers it in the ledger, where every worker finds
 * it by hash. Runs of that exact text then run on workers that trust the key, wherever the CLI read
 * the playbook from.
 */
@Command(
    name = "publish",
    description = {
      "Sign a playbook with the release key and register it so the workers run it.",
      "Runs name a definition by the SHA-256 of its text; the workers run only definitions",
      "deployed with them or published here with a signature their release keys verify."
    })
final class AgentsPublishCommand implements Callable<Integer> {

  private final FleetContext context;

  @Parameters(paramLabel = "FILE", description = "a playbook file, or the name of an agent")
  String file;

  @Option(
      names = "--json",
      description = "print what was published as JSON: agent, sha256, keyId, added")
  boolean json;

  AgentsPublishCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    AgentCatalog catalog = AgentsCommand.catalog(context);
    LintResult check = catalog.check(file);
    if (!check.valid()) {
      check.messages().forEach(context.err()::println);
      throw new FleetException(
          check.source() + " is not a valid playbook; fix it before publishing it");
    }
    Path path = catalog.resolve(file);
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FleetException("cannot read " + check.source() + ": " + e.getMessage());
    }
    if (!check.playbook().sha256().equals(dev.agentfleet.workflows.run.WorkflowIds.sha256(text))) {
      throw new FleetException(check.source() + " changed while it was being published; try again");
    }
    Ed25519KeyFiles keys = Ed25519KeyFiles.release(context.paths(), context.env());
    keys.ensure()
        .ifPresent(
            id ->
                context
                    .err()
                    .println(
                        "created the release signing key "
                            + context.paths().show(keys.signingKey())
                            + " (key "
                            + id
                            + "); workers trust it through "
                            + context.paths().show(keys.publicKeys())));
    DefinitionPublisher.Published published =
        new DefinitionPublisher(CliLedger.fromEnv(context.env(), context.paths()), keys)
            .publish(check.playbook(), text);
    if (json) {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("agent", published.agent());
      answer.put("sha256", published.sha256());
      answer.put("keyId", published.keyId());
      answer.put("added", published.added());
      context.printJson(answer);
      return 0;
    }
    context
        .out()
        .println(
            (published.added() ? "published " : "already published ")
                + published.agent()
                + " "
                + published.sha256()
                + " signed by release key "
                + published.keyId());
    return 0;
  }
}
