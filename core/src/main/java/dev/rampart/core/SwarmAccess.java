package dev.rampart.core;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Iterables;
import java.util.HashSet;
import java.util.Set;
import org.immutables.value.Value;

/**
 * Who must reach a swarm node's own ports and who must not: the ports (2377/tcp on managers,
 * 7946/tcp and udp, the data-path port over udp, ESP with encrypted overlays), the trusted nodes'
 * addresses and the interfaces they come in on, and the interfaces where everyone else arrives.
 * {@link dev.rampart.core.eval.SwarmPortCheck} checks a ruleset or snapshot against it.
 *
 * <pre>{@code
 * SwarmAccess swarm = SwarmAccess.builder()
 *     .ports(true, SwarmAccess.DEFAULT_DATA_PATH, false) // a manager, plain vxlan
 *     .addTrusted(Cidr.parse("10.10.10.0/24"))
 *     .addOutsideInterfaces("eth0")
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class SwarmAccess {
  /** Cluster management (raft), managers only. */
  public static final int MANAGEMENT = 2377;

  /** Node discovery and gossip, tcp and udp. */
  public static final int GOSSIP = 7946;

  /** The default data-path (VXLAN) port. */
  public static final int DEFAULT_DATA_PATH = 4789;

  SwarmAccess() {}

  /** The TCP ports (2377 on managers, 7946). */
  @Value.NaturalOrder
  public abstract ImmutableSortedSet<Integer> tcpPorts();

  /** The UDP ports (7946, the data-path port). */
  @Value.NaturalOrder
  public abstract ImmutableSortedSet<Integer> udpPorts();

  /**
   * The UDP ports the trusted nodes send through IPsec (the data path of encrypted overlays): their
   * packets carry an inbound IPsec policy; the others' do not.
   */
  @Value.NaturalOrder
  public abstract ImmutableSortedSet<Integer> ipsecUdpPorts();

  /** Whether ESP (protocol 50) is a swarm port (encrypted overlays). */
  @Value.Default
  public boolean esp() {
    return false;
  }

  /** The trusted nodes' addresses and networks, of both families; at least one. */
  @Value.NaturalOrder
  public abstract ImmutableSortedSet<Cidr> trusted();

  /** The trusted set's name, for messages; {@code trusted nodes} unless named. */
  @Value.Default
  public String trustedName() {
    return "trusted nodes";
  }

  /** The interfaces the trusted nodes come in on; empty means every interface. */
  public abstract ImmutableList<String> trustedInterfaces();

  /** The interfaces where others arrive (the external ones); empty means every interface. */
  public abstract ImmutableList<String> outsideInterfaces();

  /**
   * Sources trusted for everything besides the nodes (a host's internal networks): neither checked
   * as trusted nodes nor as outsiders.
   */
  @Value.NaturalOrder
  public abstract ImmutableSortedSet<Cidr> alsoTrusted();

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SwarmAccess}. */
  public static final class Builder extends ImmutableSwarmAccess.Builder {
    /**
     * Sets swarm's ports: 2377/tcp when {@code manager}, 7946/tcp and udp, {@code
     * dataPathPort}/udp, and with {@code encrypted} overlays ESP, the data path sent through IPsec.
     */
    public Builder ports(boolean manager, int dataPathPort, boolean encrypted) {
      if (manager) {
        addTcpPorts(MANAGEMENT);
      }
      addTcpPorts(GOSSIP);
      addUdpPorts(GOSSIP, dataPathPort);
      if (encrypted) {
        addIpsecUdpPorts(dataPathPort);
      }
      esp(encrypted);
      return this;
    }
  }

  @Value.Check
  final void check() {
    if (trusted().isEmpty()) {
      throw InvalidModelException.of("swarm access needs a trusted node", trustedName());
    }
    for (int port : Iterables.concat(tcpPorts(), udpPorts())) {
      if (port < 1 || port > 65535) {
        throw InvalidModelException.of("swarm port out of range [1, 65535]", port);
      }
    }
    for (int port : ipsecUdpPorts()) {
      if (!udpPorts().contains(port)) {
        throw InvalidModelException.of("an ipsec port that is not a udp swarm port", port);
      }
    }
    for (Iterable<String> names : ImmutableList.of(trustedInterfaces(), outsideInterfaces())) {
      Set<String> seen = new HashSet<>();
      for (String name : names) {
        Names.checkInterface(name);
        if (!seen.add(name)) {
          throw InvalidModelException.of("swarm access interface listed twice", name);
        }
      }
    }
  }
}
