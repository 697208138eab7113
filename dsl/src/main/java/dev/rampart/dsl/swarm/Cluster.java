package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Sets;
import com.google.common.net.InetAddresses;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One description of a swarm (nodes with names, roles and addresses; published services and who may
 * reach them; the facts every node shares) that yields each node's {@link SwarmHost} policy. The
 * trusted node set holds every node's address unless {@link Builder#trustedNodes} replaces it.
 *
 * <p>Building checks what operators get wrong, in this order, each message naming the nodes:
 *
 * <ul>
 *   <li>each node's own preset (prefixed {@code node NAME: }), e.g. a published port that is also
 *       listed as a host port;
 *   <li>a manager whose 2377/tcp the other managers cannot reach;
 *   <li>a trusted set that does not hold every node's addresses;
 *   <li>SSH unreachable from any admin source;
 *   <li>each node's policy, checked as {@link SwarmHost.Builder#build()} checks it (SSH kept, swarm
 *       ports reachable from the trusted nodes and nothing else), once per distinct node shape.
 * </ul>
 *
 * <pre>{@code
 * Cluster cluster = Cluster.builder()
 *     .node(ClusterNode.manager("m1", "10.10.10.1"))
 *     .node(ClusterNode.worker("w1", "10.10.10.2"))
 *     .node(ClusterNode.worker("w2", "10.10.10.3"))
 *     .hosts(h -> h.externalInterfaces("eth0").internalInterfaces("ens11"))
 *     .publish(PublishedService.tcp(443))
 *     .build();
 * Ruleset m1 = cluster.ruleset("m1");
 * }</pre>
 */
public final class Cluster {
  private final ImmutableList<ClusterNode> nodes;
  private final SourceSet trustedNodes;
  private final ImmutableMap<String, SwarmHost> hosts;

