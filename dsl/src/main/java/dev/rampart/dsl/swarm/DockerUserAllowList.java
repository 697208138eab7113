package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Cidr;
import dev.rampart.core.Names;
import dev.rampart.core.Rule;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.target.Verdict;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.RuleBuilder;
import dev.rampart.dsl.TableBuilder;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The content of {@code DOCKER-USER}: Docker creates that chain, jumps to it first from FORWARD and
 * never flushes it, so it is the one place to filter published ports. In order:
 *
 * <ol>
 *   <li>{@code RETURN} for ESTABLISHED,RELATED traffic;
 *   <li>{@code RETURN} for traffic from the Docker bridges ({@code docker0}, {@code
 *       docker_gwbridge}; restricted to their subnets when given);
 *   <li>{@code RETURN} for trusted internal networks and trusted source sets;
 *   <li>{@code RETURN} for each allowed published service, from its sources (all sources when it
 *       has none), matched by the original destination port;
 *   <li>{@code DROP} for everything else arriving on an external interface, or, with {@link
 *       Builder#everyInterface()}, arriving on any interface (the bridges have returned above);
 *   <li>a final {@code RETURN} after the per-interface drops: the chain stays policy-neutral,
 *       Docker's chains decide the rest.
 * </ol>
 *
 * Allowing means {@code RETURN}, never {@code ACCEPT}: Docker's own checks still run.
 *
 * <pre>{@code
 * DockerUserAllowList list = DockerUserAllowList.builder()
 *     .externalInterfaces("eth0")
 *     .allow(PublishedService.tcp(443))
 *     .build();
 * ruleset.filter(t -> list.applyTo(t));
 * }</pre>
 */
public final class DockerUserAllowList {
  /** Docker's default bridge. */
  public static final String DOCKER0 = "docker0";

  /** Swarm's gateway bridge, where the ingress sandbox sits. */
  public static final String DOCKER_GWBRIDGE = "docker_gwbridge";

  private final ImmutableList<String> externalInterfaces;
  private final boolean everyInterface;
  private final ImmutableList<Bridge> bridges;
  private final String gatewayBridge;
  private final ImmutableList<Cidr> trustedNetworks;
  private final ImmutableList<SourceSet> trustedSources;
  private final ImmutableList<PublishedService> allowed;
  private final ImmutableList<Rule> rules;

  private DockerUserAllowList(
      ImmutableList<String> externalInterfaces,
      boolean everyInterface,
      ImmutableList<Bridge> bridges,
      String gatewayBridge,
      ImmutableList<Cidr> trustedNetworks,
      ImmutableList<SourceSet> trustedSources,
      ImmutableList<PublishedService> allowed) {
    checkArgument(
        everyInterface || !externalInterfaces.isEmpty(),
        "docker-user allow list needs an external interface or every interface");
    checkArgument(
        !everyInterface || externalInterfaces.isEmpty(),
        "docker-user allow list drops on every interface, external interfaces are redundant: %s",
        externalInterfaces);
    this.externalInterfaces = externalInterfaces;
    this.everyInterface = everyInterface;
    this.bridges = bridges;
    this.gatewayBridge = gatewayBridge;
    this.trustedNetworks = trustedNetworks;
    this.trustedSources = trustedSources;
    this.allowed = allowed;
    this.rules = buildRules();
  }

  /** Returns a new builder with the bridges {@code docker0} and {@code docker_gwbridge}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The interfaces whose traffic is dropped unless allowed. */
  public ImmutableList<String> externalInterfaces() {
    return externalInterfaces;
  }

  /** Whether what is not allowed is dropped on every interface but the bridges. */
  public boolean everyInterface() {
    return everyInterface;
  }

  /** The gateway bridge routing-mesh traffic leaves on. */
  public String gatewayBridge() {
    return gatewayBridge;
  }

  /** The networks whose traffic is returned to Docker on any interface. */
  public ImmutableList<Cidr> trustedNetworks() {
    return trustedNetworks;
  }

  /** The source sets whose traffic is returned to Docker, whatever its port. */
  public ImmutableList<SourceSet> trustedSources() {
    return trustedSources;
  }

  /** The published services allowed through. */
  public ImmutableList<PublishedService> allowed() {
    return allowed;
  }

  /** The rules of {@code DOCKER-USER}, in order. */
  public ImmutableList<Rule> rules() {
    return rules;
  }

  /**
   * Adds {@code DOCKER-USER} with these rules to the filter table {@code filter}, and declares
   * Docker's filter chains ({@link DockerChains#FILTER}) as foreign.
   */
  public TableBuilder applyTo(TableBuilder filter) {
    return checkNotNull(filter, "filter")
        .chain(Rampart.DOCKER_USER, c -> c.rules(rules))
        .foreign(DockerChains.FILTER);
  }

  private ImmutableList<Rule> buildRules() {
    ImmutableList.Builder<Rule> out = ImmutableList.builder();
    out.add(Rampart.rule().ctstate(ESTABLISHED, RELATED).comment("replies").returns());
    for (Bridge b : bridges) {
      RuleBuilder r = Rampart.rule().in(b.name());
      b.subnet().ifPresent(net -> r.match(AddressMatch.source(ImmutableList.of(net))));
      out.add(r.comment("from containers").returns());
    }
    for (Cidr net : trustedNetworks) {
      out.add(
          Rampart.rule()
              .match(AddressMatch.source(ImmutableList.of(net)))
              .comment("internal network")
              .returns());
    }
    for (SourceSet set : trustedSources) {
      out.addAll(SourceRules.from(set, r -> r.comment("trusted " + set.name()), Verdict.RETURN));
    }
    for (PublishedService s : allowed) {
      UnaryOperator<RuleBuilder> rule =
          r -> {
            if (s.mode() == PublishedService.Mode.INGRESS) {
              r.out(gatewayBridge);
            }
            return r.protocol(s.protocol()).ctOrigDport(s.ports()).comment("published " + s);
          };
      out.addAll(
          s.sources()
              .map(from -> SourceRules.from(from, rule, Verdict.RETURN))
              .orElseGet(() -> SourceRules.anywhere(rule, Verdict.RETURN)));
    }
    if (everyInterface) {
      out.add(Rampart.rule().comment("not allowed").drop());
      return out.build();
    }
    for (String ext : externalInterfaces) {
      out.add(Rampart.rule().in(ext).comment("not allowed").drop());
    }
    out.add(Rampart.rule().comment("docker decides").returns());
    return out.build();
  }

  /** A Docker bridge and, optionally, its subnet. */
  private record Bridge(String name, Optional<Cidr> subnet) {}

  /** Builds a {@link DockerUserAllowList}. */
  public static final class Builder {
    private final ImmutableList.Builder<String> externalInterfaces = ImmutableList.builder();
    private final ImmutableList.Builder<Bridge> bridges = ImmutableList.builder();
    private boolean defaultBridges = true;
    private String gatewayBridge = DOCKER_GWBRIDGE;
    private final ImmutableList.Builder<Cidr> trustedNetworks = ImmutableList.builder();
    private final ImmutableList.Builder<SourceSet> trustedSources = ImmutableList.builder();
    private final ImmutableList.Builder<PublishedService> allowed = ImmutableList.builder();
    private boolean everyInterface;

    private Builder() {}

    /** Adds interfaces whose unallowed traffic is dropped, e.g. {@code eth0}. */
    public Builder externalInterfaces(String... names) {
      return externalInterfaces(Arrays.asList(names));
    }

    /** Adds interfaces whose unallowed traffic is dropped, e.g. {@code eth0}. */
    public Builder externalInterfaces(Iterable<String> names) {
      for (String n : checkNotNull(names, "names")) {
        externalInterfaces.add(Names.checkInterface(checkNotNull(n, "names element")));
      }
      return this;
    }

    /**
     * Drops what is not allowed on every interface but the bridges (a second uplink, a VPN, a peer
     * network), instead of on named external interfaces; the chain then ends with that drop.
     */
    public Builder everyInterface() {
      everyInterface = true;
      return this;
    }

    /**
     * Adds a Docker bridge whose traffic (containers going out) is returned early, from any source;
     * the first bridge added replaces the defaults {@code docker0} and {@code docker_gwbridge}.
     */
    public Builder bridge(String name) {
      return addBridge(name, Optional.empty());
    }

    /**
     * Adds a Docker bridge whose traffic from {@code subnet} (containers going out) is returned
     * early; the first bridge added replaces the defaults {@code docker0} and {@code
     * docker_gwbridge}.
     */
    public Builder bridge(String name, Cidr subnet) {
      return addBridge(name, Optional.of(checkNotNull(subnet, "subnet")));
    }

    private Builder addBridge(String name, Optional<Cidr> subnet) {
      defaultBridges = false;
      bridges.add(new Bridge(Names.checkInterface(checkNotNull(name, "name")), subnet));
      return this;
    }

    /**
     * Names the gateway bridge routing-mesh traffic leaves on (default {@code docker_gwbridge}).
     */
    public Builder gatewayBridge(String name) {
      gatewayBridge = Names.checkInterface(checkNotNull(name, "name"));
      return this;
    }

    /** Adds networks whose traffic is returned to Docker on any interface. */
    public Builder trustedNetworks(Iterable<Cidr> networks) {
      trustedNetworks.addAll(checkNotNull(networks, "networks"));
      return this;
    }

    /**
     * Adds source sets (e.g. an allow list {@code ip_allow}) whose traffic is returned to Docker on
     * any interface and port. The caller declares their address sets in the ruleset.
     */
    public Builder trustedSources(SourceSet... sets) {
      return trustedSources(Arrays.asList(sets));
    }

    /**
     * Adds source sets whose traffic is returned to Docker on any interface and port. The caller
     * declares their address sets in the ruleset.
     */
    public Builder trustedSources(Iterable<SourceSet> sets) {
      trustedSources.addAll(checkNotNull(sets, "sets"));
      return this;
    }

    /** Lets {@code services} through from their sources. */
    public Builder allow(PublishedService... services) {
      return allow(Arrays.asList(services));
    }

    /** Lets {@code services} through from their sources. */
    public Builder allow(Iterable<PublishedService> services) {
      allowed.addAll(checkNotNull(services, "services"));
      return this;
    }

    /**
     * Builds the allow list.
     *
     * @throws IllegalArgumentException when neither an external interface nor every interface is
     *     named, or both are
     */
    public DockerUserAllowList build() {
      ImmutableList<Bridge> chosen =
          defaultBridges
              ? ImmutableList.of(
                  new Bridge(DOCKER0, Optional.empty()),
                  new Bridge(gatewayBridge, Optional.empty()))
              : bridges.build();
      return new DockerUserAllowList(
          externalInterfaces.build(),
          everyInterface,
          chosen,
          gatewayBridge,
          trustedNetworks.build(),
          trustedSources.build(),
          allowed.build());
    }
  }
}
