package dev.rampart.render.ferm;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Chain;
import dev.rampart.core.Coexist;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The chains ferm keeps with {@code @preserve} in one table: the ruleset's foreign chains always,
 * and in coexist mode every built-in chain of the table, and where the host has them every chain of
 * the Docker layout except the ones the ruleset manages ({@code DOCKER-USER}) and the registry
 * {@value Coexist#REGISTRY}. A preserved chain gets no rules and no policy from ferm; our rules of
 * built-in chains live in the chains {@code RAMPART-<chain>} ferm writes, their jumps and policies
 * are set by {@link Hooks}.
 */
final class Preserves {
  private static final String PREFIX = "DOCKER";

  private final Table table;
  private final RenderMode mode;
  private final DockerLayout layout;

  private Preserves(Table table, RenderMode mode, DockerLayout layout) {
    this.table = table;
    this.mode = mode;
    this.layout = layout;
  }

  /**
   * The preserved chains of {@code table}.
   *
   * @throws UnsupportedFeatureException naming the first rule in a chain preserved for Docker
   */
  static Preserves of(Table table, RenderMode mode, DockerLayout layout) {
    Preserves p = new Preserves(table, mode, layout);
    p.check();
    return p;
  }

  /** The table whose chains these are. */
  TableName table() {
    return table.name();
  }

  private List<String> profile(Family family) {
    return mode == RenderMode.COEXIST ? layout.chains(family, table.name()) : ImmutableList.of();
  }

  /** Whether the ruleset's chain is kept by ferm rather than written. */
  boolean isPreserved(Chain chain) {
    if (!chain.isManaged() || isHooked(chain)) {
      return true;
    }
    boolean docker = profile(Family.IPV4).contains(chain.name());
    return docker && !chain.name().equals(DockerLayout.DOCKER_USER);
  }

  /**
   * Whether the chain is one of the Docker layout's in coexist mode (ferm writes only {@code
   * DOCKER-USER} of them, which Docker may or may not have created).
   */
  boolean isDockers(Chain chain) {
    return profile(Family.IPV4).contains(chain.name())
        || profile(Family.IPV6).contains(chain.name());
  }

  /**
   * Whether the chain is one of the table's built-in chains in coexist mode: preserved, and its
   * rules and policy applied by {@link Hooks} after ferm has loaded.
   */
  boolean isHooked(Chain chain) {
    return mode == RenderMode.COEXIST && chain.isManaged() && table.name().hasBuiltin(chain.name());
  }

  private void check() {
    for (Chain chain : table.chains()) {
      if (!chain.isManaged() || !isPreserved(chain) || isHooked(chain)) {
        continue;
      }
      // only built-in chains carry policies, and those are hooked
      if (!chain.rules().isEmpty()) {
        throw new UnsupportedFeatureException(
            FermRenderer.BACKEND,
            "a rule in a chain ferm preserves for Docker (" + layout + ")",
            chain.name(),
            RuleRef.of(table.name(), chain.name(), 1));
      }
    }
  }

  /**
   * The chain names preserved whether the host has them or not: in coexist mode the table's
   * built-in chains (netfilter's order), then the ruleset's foreign chains and the layout's chains
   * it declares (an empty copy lets our jumps to them load).
   */
  ImmutableList<String> names() {
    Set<String> out = new LinkedHashSet<>();
    if (mode == RenderMode.COEXIST) {
      out.addAll(table.name().builtinChains());
    }
    for (Chain chain : table.chains()) {
      if (isPreserved(chain)) {
        out.add(chain.name());
      }
    }
    return ImmutableList.copyOf(out);
  }

  /**
   * The chain names preserved only where the host has them, for {@code family}: in coexist mode the
   * Docker layout's chains the ruleset does not declare (with {@code form} {@link
   * PreserveForm#NAMES}; the regular expression covers them otherwise) and the registry {@value
   * Coexist#REGISTRY}; ferm also keeps the {@link #unusedManagedChains} where the host has them.
   */
  ImmutableList<String> hostNames(Family family, PreserveForm form) {
    Set<String> out = new LinkedHashSet<>();
    if (mode != RenderMode.COEXIST) {
      return ImmutableList.of();
    }
    if (form == PreserveForm.NAMES) {
      for (String name : profile(family)) {
        if (table.chain(name).isEmpty() && !table.name().hasBuiltin(name)) {
          out.add(name);
        }
      }
    }
    out.add(Coexist.REGISTRY);
    return ImmutableList.copyOf(out);
  }

  /**
   * In coexist mode, the managed chains {@code RAMPART-<chain>} of the table's built-in chains the
   * ruleset does not declare: kept as they are where the host has them (an earlier policy's), so
   * that ferm does not empty them while their built-in chain still has that policy's jump and
   * policy; the hook's one transaction then deletes jump and chain and puts the policy back.
   */
  ImmutableList<String> unusedManagedChains() {
    if (mode != RenderMode.COEXIST) {
      return ImmutableList.of();
    }
    return table.name().builtinChains().stream()
        .filter(b -> table.chain(b).isEmpty())
        .map(Coexist::chainFor)
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * The regex form: one {@code '/^DOCKER.../'} word for every Docker chain that is not ours, then
   * the other preserved names (built-in chains, foreign chains not starting with DOCKER).
   */
  ImmutableList<String> regexWords() {
    List<String> ours = new ArrayList<>();
    for (Chain chain : table.chains()) {
      if (chain.name().startsWith(PREFIX) && !isPreserved(chain)) {
        ours.add(chain.name().substring(PREFIX.length()).replace(".", "\\."));
      }
    }
    List<String> words = new ArrayList<>();
    if (mode == RenderMode.COEXIST) {
      String regex =
          ours.isEmpty()
              ? "/^" + PREFIX + "/"
              : "/^" + PREFIX + "(?!(?:" + String.join("|", ours) + ")$)/";
      words.add("'" + regex + "'");
    }
    for (String name : names()) {
      if (!(mode == RenderMode.COEXIST && name.startsWith(PREFIX))) {
        words.add(name);
      }
    }
    return ImmutableList.copyOf(words);
  }
}