  private Cluster(
      ImmutableList<ClusterNode> nodes,
      SourceSet trustedNodes,
      ImmutableMap<String, SwarmHost> hosts) {
    this.nodes = nodes;
    this.trustedNodes = trustedNodes;
    this.hosts = hosts;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The nodes, in the order described. */
  public ImmutableList<ClusterNode> nodes() {
    return nodes;
  }

  /** The trusted node set every node's policy uses. */
  public SourceSet trustedNodes() {
    return trustedNodes;
  }

  /** The first manager described: the node a tool shows when none is named. */
  public ClusterNode firstManager() {
    return nodes.stream()
        .filter(n -> n.role() == Role.MANAGER)
        .findFirst()
        .orElseThrow(() -> new AssertionError("checked at build"));
  }

  /**
   * The node named {@code name}.
   *
   * @throws IllegalArgumentException when no node has that name, listing the names
   */
  public ClusterNode node(String name) {
    checkNotNull(name, "name");
    return nodes.stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown node: "
                        + name
                        + " (nodes: "
                        + nodes.stream().map(ClusterNode::name).collect(Collectors.joining(", "))
                        + ")"));
  }

  /**
   * The preset of the node named {@code name}.
   *
   * @throws IllegalArgumentException when no node has that name
   */
  public SwarmHost host(String name) {
    return Objects.requireNonNull(hosts.get(node(name).name()));
  }

  /**
   * The policy of the node named {@code name}.
   *
   * @throws IllegalArgumentException when no node has that name
   */
  public Ruleset ruleset(String name) {
    return host(name).ruleset();
  }

  /** Builds a {@link Cluster}; {@link #build()} validates it. */
  public static final class Builder {
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<PublishedService> published = new ArrayList<>();
    private final List<Consumer<SwarmHost.Builder>> templates = new ArrayList<>();
    private Optional<SourceSet> trustedNodes = Optional.empty();

    private Builder() {}

    /** Adds nodes. */
    public Builder node(ClusterNode... more) {
      return node(Arrays.asList(more));
    }

    /** Adds nodes. */
    public Builder node(Iterable<ClusterNode> more) {
      for (ClusterNode n : checkNotNull(more, "more")) {
        nodes.add(checkNotNull(n, "more element"));
      }
      return this;
    }

    /**
     * Sets facts every node shares (interfaces, data-path port, encryption, SSH, admin sources,
     * bridges, ...). Role, trusted nodes, published services and host ports come from the cluster
     * and its nodes, after this template.
     */
    public Builder hosts(Consumer<SwarmHost.Builder> template) {
      templates.add(checkNotNull(template, "template"));
      return this;
    }

    /** Publishes services on every node (routing mesh), each reachable from its sources. */
    public Builder publish(PublishedService... services) {
      return publish(Arrays.asList(services));
    }

    /** Publishes services on every node (routing mesh), each reachable from its sources. */
    public Builder publish(Iterable<PublishedService> services) {
      for (PublishedService s : checkNotNull(services, "services")) {
        published.add(checkNotNull(s, "services element"));
      }
      return this;
    }

    /**
     * Replaces the trusted node set made of the nodes' addresses, e.g. by a network that holds them
     * all. It must still hold every node's addresses.
     */
    public Builder trustedNodes(SourceSet set) {
      trustedNodes = Optional.of(checkNotNull(set, "set"));
      return this;
    }

    /**
     * Validates the description and builds every node's policy.
     *
     * @throws IllegalArgumentException naming the first problem and the nodes concerned
     */
    public Cluster build() {
      checkArgument(!nodes.isEmpty(), "a cluster needs at least one node");
      checkArgument(
          nodes.stream().anyMatch(n -> n.role() == Role.MANAGER), "a cluster needs a manager");
      Map<String, ClusterNode> byName = new HashMap<>();
      Map<Cidr, ClusterNode> byAddress = new HashMap<>();
      for (ClusterNode n : nodes) {
        checkArgument(byName.putIfAbsent(n.name(), n) == null, "node declared twice: %s", n.name());
        for (Cidr a : n.addresses()) {
          ClusterNode other = byAddress.putIfAbsent(a, n);
          checkArgument(
              other == null,
              "nodes %s and %s share the address %s",
              other == null ? "" : other.name(),
              n.name(),
              InetAddresses.toAddrString(a.address()));
        }
      }
      SourceSet trusted =
          trustedNodes.orElseGet(
              () ->
                  SourceSet.of(
                      SourceSet.TRUSTED_NODES,
                      nodes.stream().flatMap(n -> n.addresses().stream()).toList()));
      Map<String, SwarmHost> hosts = new LinkedHashMap<>();
      Map<List<Object>, SwarmHost> shapes = new HashMap<>();
      for (ClusterNode n : nodes) {
        hosts.put(n.name(), host(n, trusted, shapes));
      }
      checkManagers(hosts);
      checkTrusted(trusted);
      checkSsh(hosts);
      checkPolicies(hosts);
      return new Cluster(ImmutableList.copyOf(nodes), trusted, ImmutableMap.copyOf(hosts));
    }

    /**
     * The host of node {@code n}: the one already built for a node with the same facts (role, host
     * ports, what the templates set), else a new one. A cluster's nodes mostly share a few shapes,
     * and each host builds and validates its policy when made: 1,000 nodes of two shapes build two.
     */
    private SwarmHost host(ClusterNode n, SourceSet trusted, Map<List<Object>, SwarmHost> shapes) {
      try {
        SwarmHost.Builder b = SwarmHost.builder(n.role());
        templates.forEach(t -> t.accept(b));
        b.trustedNodes(trusted).publish(published).hostPorts(n.hostPorts());
        List<Object> facts = b.facts();
        SwarmHost built = shapes.get(facts);
        if (built == null) {
          built = b.buildUnchecked();
          shapes.put(facts, built);
        }
        return built;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("node " + n.name() + ": " + e.getMessage(), e);
      }
    }

    /**
     * Runs each node's policy checks ({@link SwarmHost.Builder#build()}'s) once per distinct node
     * shape: nodes whose presets are equal (same role, host ports, ...) have the same policy.
     */
    private static void checkPolicies(Map<String, SwarmHost> hosts) {
      Set<SwarmHost> checked = new HashSet<>();
      for (Map.Entry<String, SwarmHost> e : hosts.entrySet()) {
        SwarmHost h = e.getValue();
        if (!checked.add(h)) {
          continue;
        }
        try {
          SwarmHostChecks.checkAccess(h, h.ruleset());
        } catch (IllegalArgumentException x) {
          throw new IllegalArgumentException("node " + e.getKey() + ": " + x.getMessage(), x);
        }
      }
    }

    private void checkManagers(Map<String, SwarmHost> hosts) {
      List<ClusterNode> managers = nodes.stream().filter(n -> n.role() == Role.MANAGER).toList();
      for (ClusterNode m : managers) {
        SourceSet trusted = Objects.requireNonNull(hosts.get(m.name())).trustedNodes();
        for (ClusterNode o : managers) {
          if (o == m) {
            continue;
          }
          Set<Family> shared = Sets.intersection(m.families(), o.families());
          checkArgument(
              !shared.isEmpty(),
              "managers %s and %s share no address family: 2377/tcp is unreachable between them",
              m.name(),
              o.name());
          List<Cidr> from =
              o.addresses().stream().filter(a -> shared.contains(a.family())).toList();
          checkArgument(
              from.stream().anyMatch(trusted::contains),
              "manager %s does not accept 2377/tcp from manager %s: %s not in the trusted set %s",
              m.name(),
              o.name(),
              from.stream()
                  .map(a -> InetAddresses.toAddrString(a.address()))
                  .collect(Collectors.joining(", ")),
              trusted.name());
        }
      }
    }

    private void checkTrusted(SourceSet trusted) {
      for (ClusterNode n : nodes) {
        for (Cidr a : n.addresses()) {
          checkArgument(
              trusted.contains(a),
              "trusted set %s does not contain node %s: %s",
              trusted.name(),
              n.name(),
              InetAddresses.toAddrString(a.address()));
        }
      }
    }

    private void checkSsh(Map<String, SwarmHost> hosts) {
      for (ClusterNode n : nodes) {
        SwarmHost h = Objects.requireNonNull(hosts.get(n.name()));
        Optional<SourceSet> admins = h.adminSources();
        if (admins.isEmpty()) {
          continue;
        }
        checkArgument(
            !Sets.intersection(admins.get().families(), n.families()).isEmpty(),
            "node %s: ssh %s/tcp is unreachable from every admin source: %s holds no %s address",
            n.name(),
            h.sshPort(),
            admins.get().name(),
            n.families().stream().map(Family::label).collect(Collectors.joining(" or ")));
      }
    }
  }
}
