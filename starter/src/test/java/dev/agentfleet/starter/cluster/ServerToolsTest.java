package dev.agentfleet.starter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.local.FleetPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerToolsTest {

  @TempDir Path repo;

  private FleetPaths paths() {
    return FleetPaths.from(Map.of("FLEET_REPO", repo.toString()));
  }

  private static Path executable(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static void schema(Path v12) throws IOException {
    Files.createDirectories(v12.resolve("temporal").resolve("versioned"));
    Files.createDirectories(v12.resolve("visibility").resolve("versioned"));
  }

  @Test
  void uses_the_copy_built_before_for_this_version() throws IOException {
    Path cache = ServerTools.cacheDir(paths());
    assertThat(cache.getFileName().toString()).isEqualTo("temporal-server-" + ServerTools.VERSION);
    executable(cache.resolve("temporal-server"));
    executable(cache.resolve("temporal-sql-tool"));
    schema(cache.resolve("schema/postgresql/v12"));

    ServerTools tools = ServerTools.find(paths(), Map.of("PATH", "")).orElseThrow();

    assertThat(tools.server()).isEqualTo(cache.resolve("temporal-server"));
    assertThat(tools.schemaDir()).isEqualTo(cache.resolve("schema/postgresql/v12"));
  }

  @Test
  void uses_the_programs_on_path_with_the_schema_folder_named() throws IOException {
    Path bin = repo.resolve("bin");
    executable(bin.resolve("temporal-server"));
    executable(bin.resolve("temporal-sql-tool"));
    Path v12 = repo.resolve("schema");
    schema(v12);

    ServerTools tools =
        ServerTools.find(
                paths(),
                Map.of("PATH", bin.toString(), "FLEET_TEMPORAL_SCHEMA_DIR", v12.toString()))
            .orElseThrow();

    assertThat(tools.sqlTool()).isEqualTo(bin.resolve("temporal-sql-tool"));
    assertThat(tools.schemaDir()).isEqualTo(v12);
  }

  @Test
  void a_schema_folder_without_the_schemas_is_named_in_the_error() throws IOException {
    Path bin = repo.resolve("bin");
    executable(bin.resolve("temporal-server"));
    executable(bin.resolve("temporal-sql-tool"));

    assertThatThrownBy(
            () ->
                ServerTools.find(
                    paths(),
                    Map.of("PATH", bin.toString(), "FLEET_TEMPORAL_SCHEMA_DIR", "/nowhere")))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("FLEET_TEMPORAL_SCHEMA_DIR=/nowhere")
        .hasMessageContaining("schema/postgresql/v12");
  }

  @Test
  void without_go_the_error_says_what_is_missing_and_how_to_get_it() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(
            () ->
                ServerTools.ensure(
                    paths(),
                    Map.of("PATH", repo.resolve("empty").toString()),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    List.of(repo.resolve("no-go-here"))))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("Temporal server " + ServerTools.VERSION)
        .hasMessageContaining("no go was found")
        .hasMessageContaining("https://go.dev/dl/");
    assertThat(Files.exists(ServerTools.cacheDir(paths()))).isFalse();
  }

  @Test
  void go_is_found_on_path_before_goroot() throws IOException {
    Path onPath = executable(repo.resolve("path/go"));
    executable(repo.resolve("root/bin/go"));

    assertThat(
            ServerTools.findGo(
                Map.of(
                    "PATH",
                    onPath.getParent().toString(),
                    "GOROOT",
                    repo.resolve("root").toString()),
                List.of()))
        .contains(onPath);
    assertThat(ServerTools.findGo(Map.of("GOROOT", repo.resolve("root").toString()), List.of()))
        .contains(repo.resolve("root/bin/go"));
  }
}
