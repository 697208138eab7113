package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Names;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.target.Verdict;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.RulesetBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The swarm host preset: a complete policy for one Docker Swarm node from a few facts.
 *
 * <p>The host chain (default {@code FILTERS}, jumped to once from the top of INPUT) holds, in
 * order: ESTABLISHED,RELATED; loopback; {@link IcmpEssentials}; {@link SwarmPorts} from the trusted
 * nodes (bound to the internal interfaces when any are declared, else guarded by {@link
 * AntiSpoofing}'s reverse-path check in the raw table, against spoofed sources); internal
 * interfaces and networks; SSH from the admin sources (default anywhere); open and host ports; then
 * a drop of everything else arriving on an external interface. INPUT's policy is left alone unless
 * set. {@code DOCKER-USER} is a {@link DockerUserAllowList} letting the published services (and
 * open ports) through from their sources. Docker's filter chains are declared foreign. Render the
 * result in coexist mode.
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
public final class SwarmHost {
  /** The default SSH port. */
  public static final int DEFAULT_SSH_PORT = 22;

  private final Role role;
  private final ImmutableList<String> externalInterfaces;
  private final ImmutableList<String> internalInterfaces;
  private final ImmutableList<Cidr> internalNetworks;
  private final SourceSet trustedNodes;
  private final int dataPathPort;
  private final boolean encryptedOverlays;
  private final int sshPort;
  private final Optional<SourceSet> adminSources;
  private final ImmutableList<HostPort> hostPorts;
  private final ImmutableList<HostPort> openPorts;
  private final ImmutableList<PublishedService> published;
  private final HostChain hostChain;
  private final DockerUserAllowList dockerUser;
  private final Ruleset ruleset;

  private SwarmHost(Builder b, SourceSet trusted) {
    this.role = b.role;
    this.externalInterfaces = ImmutableList.copyOf(b.externalInterfaces);
    this.internalInterfaces = ImmutableList.copyOf(b.internalInterfaces);
    this.internalNetworks = ImmutableList.copyOf(b.internalNetworks);
    this.trustedNodes = trusted;
    this.dataPathPort = b.dataPathPort;
    this.encryptedOverlays = b.encryptedOverlays;
    this.sshPort = b.sshPort;
    this.adminSources = b.adminSources;
    this.hostPorts = ImmutableList.copyOf(b.hostPorts);
    this.openPorts = ImmutableList.copyOf(b.openPorts);
    this.published = ImmutableList.copyOf(b.published);
    HostChain chain = HostChain.of(b.hostChainName, hostRules(b.pingLimit));
    this.hostChain = b.inputPolicy.map(chain::withInputPolicy).orElse(chain);
    this.dockerUser = dockerUser(b);
    this.ruleset = buildRuleset();
  }

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
    return new Builder(role);
  }

  /** The node's role. */
  public Role role() {
    return role;
  }

  /** The internet-facing interfaces. */
  public ImmutableList<String> externalInterfaces() {
    return externalInterfaces;
  }

  /** The interfaces trusted without restriction. */
  public ImmutableList<String> internalInterfaces() {
    return internalInterfaces;
  }

  /** The source networks trusted without restriction. */
  public ImmutableList<Cidr> internalNetworks() {
    return internalNetworks;
  }

  /** The nodes that may reach the swarm ports. */
  public SourceSet trustedNodes() {
    return trustedNodes;
  }

  /** The VXLAN port. */
  public int dataPathPort() {
    return dataPathPort;
  }

  /** Whether encrypted overlay networks are used. */
  public boolean encryptedOverlays() {
    return encryptedOverlays;
  }

  /** The SSH port. */
  public int sshPort() {
    return sshPort;
  }

  /** Who may reach SSH; empty means anywhere. */
  public Optional<SourceSet> adminSources() {
    return adminSources;
  }

  /** Ports served by host processes. */
  public ImmutableList<HostPort> hostPorts() {
    return hostPorts;
  }

  /** Ports open however they are served (host process or published service). */
  public ImmutableList<HostPort> openPorts() {
    return openPorts;
  }

  /** Published services let through {@code DOCKER-USER}. */
  public ImmutableList<PublishedService> published() {
    return published;
  }

  /** The host chain, with its jump from INPUT. */
  public HostChain hostChain() {
    return hostChain;
  }

  /** The content of {@code DOCKER-USER}. */
  public DockerUserAllowList dockerUser() {
    return dockerUser;
  }

  /** The complete policy. */
  public Ruleset ruleset() {
    return ruleset;
  }

  private ImmutableList<Rule> hostRules(LimitMatch pingLimit) {
    ImmutableList.Builder<Rule> out = ImmutableList.builder();
    out.add(Rules.rule().established().comment("replies").accept());
    out.add(Rules.rule().in("lo").comment("loopback").accept());
    out.addAll(IcmpEssentials.rules(pingLimit));
    out.addAll(
        SwarmPorts.rules(role, trustedNodes, dataPathPort, encryptedOverlays, internalInterfaces));
    for (String i : internalInterfaces) {
      out.add(Rules.rule().in(i).comment("internal interface").accept());
    }
    for (Cidr net : internalNetworks) {
      out.add(Rules.rule().src(net).comment("internal network").accept());
    }
    out.addAll(
        Rules.rule()
            .dport(Protocol.TCP, PortRange.of(sshPort))
            .comment("ssh")
            .from(adminSources, Verdict.ACCEPT));
    for (HostPort p : openPorts) {
      out.addAll(
          Rules.rule()
              .dport(p.protocol(), p.ports())
              .comment("open port " + p)
              .from(p.sources(), Verdict.ACCEPT));
    }
    for (HostPort p : hostPorts) {
      out.addAll(
          Rules.rule()
              .dport(p.protocol(), p.ports())
              .comment("host port " + p)
              .from(p.sources(), Verdict.ACCEPT));
    }
    for (String ext : externalInterfaces) {
      out.add(Rules.rule().in(ext).comment("not allowed").drop());
    }
    return out.build();
  }

  private DockerUserAllowList dockerUser(Builder b) {
    DockerUserAllowList.Builder d =
        DockerUserAllowList.builder()
            .externalInterfaces(externalInterfaces.toArray(new String[0]))
            .gatewayBridge(b.gatewayBridge)
            .bridge(b.dockerBridge, b.dockerBridgeSubnet)
            .bridge(b.gatewayBridge, b.gatewayBridgeSubnet)
            .trustedNetworks(internalNetworks)
            .allow(published);
    for (HostPort p : openPorts) {
      PublishedService s = PublishedService.of(p.protocol(), p.ports()).hostMode();
      d.allow(p.sources().map(s::from).orElse(s));
    }
    return d.build();
  }

  private Ruleset buildRuleset() {
    RulesetBuilder rb = Rampart.ruleset();
    for (SourceSet s : sourceSets()) {
      s.addressSets().forEach(rb::set);
    }
    if (internalInterfaces.isEmpty()) {
      rb.raw(AntiSpoofing.of(externalInterfaces, trustedNodes)::applyTo);
    }
    return rb.filter(
            t -> {
              hostChain.applyTo(t);
              dockerUser.applyTo(t);
            })
        .build();
  }

  private ImmutableList<SourceSet> sourceSets() {
    Map<String, SourceSet> byName = new LinkedHashMap<>();
    List<SourceSet> all = new ArrayList<>();
    all.add(trustedNodes);
    adminSources.ifPresent(all::add);
    hostPorts.forEach(p -> p.sources().ifPresent(all::add));
    openPorts.forEach(p -> p.sources().ifPresent(all::add));
    published.forEach(p -> p.sources().ifPresent(all::add));
    for (SourceSet s : all) {
      SourceSet seen = byName.putIfAbsent(s.name(), s);
      checkArgument(
          seen == null || seen.equals(s), "two different source sets are named %s", s.name());
    }
    return ImmutableList.copyOf(byName.values());
  }

  /** Builds a {@link SwarmHost}; {@link #build()} validates the facts. */
  public static final class Builder {
    private final Role role;
    private final List<String> externalInterfaces = new ArrayList<>();
    private final List<String> internalInterfaces = new ArrayList<>();
    private final List<Cidr> internalNetworks = new ArrayList<>();
    private Optional<SourceSet> trustedNodes = Optional.empty();
    private int dataPathPort = SwarmPorts.DEFAULT_DATA_PATH;
    private boolean encryptedOverlays;
    private int sshPort = DEFAULT_SSH_PORT;
    private Optional<SourceSet> adminSources = Optional.empty();
    private final List<HostPort> hostPorts = new ArrayList<>();
    private final List<HostPort> openPorts = new ArrayList<>();
    private final List<PublishedService> published = new ArrayList<>();
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
      Arrays.stream(names).map(Names::checkInterface).forEach(externalInterfaces::add);
      return this;
    }

    /** Adds interfaces trusted without restriction, e.g. a private network's {@code ens11}. */
    public Builder internalInterfaces(String... names) {
      Arrays.stream(names).map(Names::checkInterface).forEach(internalInterfaces::add);
      return this;
    }

    /**
     * Adds source networks trusted without restriction on any interface (mind spoofing: prefer
     * internal interfaces where the network has its own).
     *
     * @throws IllegalArgumentException naming the text that is not an address or prefix
     */
    public Builder internalNetworks(String... cidrs) {
      Arrays.stream(cidrs).map(Cidr::parse).forEach(internalNetworks::add);
      return this;
    }

    /** Sets the nodes allowed to reach the swarm ports; required. */
    public Builder trustedNodes(SourceSet nodes) {
      trustedNodes = Optional.of(nodes);
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
      adminSources = Optional.of(sources);
      return this;
    }

    /** Opens ports served by processes on the host itself (INPUT only). */
    public Builder hostPorts(HostPort... ports) {
      hostPorts.addAll(Arrays.asList(ports));
      return this;
    }

    /**
     * Opens ports however they are served: to a host process (host chain) and to a published
     * service (returned in {@code DOCKER-USER}, any delivery mode). For a node that must answer on
     * e.g. 80 and 443 whether a reverse proxy runs on the host or as a service.
     */
    public Builder openPorts(HostPort... ports) {
      openPorts.addAll(Arrays.asList(ports));
      return this;
    }

    /** Lets published services through {@code DOCKER-USER} from their sources. */
    public Builder publish(PublishedService... services) {
      return publish(Arrays.asList(services));
    }

    /** Lets published services through {@code DOCKER-USER} from their sources. */
    public Builder publish(Iterable<PublishedService> services) {
      services.forEach(published::add);
      return this;
    }

    /** Names Docker's default bridge (default {@code docker0}). */
    public Builder dockerBridge(String name) {
      dockerBridge = Names.checkInterface(name);
      return this;
    }

    /** Restricts the early return for {@code docker0} to its subnet, e.g. 172.17.0.0/16. */
    public Builder dockerBridgeSubnet(String cidr) {
      dockerBridgeSubnet = Optional.of(Cidr.parse(cidr));
      return this;
    }

    /** Names swarm's gateway bridge (default {@code docker_gwbridge}). */
    public Builder gatewayBridge(String name) {
      gatewayBridge = Names.checkInterface(name);
      return this;
    }

    /** Restricts the early return for the gateway bridge to its subnet, e.g. 172.18.0.0/16. */
    public Builder gatewayBridgeSubnet(String cidr) {
      gatewayBridgeSubnet = Optional.of(Cidr.parse(cidr));
      return this;
    }

    /** Names the host chain (default {@code FILTERS}). */
    public Builder hostChain(String name) {
      hostChainName = name;
      return this;
    }

    /** Sets INPUT's policy (default: left alone, the host chain drops on external interfaces). */
    public Builder inputPolicy(ChainPolicy policy) {
      inputPolicy = Optional.of(policy);
      return this;
    }

    /** Sets the rate limit of echo requests (default 5/second, burst 10). */
    public Builder pingLimit(LimitMatch limit) {
      pingLimit = limit;
      return this;
    }

    /**
     * Validates the facts and builds the policy.
     *
     * @throws IllegalArgumentException naming the first problem: no external interface, no trusted
     *     nodes, an interface both external and internal, a bad data-path or ssh port, a port
     *     listed twice (e.g. {@code published port 8080/tcp is also listed as a host port:
     *     8080/tcp}), a swarm port opened to others, two source sets of one name
     */
    public SwarmHost build() {
      checkArgument(
          !externalInterfaces.isEmpty(), "a swarm host needs an external interface, e.g. eth0");
      SourceSet trusted =
          trustedNodes.orElseThrow(
              () -> new IllegalArgumentException("a swarm host needs a trusted node set"));
      for (String i : internalInterfaces) {
        checkArgument(
            !externalInterfaces.contains(i), "interface is both external and internal: %s", i);
      }
      SwarmPorts.checkDataPathPort(dataPathPort);
      checkArgument(
          sshPort >= 1 && sshPort <= 65535, "ssh port out of range [1, 65535]: %s", sshPort);
      SwarmHostChecks.checkPorts(dataPathPort, sshPort, hostPorts, openPorts, published);
      return new SwarmHost(this, trusted);
    }
  }
}
