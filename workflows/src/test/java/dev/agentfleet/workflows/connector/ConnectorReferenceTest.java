package dev.agentfleet.workflows.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The reference part of docs/connectors.md is the catalog, written out: a connector, operation or
 * parameter added to the catalog and not to the docs fails here. Rewrite it with {@code
 * -Dfleet.writeConnectorReference=true}.
 */
class ConnectorReferenceTest {

  private static final Path DOCS = Path.of("..", "docs", "connectors.md");
  private static final String BEGIN = "<!-- catalog reference: generated, do not edit -->";
  private static final String END = "<!-- end of catalog reference -->";

  @Test
  void the_reference_in_docs_connectors_md_is_the_catalog() throws IOException {
    String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
    int begin = docs.indexOf(BEGIN);
    int end = docs.indexOf(END);
    assertThat(begin).as(BEGIN + " in " + DOCS).isNotNegative();
    assertThat(end).as(END + " in " + DOCS).isGreaterThan(begin);
    String written = docs.substring(begin + BEGIN.length(), end);
    String expected = "\n" + reference() + "\n";

    if (Boolean.getBoolean("fleet.writeConnectorReference")) {
      Files.writeString(
          DOCS,
          docs.substring(0, begin + BEGIN.length()) + expected + docs.substring(end),
          StandardCharsets.UTF_8);
      written = expected;
    }

    assertThat(written)
        .as(
            "docs/connectors.md is behind the catalog; run with -Dfleet.writeConnectorReference=true")
        .isEqualTo(expected);
  }

  @Test
  void every_parameter_has_a_description_and_every_required_one_an_example() {
    for (ConnectorSpec connector : ConnectorCatalog.all()) {
      for (OperationSpec op : connector.operations()) {
        for (ParamSpec param : op.params()) {
          String at = connector.name() + "." + op.name() + " params." + param.name();
          assertThat(param.description()).as(at).isNotBlank();
          if (param.required()) {
            assertThat(param.example())
                .as(at + " is required, so the docs show an example")
                .isNotNull();
          }
        }
      }
    }
  }

  private static String reference() {
    List<String> lines = new ArrayList<>();
    for (ConnectorSpec connector : ConnectorCatalog.all()) {
      lines.add("### " + connector.name());
      lines.add("");
      lines.add(connector.description());
      for (OperationSpec op : connector.operations()) {
        lines.add("");
        lines.add(
            "**"
                + connector.name()
                + "."
                + op.name()
                + "**"
                + (op.open() ? " (open: any other parameter is passed on)" : "")
                + (op.read() ? " (read-only: may run with `execution: local`)" : "")
                + ": "
                + op.description());
        if (!op.anyOf().isEmpty()) {
          lines.add("");
        }
        for (OperationSpec.AnyOf group : op.anyOf()) {
          lines.add(
              "- needs at least one of "
                  + group.names().stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "))
                  + " ("
                  + group.description()
                  + ")");
        }
        if (op.params().isEmpty()) {
          continue;
        }
        lines.add("");
        lines.add("| param | type | required | meaning | example |");
        lines.add("| --- | --- | --- | --- | --- |");
        for (ParamSpec p : op.params()) {
          lines.add(
              "| `"
                  + p.name()
                  + "` | "
                  + p.type().name().toLowerCase(Locale.ROOT)
                  + " | "
                  + (p.required() ? "yes" : "no")
                  + " | "
                  + p.description()
                  + (p.currency() == null ? "" : "; its currency is `" + p.currency() + "`")
                  + " | "
                  + (p.example() == null ? "" : "`" + p.example() + "`")
                  + " |");
        }
      }
      lines.add("");
    }
    lines.add("### Channels");
    lines.add("");
    lines.add("| notify or alert channel | calls |");
    lines.add("| --- | --- |");
    new TreeMap<>(ConnectorCatalog.CHANNELS)
        .forEach((channel, target) -> lines.add("| `" + channel + "` | `" + target + "` |"));
    return String.join("\n", lines);
  }
}
