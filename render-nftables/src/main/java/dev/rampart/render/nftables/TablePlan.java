package dev.rampart.render.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.docker.DockerChains;
import dev.rampart.core.target.ConnMark;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the chains of one model table become chains of one nft table: which are base chains (type,
 * hook, priority) and which regular, and every check of meaning that depends on the hooks a chain
 * is reached from. Throws {@link UnsupportedFeatureException} for what the Docker profile cannot
 * keep.
 */
final class TablePlan {
  static final String BACKEND = "nftables";
  static final String DOCKER_USER = DockerChains.DOCKER_USER;

  /** A base chain's declaration. */
  record Base(String type, String hook, int priority) {}

  private static final ImmutableMap<TableName, Integer> PRIORITY =
      ImmutableMap.of(
          TableName.RAW, -300, TableName.MANGLE, -150, TableName.NAT, -100, TableName.FILTER, 0);

  private final Table table;
  private final DockerBackend docker;
  private final Map<String, Base> bases = new LinkedHashMap<>();
  private final Map<String, Set<String>> reachedFrom = new LinkedHashMap<>();

  TablePlan(Table table, DockerBackend docker) {
    this.table = table;
    this.docker = docker;
    for (Chain chain : managed()) {
      base(chain.name()).ifPresent(b -> bases.put(chain.name(), b));
    }
    for (String root : bases.keySet()) {
      for (String reached : reach(root)) {
        reachedFrom.computeIfAbsent(reached, k -> new LinkedHashSet<>()).add(root);
      }
    }
  }

  /** The managed chains, in model order. */
  ImmutableList<Chain> managed() {
    return table.chains().stream()
        .filter(Chain::isManaged)
        .collect(ImmutableList.toImmutableList());
  }

  /** The base chain declaration of {@code chain}, if it is one. */
  Optional<Base> baseOf(String chain) {
    return Optional.ofNullable(bases.get(chain));
  }

  private boolean withDocker() {
    return docker != DockerBackend.NONE;
  }

  private Optional<Base> base(String chain) {
    TableName t = table.name();
    int shift = withDocker() ? -1 : 0;
    if (withDocker() && t == TableName.FILTER && chain.equals(DOCKER_USER)) {
      return Optional.of(new Base("filter", "forward", -1));
    }
    if (!t.hasBuiltin(chain)) {
      return Optional.empty();
    }
    int priority = java.util.Objects.requireNonNull(PRIORITY.get(t));
    if (t == TableName.NAT && (chain.equals("POSTROUTING") || chain.equals("INPUT"))) {
      priority = 100;
    }
    if (withDocker() && t == TableName.FILTER && chain.equals("FORWARD")) {
      shift = -2; // before DOCKER-USER, as our rules come first in iptables' FORWARD
    }
    String type = t == TableName.NAT ? "nat" : "filter";
    return Optional.of(new Base(type, chain.toLowerCase(java.util.Locale.ROOT), priority + shift));
  }

  /** Whether Docker's chains also decide packets on the hook of {@code root}. */
  private boolean dockerDecides(String root) {
    if (!withDocker()) {
      return false;
    }
    return switch (table.name()) {
      case FILTER -> root.equals("FORWARD") || root.equals(DOCKER_USER);
      case NAT -> true;
      case RAW -> root.equals("PREROUTING");
      case MANGLE -> false;
    };
  }

