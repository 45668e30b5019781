package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.ledger.CliLedger;
import dev.agentfleet.starter.sandbox.FaultOptions;
import dev.agentfleet.starter.sandbox.SandboxBooking;
import dev.agentfleet.starter.sandbox.SandboxCard;
import dev.agentfleet.starter.sandbox.SandboxFaultRow;
import dev.agentfleet.starter.sandbox.SandboxLead;
import dev.agentfleet.starter.sandbox.SandboxPost;
import dev.agentfleet.starter.sandbox.SandboxStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleet sandbox}: the faults injected into the connectors, changeable while the fleet runs,
 * and what the sandbox connectors hold (posts, bookings, CRM leads, cards), in the ledger database.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description =
        "Inject latency and failures into connectors while the fleet runs, and list what the"
            + " sandbox connectors hold.",
    subcommands = {
      SandboxCommand.Faults.class,
      SandboxFaultCommands.Fault.class,
      SandboxFaultCommands.Clear.class,
      SandboxCommand.Posts.class,
      SandboxCommand.Bookings.class,
      SandboxCommand.Crm.class,
      SandboxCommand.Cards.class
    })
final class SandboxCommand implements Callable<Integer> {

  private final FleetContext context;

  @Spec CommandSpec spec;

  SandboxCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return FleetCommand.USAGE;
  }

  static SandboxStore store(FleetContext context) {
    return new SandboxStore(CliLedger.fromEnv(context.env(), context.paths()));
  }

  /** {connector, operation} of a {@code CONNECTOR.OPERATION} argument, or a usage error. */
  static String[] target(String text) {
    try {
      return FaultOptions.target(text);
    } catch (IllegalArgumentException e) {
      throw new FleetException(e.getMessage(), FleetCommand.USAGE);
    }
  }

  /** A subcommand that lists one kind of sandbox row as a table, or says there are none. */
  abstract static class Listing<T> implements Callable<Integer> {
    private final FleetContext context;
    private final String what;
    private final Function<SandboxStore, List<T>> rows;
    private final List<String> headers;
    private final Function<T, Object[]> cells;

    @Option(names = "--json", description = "print the ${COMMAND-NAME} as JSON")
    boolean json;

    Listing(
        FleetContext context,
        String what,
        Function<SandboxStore, List<T>> rows,
        List<String> headers,
        Function<T, Object[]> cells) {
      this.context = context;
      this.what = what;
      this.rows = rows;
      this.headers = headers;
      this.cells = cells;
    }

    @Override
    public Integer call() {
      SandboxStore store = store(context);
      List<T> found = rows.apply(store);
      if (json) {
        context.printJson(found);
      } else if (found.isEmpty()) {
        context.out().println("no " + what + " in " + store.database().describe());
      } else {
        TextTable table = new TextTable(headers.toArray(String[]::new));
        found.forEach(row -> table.row(cells.apply(row)));
        table.print(context.out());
      }
      return 0;
    }
  }

  @Command(
      name = "faults",
      mixinStandardHelpOptions = true,
      description = "List the faults injected into connectors.")
  static final class Faults extends Listing<SandboxFaultRow> {
    Faults(FleetContext context) {
      super(
          context,
          "sandbox faults",
          store -> store.faults(Instant.now()),
          List.of("TARGET", "FAIL RATE", "TIMEOUT RATE", "LATENCY MS", "UNTIL", "STATE"),
          f ->
              new Object[] {
                f.target(),
                f.failRate(),
                f.timeoutRate(),
                f.latencyMs(),
                f.until() == null ? "cleared" : f.until(),
                f.active() ? "active" : "expired"
              });
    }
  }

  @Command(
      name = "posts",
      mixinStandardHelpOptions = true,
      description = "List what the sandbox publisher published where.")
  static final class Posts extends Listing<SandboxPost> {
    Posts(FleetContext context) {
      super(
          context,
          "posts",
          SandboxStore::posts,
          List.of(
              "PUBLISHED", "CHANNEL", "LANG", "STATUS", "TITLE", "URL", "POST ID", "WORKFLOW ID"),
          p ->
              new Object[] {
                p.publishedAt(),
                p.channel(),
                p.language(),
                p.status(),
                p.title(),
                p.url(),
                p.postId(),
                p.workflowId()
              });
    }
  }

  @Command(
      name = "bookings",
      mixinStandardHelpOptions = true,
      description = "List the meetings in the sandbox calendar.")
  static final class Bookings extends Listing<SandboxBooking> {
    Bookings(FleetContext context) {
      super(
          context,
          "bookings",
          SandboxStore::bookings,
          List.of("START", "END", "STATUS", "LEAD", "BOOKING ID", "WORKFLOW ID"),
          b ->
              new Object[] {
                b.start(),
                b.end(),
                b.status(),
                b.leadId() != null ? b.leadId() : b.email(),
                b.bookingId(),
                b.workflowId()
              });
    }
  }

  @Command(
      name = "crm",
      mixinStandardHelpOptions = true,
      description = "List the leads in the sandbox CRM.")
  static final class Crm extends Listing<SandboxLead> {
    Crm(FleetContext context) {
      super(
          context,
          "CRM leads",
          SandboxStore::leads,
          List.of(
              "LEAD ID",
              "NAME",
              "COMPANY",
              "TITLE",
              "EMPLOYEES",
              "COUNTRY",
              "LAST CONTACT",
              "STATUS",
              "UPDATES"),
          l ->
              new Object[] {
                l.leadId(),
                l.name(),
                l.company(),
                l.title(),
                l.employees(),
                l.country(),
                l.lastContact(),
                l.status(),
                l.updates()
              });
    }
  }

  @Command(
      name = "cards",
      mixinStandardHelpOptions = true,
      description = "List the cards in the sandbox card processor (frozen or active).")
  static final class Cards extends Listing<SandboxCard> {
    Cards(FleetContext context) {
      super(
          context,
          "cards",
          SandboxStore::cards,
          List.of("CARD ID", "HOLDER", "STATUS", "CHANGES", "WORKFLOW ID", "UPDATED"),
          c ->
              new Object[] {
                c.cardId(), c.holder(), c.status(), c.changes(), c.workflowId(), c.updatedAt()
              });
    }
  }
}
