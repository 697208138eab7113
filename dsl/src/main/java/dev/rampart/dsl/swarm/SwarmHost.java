package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Names;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.eval.LockoutCheck;
import dev.rampart.core.eval.SwarmPortCheck;
import dev.rampart.core.match.LimitMatch;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The swarm host preset: a complete policy for one Docker Swarm node from a few facts.
 *
 * <p>The host chain (default {@code FILTERS}, jumped to once from the top of INPUT) holds, in
 * order: ESTABLISHED,RELATED; loopback; {@link IcmpEssentials}; {@link SwarmPorts} from the trusted
 * nodes (bound to the internal interfaces when any are declared, else guarded by {@link
 * AntiSpoofing}'s reverse-path check in the raw table, against spoofed sources); internal
 * interfaces and networks; SSH from the admin sources (default anywhere); open and host ports; then
 * a drop of everything else arriving on an external interface. INPUT's policy is left alone unless
 * set. The ruleset declares SSH as its admin access (from the admin sources, over the families they
 * hold), so renderers refuse a variant that would drop it. {@code DOCKER-USER} is a {@link
 * DockerUserAllowList} letting the published services (and open ports) through from their sources.
 * Docker's filter chains are declared foreign. Render the result in coexist mode.
 *
 * <p>A value: every fact given to the builder is a property (the bridges, their subnets and the
 * host chain's name included); the chains and the ruleset are made from them on first use, and
 * {@link Builder#build()} checks that they can be, and that the policy made keeps SSH reachable
 * from the admin sources and gives the swarm ports to the trusted nodes and to nothing else ({@link
 * #swarmAccess()}), exactly, in both families: a preset that cannot keep its promises is refused
 * rather than rendered.
 *
 * <pre>{@code
 * Ruleset rs = SwarmHost.manager()
 *     .externalInterfaces("eth0")
 *     .internalInterfaces("ens11")
 *     .trustedNodes(SourceSet.trustedNodes("10.10.10.0/24", "fd00:10::/64"))
 *     .openPorts(HostPort.tcp(80), HostPort.tcp(443))
 *     .publish(PublishedService.tcp(9090).from(SourceSet.parse("admins", "198.51.100.0/24")))
 *     .build()
 *     .ruleset();
 * }</pre>
 */
@Value.Immutable
public abstract class SwarmHost {
  /** The default SSH port. */
  public static final int DEFAULT_SSH_PORT = 22;

  private static final String NEEDS_EXTERNAL =
      "a swarm host needs an external interface, e.g. eth0";

  SwarmHost() {}

  /** Starts a manager's policy. */
  public static Builder manager() {
    return new Builder(Role.MANAGER);
  }

  /** Starts a worker's policy. */
  public static Builder worker() {
    return new Builder(Role.WORKER);
  }

  /** Starts the policy of a node of {@code role}. */
  public static Builder builder(Role role) {
    return new Builder(checkNotNull(role, "role"));
  }

  /** The node's role. */
  public abstract Role role();

  /** The internet-facing interfaces. */
  public abstract ImmutableList<String> externalInterfaces();

  /** The interfaces trusted without restriction. */
  public abstract ImmutableList<String> internalInterfaces();

  /** The source networks trusted without restriction. */
  public abstract ImmutableList<Cidr> internalNetworks();

  /** The nodes that may reach the swarm ports. */
  public abstract SourceSet trustedNodes();

  /** The VXLAN port. */
  public abstract int dataPathPort();

  /** Whether encrypted overlay networks are used. */
  public abstract boolean encryptedOverlays();

  /** The SSH port. */
  public abstract int sshPort();

  /** Who may reach SSH; empty means anywhere. */
  public abstract Optional<SourceSet> adminSources();

  /** Ports served by host processes. */
  public abstract ImmutableList<HostPort> hostPorts();

  /** Ports open however they are served (host process or published service). */
  public abstract ImmutableList<HostPort> openPorts();

  /** Published services let through {@code DOCKER-USER}. */
  public abstract ImmutableList<PublishedService> published();

  /** Docker's default bridge, {@code docker0} unless named. */
  public abstract String dockerBridge();

  /**
   * The default bridge's subnet, if given: its early return in {@code DOCKER-USER} is bound to it.
   */
  public abstract Optional<Cidr> dockerBridgeSubnet();

  /** Swarm's gateway bridge, {@code docker_gwbridge} unless named. */
  public abstract String gatewayBridge();

  /** The gateway bridge's subnet, if given. */
  public abstract Optional<Cidr> gatewayBridgeSubnet();

  /** The host chain's name, {@code FILTERS} unless named. */
  public abstract String hostChainName();

  /** INPUT's policy, if set (else left alone). */
  public abstract Optional<ChainPolicy> inputPolicy();

  /** The rate limit of echo requests. */
  public abstract LimitMatch pingLimit();

  /** The host chain, with its jump from INPUT. */
  @Value.Lazy
  public HostChain hostChain() {
    return SwarmPolicy.hostChain(this);
  }

  /** The content of {@code DOCKER-USER}. */
  @Value.Lazy
  public DockerUserAllowList dockerUser() {
    return SwarmPolicy.dockerUser(this);
  }

  /** The complete policy. */
  @Value.Lazy
  public Ruleset ruleset() {
    return SwarmPolicy.ruleset(this);
  }

  /**
   * Who must reach this node's swarm ports and who must not: its role's ports from the trusted
   * nodes (on the internal interfaces when any are declared), from nothing else arriving on the
   * external interfaces (the internal networks, trusted for everything, left out).
   */
  @Value.Lazy
  public SwarmAccess swarmAccess() {
    return SwarmAccess.builder()
        .ports(role() == Role.MANAGER, dataPathPort(), encryptedOverlays())
        .trusted(trustedNodes().members())
        .trustedName(trustedNodes().name())
        .trustedInterfaces(internalInterfaces())
        .outsideInterfaces(externalInterfaces())
        .alsoTrusted(internalNetworks())
        .build();
  }

  @Value.Check
  final void check() {
    checkArgument(!externalInterfaces().isEmpty(), NEEDS_EXTERNAL);
    for (String i : internalInterfaces()) {
      checkArgument(
          !externalInterfaces().contains(i), "interface is both external and internal: %s", i);
    }
    SwarmPorts.checkDataPathPort(dataPathPort());
    checkArgument(
        sshPort() >= 1 && sshPort() <= 65535, "ssh port out of range [1, 65535]: %s", sshPort());
    SwarmHostChecks.checkPorts(dataPathPort(), sshPort(), hostPorts(), openPorts(), published());
    ruleset(); // the chains and sets can be made: checked now, not on first use
  }

  /**
   * Builds a {@link SwarmHost}: each method adds or sets one fact; {@link #build()} copies them
   * into the value, which checks them, and leaves the builder as it was.
   */
  @SuppressWarnings("immutables:incompat") // our own builder, not an extension of the generated one
  public static final class Builder {
    private final Role role;
    private final ImmutableList.Builder<String> externalInterfaces = ImmutableList.builder();
    private final ImmutableList.Builder<String> internalInterfaces = ImmutableList.builder();
    private final ImmutableList.Builder<Cidr> internalNetworks = ImmutableList.builder();
    private Optional<SourceSet> trustedNodes = Optional.empty();
    private int dataPathPort = SwarmPorts.DEFAULT_DATA_PATH;
    private boolean encryptedOverlays;
    private int sshPort = DEFAULT_SSH_PORT;
    private Optional<SourceSet> adminSources = Optional.empty();
    private final ImmutableList.Builder<HostPort> hostPorts = ImmutableList.builder();
    private final ImmutableList.Builder<HostPort> openPorts = ImmutableList.builder();
    private final ImmutableList.Builder<PublishedService> published = ImmutableList.builder();
    private String dockerBridge = DockerUserAllowList.DOCKER0;
    private Optional<Cidr> dockerBridgeSubnet = Optional.empty();
    private String gatewayBridge = DockerUserAllowList.DOCKER_GWBRIDGE;
    private Optional<Cidr> gatewayBridgeSubnet = Optional.empty();
    private String hostChainName = HostChain.DEFAULT_NAME;
    private Optional<ChainPolicy> inputPolicy = Optional.empty();
    private LimitMatch pingLimit = IcmpEssentials.DEFAULT_PING_LIMIT;

    private Builder(Role role) {
      this.role = role;
    }

    /** Adds internet-facing interfaces, e.g. {@code eth0}; at least one is required. */
    public Builder externalInterfaces(String... names) {
      return externalInterfaces(Arrays.asList(names));
    }

    /** Adds internet-facing interfaces, e.g. {@code eth0}; at least one is required. */
    public Builder externalInterfaces(Iterable<String> names) {
      externalInterfaces.addAll(interfaces(names));
      return this;
    }

    /** Adds interfaces trusted without restriction, e.g. a private network's {@code ens11}. */
    public Builder internalInterfaces(String... names) {
      return internalInterfaces(Arrays.asList(names));
    }

    /** Adds interfaces trusted without restriction, e.g. a private network's {@code ens11}. */
    public Builder internalInterfaces(Iterable<String> names) {
      internalInterfaces.addAll(interfaces(names));
      return this;
    }

    /**
     * Adds source networks trusted without restriction on any interface (mind spoofing: prefer
     * internal interfaces where the network has its own).
     *
     * @throws IllegalArgumentException naming the text that is not an address or prefix
     */
    public Builder internalNetworks(String... cidrs) {
      return internalNetworks(Arrays.asList(cidrs));
    }

    /**
     * Adds source networks trusted without restriction on any interface.
     *
     * @throws IllegalArgumentException naming the text that is not an address or prefix
     */
    public Builder internalNetworks(Iterable<String> cidrs) {
      for (String c : checkNotNull(cidrs, "cidrs")) {
        internalNetworks.add(Cidr.parse(checkNotNull(c, "cidrs element")));
      }
      return this;
    }

    /** Sets the nodes allowed to reach the swarm ports; required. */
    public Builder trustedNodes(SourceSet nodes) {
      trustedNodes = Optional.of(checkNotNull(nodes, "nodes"));
      return this;
    }

    /** Sets the data-path (VXLAN) port, default 4789 ({@code --data-path-port}). */
    public Builder dataPathPort(int port) {
      dataPathPort = port;
      return this;
    }

    /** Declares whether encrypted overlay networks are used (default not). */
    public Builder encryptedOverlays(boolean encrypted) {
      encryptedOverlays = encrypted;
      return this;
    }

    /** Sets the SSH port, default 22. */
    public Builder sshPort(int port) {
      sshPort = port;
      return this;
    }

    /** Restricts SSH to {@code sources} (default: anywhere). */
    public Builder adminSources(SourceSet sources) {
      adminSources = Optional.of(checkNotNull(sources, "sources"));
      return this;
    }

    /** Opens ports served by processes on the host itself (INPUT only). */
    public Builder hostPorts(HostPort... ports) {
      return hostPorts(Arrays.asList(ports));
    }

    /** Opens ports served by processes on the host itself (INPUT only). */
    public Builder hostPorts(Iterable<HostPort> ports) {
      hostPorts.addAll(checkNotNull(ports, "ports"));
      return this;
    }

    /**
     * Opens ports however they are served: to a host process (host chain) and to a published
     * service (returned in {@code DOCKER-USER}, any delivery mode). For a node that must answer on
     * e.g. 80 and 443 whether a reverse proxy runs on the host or as a service.
     */
    public Builder openPorts(HostPort... ports) {
      return openPorts(Arrays.asList(ports));
    }

    /** Opens ports however they are served (see {@link #openPorts(HostPort...)}). */
    public Builder openPorts(Iterable<HostPort> ports) {
      openPorts.addAll(checkNotNull(ports, "ports"));
      return this;
    }

    /** Lets published services through {@code DOCKER-USER} from their sources. */
    public Builder publish(PublishedService... services) {
      return publish(Arrays.asList(services));
    }

    /** Lets published services through {@code DOCKER-USER} from their sources. */
    public Builder publish(Iterable<PublishedService> services) {
      published.addAll(checkNotNull(services, "services"));
      return this;
    }

    /** Names Docker's default bridge (default {@code docker0}). */
    public Builder dockerBridge(String name) {
      dockerBridge = Names.checkInterface(checkNotNull(name, "name"));
      return this;
    }

    /** Restricts the early return for {@code docker0} to its subnet, e.g. 172.17.0.0/16. */
    public Builder dockerBridgeSubnet(String cidr) {
      dockerBridgeSubnet = Optional.of(Cidr.parse(checkNotNull(cidr, "cidr")));
      return this;
    }

    /** Names swarm's gateway bridge (default {@code docker_gwbridge}). */
    public Builder gatewayBridge(String name) {
      gatewayBridge = Names.checkInterface(checkNotNull(name, "name"));
      return this;
    }

    /** Restricts the early return for the gateway bridge to its subnet, e.g. 172.18.0.0/16. */
    public Builder gatewayBridgeSubnet(String cidr) {
      gatewayBridgeSubnet = Optional.of(Cidr.parse(checkNotNull(cidr, "cidr")));
      return this;
    }

    /** Names the host chain (default {@code FILTERS}). */
    public Builder hostChain(String name) {
      hostChainName = checkNotNull(name, "name");
      return this;
    }

    /** Sets INPUT's policy (default: left alone, the host chain drops on external interfaces). */
    public Builder inputPolicy(ChainPolicy policy) {
      inputPolicy = Optional.of(checkNotNull(policy, "policy"));
      return this;
    }

    /** Sets the rate limit of echo requests (default 5/second, burst 10). */
    public Builder pingLimit(LimitMatch limit) {
      pingLimit = checkNotNull(limit, "limit");
      return this;
    }

    /**
     * Validates the facts, builds the policy and checks it: SSH stays reachable from the admin
     * sources ({@link LockoutCheck}) and the swarm ports from the trusted nodes and from nothing
     * else ({@link SwarmPortCheck}), exactly, in both families.
     *
     * @throws IllegalArgumentException naming the first problem: no external interface, no trusted
     *     nodes, an interface both external and internal, a bad data-path or ssh port, a port
     *     listed twice (e.g. {@code published port 8080/tcp is also listed as a host port:
     *     8080/tcp}), a swarm port opened to others, two source sets of one name, or a policy that
     *     fails its checks (an {@link dev.rampart.core.InvalidModelException} naming the place)
     */
    public SwarmHost build() {
      SwarmHost host = buildUnchecked();
      SwarmHostChecks.checkAccess(host, host.ruleset());
      return host;
    }

    /**
     * Every fact this builder holds, as one value: builders with equal facts build equal hosts
     * (with equal policies), so {@link Cluster} builds one host per distinct list.
     */
    List<Object> facts() {
      return Arrays.asList(
          role,
          externalInterfaces.build(),
          internalInterfaces.build(),
          internalNetworks.build(),
          trustedNodes,
          dataPathPort,
          encryptedOverlays,
          sshPort,
          adminSources,
          hostPorts.build(),
          openPorts.build(),
          published.build(),
          dockerBridge,
          dockerBridgeSubnet,
          gatewayBridge,
          gatewayBridgeSubnet,
          hostChainName,
          inputPolicy,
          pingLimit);
    }

    /** Validates the facts and builds the policy, without {@link #build()}'s policy checks. */
    SwarmHost buildUnchecked() {
      ImmutableList<String> external = externalInterfaces.build();
      checkArgument(!external.isEmpty(), NEEDS_EXTERNAL);
      checkArgument(trustedNodes.isPresent(), "a swarm host needs a trusted node set");
      return ImmutableSwarmHost.builder()
          .role(role)
          .externalInterfaces(external)
          .internalInterfaces(internalInterfaces.build())
          .internalNetworks(internalNetworks.build())
          .trustedNodes(trustedNodes.get())
          .dataPathPort(dataPathPort)
          .encryptedOverlays(encryptedOverlays)
          .sshPort(sshPort)
          .adminSources(adminSources)
          .hostPorts(hostPorts.build())
          .openPorts(openPorts.build())
          .published(published.build())
          .dockerBridge(dockerBridge)
          .dockerBridgeSubnet(dockerBridgeSubnet)
          .gatewayBridge(gatewayBridge)
          .gatewayBridgeSubnet(gatewayBridgeSubnet)
          .hostChainName(hostChainName)
          .inputPolicy(inputPolicy)
          .pingLimit(pingLimit)
          .build();
    }

    private static ImmutableList<String> interfaces(Iterable<String> names) {
      ImmutableList.Builder<String> out = ImmutableList.builder();
      for (String n : checkNotNull(names, "names")) {
        out.add(Names.checkInterface(checkNotNull(n, "names element")));
      }
      return out.build();
    }
  }
}