  private Set<String> reach(String root) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!seen.add(name)) {
        continue;
      }
      table
          .chain(name)
          .filter(Chain::isManaged)
          .ifPresent(c -> c.rules().forEach(r -> r.target().chain().ifPresent(todo::add)));
    }
    return seen;
  }

  /**
   * Checks every managed chain against the profile.
   *
   * @throws UnsupportedFeatureException for the first rule whose meaning nftables cannot keep
   */
  void check() {
    for (Chain chain : managed()) {
      ChainRef place = ChainRef.of(table.name(), chain.name());
      NftNames.problem(chain.name())
          .ifPresent(
              p -> {
                throw unsupported(p, chain.name(), place);
              });
      Set<String> roots = reachedFrom.getOrDefault(chain.name(), ImmutableSet.of());
      boolean contestedRoot = bases.containsKey(chain.name()) && dockerDecides(chain.name());
      if (contestedRoot && !chain.name().equals(DOCKER_USER) && chain.hasPolicy()) {
        throw unsupported(
            "a policy where Docker's chains also decide (the policy of this hook belongs to"
                + " Docker; leave it unset and end with a DROP rule for what you deny)",
            chain.policy().map(Enum::name).orElse(chain.familyPolicies().toString()),
            place);
      }
      // the same for every rule of the chain: asked once per chain, not per rule
      Optional<String> contested = roots.stream().filter(this::dockerDecides).findFirst();
      boolean split = bases.containsKey(chain.name()) && splitPolicy(chain);
      for (int i = 0; i < chain.rules().size(); i++) {
        Rule rule = chain.rules().get(i);
        if (mayRefuse(rule, contested, split, contestedRoot, roots)) {
          checkRule(chain, rule, roots, contestedRoot, contested, place.rule(i + 1));
        }
      }
    }
  }

  /**
   * Whether {@link #checkRule} can refuse {@code rule}: only a jump, ACCEPT, RETURN, goto or a
   * target restricted to some hooks can be refused, so the place of the many rules that are none of
   * these is never made.
   */
  private static boolean mayRefuse(
      Rule rule,
      Optional<String> contested,
      boolean split,
      boolean contestedRoot,
      Set<String> roots) {
    Target target = rule.target();
    return target.chain().isPresent()
        || (contested.isPresent() && target == Verdict.ACCEPT)
        || ((split || contestedRoot) && (target == Verdict.RETURN || target.isGoto()))
        || (!roots.isEmpty() && target.accept(HookLimit.OF).isPresent());
  }

  private void checkRule(
      Chain chain,
      Rule rule,
      Set<String> roots,
      boolean contestedRoot,
      Optional<String> contested,
      RuleRef place) {
    Target target = rule.target();
    Optional<String> to = target.chain();
    if (to.isPresent()) {
      String name = to.get();
      if (table.chain(name).filter(c -> !c.isManaged()).isPresent()) {
        throw unsupported(
            "a jump to a foreign chain (Docker's chains live in Docker's own tables, which an"
                + " nftables table cannot jump into; in DOCKER-USER write RETURN to hand the"
                + " packet to Docker's chains)",
            name,
            place);
      }
      if (withDocker() && table.name() == TableName.FILTER && name.equals(DOCKER_USER)) {
        throw unsupported(
            "a jump to a chain that beside Docker is a forward base chain of its own, running"
                + " ahead of Docker's chains (remove the jump)",
            name,
            place);
      }
    }
    if (contested.isPresent() && target == Verdict.ACCEPT) {
      throw refuseAccept(contested.get(), place);
    }
    if (bases.containsKey(chain.name()) && splitPolicy(chain)) {
      boolean jumpsOut = target == Verdict.RETURN || target.isGoto();
      if (jumpsOut) {
        throw unsupported(
            "RETURN or goto in a base chain whose policy differs between ipv4 and ipv6 (an inet"
                + " base chain has one policy: the other family's is its last rule, which a"
                + " return skips; end the chain's path with ACCEPT or DROP instead)",
            chain.name(),
            place);
      }
    }
    if (contestedRoot && !chain.name().equals(DOCKER_USER)) {
      if (target == Verdict.RETURN) {
        throw unsupported(
            "RETURN in a built-in chain where Docker's chains also decide (in iptables it skips"
                + " Docker's rules in the chain, an nftables return lets them decide; leave the"
                + " rule out to let Docker decide, or write DROP)",
            chain.name(),
            place);
      }
      if (target.isGoto()) {
        throw unsupported(
            "goto from a built-in chain where Docker's chains also decide (when the target chain"
                + " ends, iptables applies the policy and skips Docker's rules; write jump"
                + " instead)",
            chain.name(),
            place);
      }
    }
    checkHooks(target, roots, place);
  }

  /**
   * Whether {@code chain}'s policy differs between the families: an inet base chain then gets
   * policy accept and a last rule dropping the families whose policy is DROP.
   */
  static boolean splitPolicy(Chain chain) {
    return !chain.policyFor(Family.IPV4).equals(chain.policyFor(Family.IPV6));
  }

  private UnsupportedFeatureException refuseAccept(String root, RuleRef place) {
    if (table.name() == TableName.NAT) {
      return unsupported(
          "ACCEPT in the nat table beside Docker (an nftables accept cannot stop Docker's nat"
              + " chains from translating the packet; leave the rule out, or render for"
              + " iptables)",
          root,
          place);
    }
    if (table.name() == TableName.RAW) {
      return unsupported(
          "ACCEPT in raw PREROUTING beside Docker (an nftables accept cannot skip Docker's raw"
              + " drops; leave the rule out to let Docker decide, or write DROP)",
          root,
          place);
    }
    return unsupported(
        "ACCEPT in the path of a chain where Docker's chains also decide (beside Docker an"
            + " nftables accept only ends our base chain and cannot skip Docker's checks; write"
            + " RETURN to let Docker's chains decide, or DROP to deny)",
        root,
        place);
  }

  private void checkHooks(Target target, Set<String> roots, RuleRef place) {
    Optional<HookLimit> limit = target.accept(HookLimit.OF);
    if (limit.isEmpty()) {
      return;
    }
    for (String root : roots) {
      String hook = java.util.Objects.requireNonNull(bases.get(root)).hook();
      if (!limit.get().hooks().contains(hook)) {
        throw unsupported(
            limit.get().what()
                + " reached from a hook nftables does not allow it on (only on "
                + String.join(", ", limit.get().hooks())
                + ")",
            root,
            place);
      }
    }
  }

  /** The refusal of {@code feature} with {@code value} at {@code place}. */
  static UnsupportedFeatureException unsupported(String feature, Object value, Place place) {
    return new UnsupportedFeatureException(BACKEND, feature, String.valueOf(value), place);
  }

  /** The refusal of {@code feature} at {@code place}, with no value to show. */
  static UnsupportedFeatureException unsupported(String feature, Place place) {
    return new UnsupportedFeatureException(BACKEND, feature, "", place);
  }

  /** The hooks a target is valid on, for the targets nftables restricts. */
  record HookLimit(String what, ImmutableSet<String> hooks) {
    static final Target.Visitor<Optional<HookLimit>> OF =
        new Target.Visitor<>() {
          @Override
          public Optional<HookLimit> visitVerdict(Verdict t) {
            return Optional.empty();
          }

          @Override
          public Optional<HookLimit> visitReject(Reject t) {
            return Optional.of(
                new HookLimit("REJECT", ImmutableSet.of("input", "forward", "output")));
          }

          @Override
          public Optional<HookLimit> visitJump(Jump t) {
            return Optional.empty();
          }

          @Override
          public Optional<HookLimit> visitLog(Log t) {
            return Optional.empty();
          }

          @Override
          public Optional<HookLimit> visitDnat(Dnat t) {
            return Optional.of(new HookLimit("DNAT", ImmutableSet.of("prerouting", "output")));
          }

          @Override
          public Optional<HookLimit> visitSnat(Snat t) {
            return Optional.of(new HookLimit("SNAT", ImmutableSet.of("postrouting", "input")));
          }

          @Override
          public Optional<HookLimit> visitMasquerade(Masquerade t) {
            return Optional.of(new HookLimit("MASQUERADE", ImmutableSet.of("postrouting")));
          }

          @Override
          public Optional<HookLimit> visitMark(Mark t) {
            return Optional.empty();
          }

          @Override
          public Optional<HookLimit> visitConnMark(ConnMark t) {
            return Optional.empty();
          }

          @Override
          public Optional<HookLimit> visitCt(Ct t) {
            return Optional.empty();
          }

          @Override
          public Optional<HookLimit> visitNotrack(Notrack t) {
            return Optional.empty();
          }

          @Override
          public Optional<HookLimit> visitRedirect(Redirect t) {
            return Optional.empty();
          }

          @Override
          public Optional<HookLimit> visitNflog(Nflog t) {
            return Optional.empty();
          }

          @Override
          public Optional<HookLimit> visitTcpMss(TcpMss t) {
            return Optional.empty();
          }

          @Override
          public Optional<HookLimit> visitOpaque(OpaqueTarget t) {
            return Optional.empty();
          }
        };
  }
}
