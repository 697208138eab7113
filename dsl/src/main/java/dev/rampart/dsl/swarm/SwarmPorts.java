package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Rule;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.target.Verdict;
import java.util.Optional;

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
 */
public final class SwarmPorts {
  /** Cluster management (raft), managers only. */
  public static final int MANAGEMENT = 2377;

  /** Node discovery and gossip, tcp and udp. */
  public static final int GOSSIP = 7946;

  /** The default data-path (VXLAN) port. */
  public static final int DEFAULT_DATA_PATH = 4789;

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
    checkDataPathPort(dataPathPort);
    Optional<SourceSet> from = Optional.of(trusted);
    PortRange vxlan = PortRange.of(dataPathPort);
    ImmutableList.Builder<Rule> out = ImmutableList.builder();
    if (role == Role.MANAGER) {
      out.addAll(
          Rules.rule()
              .dport(Protocol.TCP, PortRange.of(MANAGEMENT))
              .comment("swarm management")
              .from(from, Verdict.ACCEPT));
    }
    out.addAll(
        Rules.rule()
            .dport(Protocol.TCP, PortRange.of(GOSSIP))
            .comment("swarm gossip")
            .from(from, Verdict.ACCEPT));
    out.addAll(
        Rules.rule()
            .dport(Protocol.UDP, PortRange.of(GOSSIP))
            .comment("swarm gossip")
            .from(from, Verdict.ACCEPT));
    if (!encrypted) {
      out.addAll(
          Rules.rule()
              .dport(Protocol.UDP, vxlan)
              .comment("swarm data path (vxlan)")
              .from(from, Verdict.ACCEPT));
      return out.build();
    }
    out.addAll(
        Rules.rule()
            .protocol(Protocol.ESP)
            .comment("encrypted overlay (esp)")
            .from(from, Verdict.ACCEPT));
    out.addAll(
        Rules.rule()
            .dport(Protocol.UDP, vxlan)
            .ipsecIn()
            .comment("swarm data path (vxlan over ipsec)")
            .from(from, Verdict.ACCEPT));
    out.addAll(
        Rules.rule()
            .dport(Protocol.UDP, vxlan)
            .comment("plain vxlan: docker decides")
            .from(from, Verdict.RETURN));
    out.add(Rules.rule().dport(Protocol.UDP, vxlan).comment("vxlan from untrusted").drop());
    return out.build();
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
