package dev.agentfleet.workflows.definition;

import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.DefinitionChecks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The worker's {@link DefinitionTrust}: a run's definition is trusted when one of the worker's
 * sources (its deployed folder, the published definitions its release keys verify) holds a
 * definition with that hash. A run started the old way, with the whole definition in its input, is
 * trusted only when a trusted definition has its hash and is equal to it. Only a worker told to
 * trust local definitions ({@code FLEET_TRUST_LOCAL_DEFINITIONS=1}, a development setting) runs a
 * definition a client sent that no source holds, after the same checks {@code ./fleet agents
 * validate} makes.
 *
 * <p>Pure decision over its sources; the I/O is theirs. Thread-safe when they are.
 */
public final class TrustedDefinitions implements DefinitionTrust, DefinitionLibrary {

  /** How many definitions {@link #byHash} keeps at once; the least recently read goes first. */
  static final int REMEMBERED = 256;

  private final List<DefinitionSource> sources;
  private final Map<String, AgentDefinition> remembered =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AgentDefinition> eldest) {
          return size() > REMEMBERED;
        }
      };
  private final boolean trustLocal;
  private final DefinitionChecks checks;

  /**
   * @param trustLocal whether definitions sent inline by a client are run when no source holds them
   * @param checks how an inline definition is checked when {@code trustLocal} lets it run
   */
  public TrustedDefinitions(
      List<DefinitionSource> sources, boolean trustLocal, DefinitionChecks checks) {
    this.sources = List.copyOf(sources);
    this.trustLocal = trustLocal;
    this.checks = checks;
  }

  @Override
  public DefinitionVerdict resolve(DefinitionClaim claim) {
    String name = claim.agent() == null ? "?" : claim.agent();
    if (claim.sha256() != null) {
      if (!DefinitionRef.isSha256(claim.sha256())) {
        return DefinitionVerdict.refused(
            "the run names its definition by '"
                + claim.sha256()
                + "', which is not a SHA-256 (64 lowercase hex digits)");
      }
      for (TrustedDefinition found : find(claim.sha256())) {
        if (!found.sha256().equals(claim.sha256())) {
          continue;
        }
        if (claim.inline() != null && !claim.inline().equals(found.definition())) {
          return DefinitionVerdict.refused(
              "the definition sent with the run differs from the trusted one of hash "
                  + claim.sha256());
        }
        return verdict(found, claim);
      }
    } else if (claim.inline() != null && isHexPrefix(claim.shortHash())) {
      for (TrustedDefinition found : find(claim.shortHash())) {
        if (claim.inline().equals(found.definition())) {
          return verdict(found, claim);
        }
      }
    }
    if (trustLocal && claim.inline() != null) {
      List<String> problems = checks.definitionProblems(claim.inline());
      if (!problems.isEmpty()) {
        return DefinitionVerdict.invalid(claim.inline(), problems);
      }
      return DefinitionVerdict.trusted(
          new TrustedDefinition(
              claim.inline(),
              claim.sha256(),
              "sent by the client; this worker trusts local definitions"
                  + " (FLEET_TRUST_LOCAL_DEFINITIONS)"));
    }
    String hash = claim.sha256() != null ? claim.sha256() : claim.shortHash();
    return DefinitionVerdict.refused(
        "definition "
            + name
            + " "
            + (hash == null ? "(no hash)" : hash)
            + " is not trusted by this worker — it is neither deployed with it nor published"
            + " with a signature its release keys verify (looked in "
            + String.join("; ", sources.stream().map(DefinitionSource::describe).toList())
            + "); publish it with ./fleet agents publish FILE, or deploy it to the workers'"
            + " agents folder");
  }

  /**
   * The trusted definition of this hash, from what this worker read before or else from its
   * sources; only a definition whose hash is exactly {@code sha256} is ever returned.
   */
  @Override
  public Optional<AgentDefinition> byHash(String sha256) {
    if (!DefinitionRef.isSha256(sha256)) {
      return Optional.empty();
    }
    synchronized (remembered) {
      AgentDefinition known = remembered.get(sha256);
      if (known != null) {
        return Optional.of(known);
      }
    }
    for (TrustedDefinition found : find(sha256)) {
      if (found.sha256().equals(sha256)) {
        remember(found);
        return Optional.of(found.definition());
      }
    }
    return Optional.empty();
  }

  /** Trusted: by reference when the run reads its definition from this library, else whole. */
  private DefinitionVerdict verdict(TrustedDefinition found, DefinitionClaim claim) {
    if (!claim.byReference()) {
      return DefinitionVerdict.trusted(found);
    }
    remember(found);
    return DefinitionVerdict.trustedByReference(found);
  }

  private void remember(TrustedDefinition found) {
    synchronized (remembered) {
      remembered.put(found.sha256(), found.definition());
    }
  }

  private List<TrustedDefinition> find(String prefix) {
    List<TrustedDefinition> found = new ArrayList<>();
    for (DefinitionSource source : sources) {
      found.addAll(source.find(prefix));
    }
    found.removeIf(Objects::isNull);
    return found;
  }

  private static boolean isHexPrefix(String text) {
    return text != null && text.matches("[0-9a-f]{12,64}");
  }
}
