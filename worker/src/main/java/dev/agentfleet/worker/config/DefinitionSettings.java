package dev.agentfleet.worker.config;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which agent definitions a worker runs. A run names its definition by hash; the worker runs it
 * only when it is deployed with the worker or published with a signature a release key verifies.
 *
 * @param agentsDirs the folders of deployed playbooks ({@code FLEET_AGENTS_DIR}, several separated
 *     by {@code :}; default {@code $FLEET_REPO/agents}, else {@code ./agents}); re-read on change
 * @param releasePublicKeys the release keys whose signatures make a published definition trusted
 *     ({@code FLEET_RELEASE_PUBLIC_KEYS}, default {@code <home>/keys/release.pub}); re-read on
 *     change
 * @param trustLocal whether a definition a client sends inline runs when the worker does not hold
 *     it ({@code FLEET_TRUST_LOCAL_DEFINITIONS=1}): a development setting, off by default
 */
public record DefinitionSettings(
    List<Path> agentsDirs, Path releasePublicKeys, boolean trustLocal) {

  public static final String AGENTS_DIR = "FLEET_AGENTS_DIR";
  public static final String RELEASE_PUBLIC_KEYS = "FLEET_RELEASE_PUBLIC_KEYS";
  public static final String TRUST_LOCAL = "FLEET_TRUST_LOCAL_DEFINITIONS";

  /** Reads the settings; a malformed switch fails with the variable's name. */
  public static DefinitionSettings fromEnv(Map<String, String> env, Path home) {
    String dirs = env.getOrDefault(AGENTS_DIR, "").strip();
    List<Path> agents;
    if (dirs.isEmpty()) {
      String repo = env.getOrDefault("FLEET_REPO", "").strip();
      agents = List.of((repo.isEmpty() ? Path.of("agents") : Path.of(repo, "agents")));
    } else {
      agents =
          Arrays.stream(dirs.split(File.pathSeparator))
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .map(Path::of)
              .toList();
    }
    String keys = env.getOrDefault(RELEASE_PUBLIC_KEYS, "").strip();
    return new DefinitionSettings(
        agents.stream().map(p -> p.toAbsolutePath().normalize()).toList(),
        keys.isEmpty()
            ? home.resolve("keys").resolve("release.pub")
            : Path.of(keys).toAbsolutePath(),
        flag(env, TRUST_LOCAL));
  }

  private static boolean flag(Map<String, String> env, String name) {
    String value = env.getOrDefault(name, "").strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "", "0", "false", "no" -> false;
      case "1", "true", "yes" -> true;
      default ->
          throw new IllegalArgumentException(
              name + " must be 1 or 0 (true or false), got '" + value + "'");
    };
  }
}
