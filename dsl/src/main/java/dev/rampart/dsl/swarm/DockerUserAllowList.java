package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Cidr;
import dev.rampart.core.Names;
import dev.rampart.core.Rule;
import dev.rampart.core.target.Verdict;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.TableBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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

  private DockerUserAllowList(Builder b) {
    checkArgument(
        b.everyInterface || !b.externalInterfaces.isEmpty(),
        "docker-user allow list needs an external interface or every interface");
    checkArgument(
        !b.everyInterface || b.externalInterfaces.isEmpty(),
        "docker-user allow list drops on every interface, external interfaces are redundant: %s",
        b.externalInterfaces);
    this.everyInterface = b.everyInterface;
    this.externalInterfaces = ImmutableList.copyOf(b.externalInterfaces);
    this.bridges = ImmutableList.copyOf(b.bridges);
    this.gatewayBridge = b.gatewayBridge;
    this.trustedNetworks = ImmutableList.copyOf(b.trustedNetworks);
    this.trustedSources = ImmutableList.copyOf(b.trustedSources);
    this.allowed = ImmutableList.copyOf(b.allowed);
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
    return filter
        .chain(Rampart.DOCKER_USER, c -> c.rules(rules))
        .foreign(DockerChains.FILTER.toArray(new String[0]));
  }

  private ImmutableList<Rule> buildRules() {
    ImmutableList.Builder<Rule> out = ImmutableList.builder();
    out.add(Rules.rule().established().comment("replies").returns());
    for (Bridge b : bridges) {
      Rules r = Rules.rule().in(b.name);
      if (b.subnet.isPresent()) {
        r = r.src(b.subnet.get());
      }
      out.add(r.comment("from containers").returns());
    }
    for (Cidr net : trustedNetworks) {
      out.add(Rules.rule().src(net).comment("internal network").returns());
    }
    for (SourceSet set : trustedSources) {
      out.addAll(
          Rules.rule().comment("trusted " + set.name()).from(Optional.of(set), Verdict.RETURN));
    }
    for (PublishedService s : allowed) {
      Rules r = Rules.rule();
      if (s.mode() == PublishedService.Mode.INGRESS) {
        r = r.out(gatewayBridge);
      }
      r = r.protocol(s.protocol()).ctOrigDport(s.ports()).comment("published " + s);
      out.addAll(r.from(s.sources(), Verdict.RETURN));
    }
    if (everyInterface) {
      out.add(Rules.rule().comment("not allowed").drop());
      return out.build();
    }
    for (String ext : externalInterfaces) {
      out.add(Rules.rule().in(ext).comment("not allowed").drop());
    }
    out.add(Rules.rule().comment("docker decides").returns());
    return out.build();
  }

  /** A Docker bridge and, optionally, its subnet. */
  private static final class Bridge {
    final String name;
    final Optional<Cidr> subnet;

    Bridge(String name, Optional<Cidr> subnet) {
      this.name = Names.checkInterface(name);
      this.subnet = subnet;
    }
  }

  /** Builds a {@link DockerUserAllowList}. */
  public static final class Builder {
    private final List<String> externalInterfaces = new ArrayList<>();
    private final List<Bridge> bridges = new ArrayList<>();
    private String gatewayBridge = DOCKER_GWBRIDGE;
    private final List<Cidr> trustedNetworks = new ArrayList<>();
    private final List<SourceSet> trustedSources = new ArrayList<>();
    private final List<PublishedService> allowed = new ArrayList<>();
    private boolean defaultBridges = true;
    private boolean everyInterface;

    private Builder() {}

    /** Adds interfaces whose unallowed traffic is dropped, e.g. {@code eth0}. */
    public Builder externalInterfaces(String... names) {
      Arrays.stream(names).map(Names::checkInterface).forEach(externalInterfaces::add);
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
     * Adds a Docker bridge whose traffic (containers going out) is returned early; the first call
     * replaces the defaults {@code docker0} and {@code docker_gwbridge}.
     */
    public Builder bridge(String name, Optional<Cidr> subnet) {
      defaultBridges = false;
      bridges.add(new Bridge(name, subnet));
      return this;
    }

    /**
     * Names the gateway bridge routing-mesh traffic leaves on (default {@code docker_gwbridge}).
     */
    public Builder gatewayBridge(String name) {
      gatewayBridge = Names.checkInterface(name);
      return this;
    }

    /** Adds networks whose traffic is returned to Docker on any interface. */
    public Builder trustedNetworks(Iterable<Cidr> networks) {
      networks.forEach(trustedNetworks::add);
      return this;
    }

    /**
     * Adds source sets (e.g. an allow list {@code ip_allow}) whose traffic is returned to Docker on
     * any interface and port. The caller declares their address sets in the ruleset.
     */
    public Builder trustedSources(SourceSet... sets) {
      trustedSources.addAll(Arrays.asList(sets));
      return this;
    }

    /** Lets {@code services} through from their sources. */
    public Builder allow(PublishedService... services) {
      return allow(Arrays.asList(services));
    }

    /** Lets {@code services} through from their sources. */
    public Builder allow(Iterable<PublishedService> services) {
      services.forEach(allowed::add);
      return this;
    }

    /**
     * Builds the allow list.
     *
     * @throws IllegalArgumentException when neither an external interface nor every interface is
     *     named, or both are
     */
    public DockerUserAllowList build() {
      if (defaultBridges) {
        bridges.add(new Bridge(DOCKER0, Optional.empty()));
        bridges.add(new Bridge(gatewayBridge, Optional.empty()));
        defaultBridges = false;
      }
      return new DockerUserAllowList(this);
    }
  }
}
