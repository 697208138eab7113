package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Rule;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.target.Verdict;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.RuleBuilder;
import java.util.function.UnaryOperator;

/**
 * The host-chain rules for swarm's own ports, open to the trusted nodes only: 2377/tcp (managers
 * only), 7946/tcp and 7946/udp, and the data-path port (VXLAN, default 4789/udp).
 *
 * <p>With encrypted overlays, ESP is accepted from the trusted nodes and VXLAN only when it arrived
 * through IPsec ({@code -m policy --dir in --pol ipsec}). Plain VXLAN from a trusted node is
 * <em>returned</em> to INPUT, where Docker's per-network drop of unencrypted VXLAN for encrypted
 * networks (CVE-2023-28840) and then INPUT's policy decide, so unencrypted overlays such as {@code
 * ingress} keep working; plain VXLAN from anyone else is dropped. Plain VXLAN is therefore never
 * accepted ahead of Docker's drop.
 *
 * <p>Trusting a node by its source address alone is spoofable: with the loose reverse-path filter
 * ({@code rp_filter=2}, common on multi-homed hosts) a datagram with a trusted source arriving on
 * the external interface is routed and delivered. Given the internal interfaces the nodes talk
 * over, every trusted-node rule is bound to them ({@code -i}), one rule per interface.
 */
public final class SwarmPorts {
  /** Cluster management (raft), managers only. */
  public static final int MANAGEMENT = SwarmAccess.MANAGEMENT;

  /** Node discovery and gossip, tcp and udp. */
  public static final int GOSSIP = SwarmAccess.GOSSIP;

  /** The default data-path (VXLAN) port. */
  public static final int DEFAULT_DATA_PATH = SwarmAccess.DEFAULT_DATA_PATH;

  /** The lowest data-path port Docker accepts ({@code --data-path-port}). */
  public static final int MIN_DATA_PATH = 1024;

  /** The highest data-path port Docker accepts. */
  public static final int MAX_DATA_PATH = 49151;

  private SwarmPorts() {}

  /**
   * The rules for a node of {@code role} whose peers are {@code trusted}, one rule per family the
   * set holds.
   *
   * @throws IllegalArgumentException when the data-path port is outside [1024, 49151] or is 2377 or
   *     7946
   */
  public static ImmutableList<Rule> rules(
      Role role, SourceSet trusted, int dataPathPort, boolean encrypted) {
    return rules(role, trusted, dataPathPort, encrypted, ImmutableList.of());
  }

  /**
   * The rules for a node of {@code role} whose peers are {@code trusted} and reach it over {@code
   * interfaces} (any interface when empty): one rule per family the set holds and per interface.
   *
   * @throws IllegalArgumentException when the data-path port is outside [1024, 49151] or is 2377 or
   *     7946
   */
  public static ImmutableList<Rule> rules(
      Role role,
      SourceSet trusted,
      int dataPathPort,
      boolean encrypted,
      Iterable<String> interfaces) {
    checkNotNull(role, "role");
    checkDataPathPort(dataPathPort);
    Peers peers =
        new Peers(
            checkNotNull(trusted, "trusted"),
            ImmutableList.copyOf(checkNotNull(interfaces, "interfaces")));
    PortRange vxlan = PortRange.of(dataPathPort);
    ImmutableList.Builder<Rule> out = ImmutableList.builder();
    if (role == Role.MANAGER) {
      out.addAll(
          peers.rules(r -> r.tcp().dport(PortRange.of(MANAGEMENT)).comment("swarm management")));
    }
    out.addAll(peers.rules(r -> r.tcp().dport(PortRange.of(GOSSIP)).comment("swarm gossip")));
    out.addAll(peers.rules(r -> r.udp().dport(PortRange.of(GOSSIP)).comment("swarm gossip")));
    if (!encrypted) {
      out.addAll(peers.rules(r -> r.udp().dport(vxlan).comment("swarm data path (vxlan)")));
      return out.build();
    }
    out.addAll(peers.rules(r -> r.esp().comment("encrypted overlay (esp)")));
    out.addAll(
        peers.rules(
            r -> r.udp().dport(vxlan).ipsecIn().comment("swarm data path (vxlan over ipsec)")));
    out.addAll(
        peers.rules(
            r -> r.udp().dport(vxlan).comment("plain vxlan: docker decides"), Verdict.RETURN));
    out.add(Rampart.rule().udp().dport(vxlan).comment("vxlan from untrusted").drop());
    return out.build();
  }

  /** The trusted nodes, and the interfaces they are bound to (none when empty). */
  private record Peers(SourceSet trusted, ImmutableList<String> over) {
    /** {@code rule} accepted from the peers. */
    ImmutableList<Rule> rules(UnaryOperator<RuleBuilder> rule) {
      return rules(rule, Verdict.ACCEPT);
    }

    /** {@code rule} from the peers, one per family of their set and per interface. */
    ImmutableList<Rule> rules(UnaryOperator<RuleBuilder> rule, Verdict verdict) {
      if (over.isEmpty()) {
        return SourceRules.from(trusted, rule, verdict);
      }
      ImmutableList.Builder<Rule> out = ImmutableList.builder();
      for (String i : over) {
        out.addAll(SourceRules.from(trusted, r -> rule.apply(r).in(i), verdict));
      }
      return out.build();
    }
  }

  /**
   * Checks a data-path port the way Docker does, and against swarm's other ports.
   *
   * @throws IllegalArgumentException naming the port
   */
  public static int checkDataPathPort(int port) {
    checkArgument(
        port >= MIN_DATA_PATH && port <= MAX_DATA_PATH,
        "data-path port out of range [%s, %s]: %s",
        MIN_DATA_PATH,
        MAX_DATA_PATH,
        port);
    checkArgument(
        port != MANAGEMENT && port != GOSSIP, "data-path port clashes with a swarm port: %s", port);
    return port;
  }
}
