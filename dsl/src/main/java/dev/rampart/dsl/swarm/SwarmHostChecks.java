package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.LockoutCheck;
import dev.rampart.core.eval.SwarmPortCheck;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of {@link SwarmHost}: no port is claimed twice, no swarm port is opened, and the
 * policy made keeps SSH and gives the swarm ports to the trusted nodes only.
 */
final class SwarmHostChecks {
  /** One claimed port: what claims it (ssh, host, open, published) and which port. */
  private record Claim(String kind, String article, Protocol protocol, PortRange ports) {
    boolean overlaps(Claim o) {
      return protocol.equals(o.protocol)
          && ports.first() <= o.ports.last()
          && o.ports.first() <= ports.last();
    }

    String label() {
      return ports + "/" + protocol;
    }
  }

  private static final ImmutableList<Family> FAMILIES = ImmutableList.copyOf(Family.values());

  private SwarmHostChecks() {}

  /**
   * Checks that {@code ruleset} keeps {@code host}'s admin access (unless it allows the lockout)
   * and its {@linkplain SwarmHost#swarmAccess() swarm access}, in both families.
   *
   * @throws dev.rampart.core.InvalidModelException naming the place, the port and the packet
   */
  static void checkAccess(SwarmHost host, Ruleset ruleset) {
    LockoutCheck.check(ruleset, FAMILIES);
    SwarmPortCheck.check(ruleset, host.swarmAccess(), FAMILIES);
  }

  static void checkPorts(
      int dataPathPort,
      int sshPort,
      List<HostPort> hostPorts,
      List<HostPort> openPorts,
      List<PublishedService> published) {
    List<Claim> claims = new ArrayList<>();
    claims.add(new Claim("ssh port", "the", Protocol.TCP, PortRange.of(sshPort)));
    hostPorts.forEach(p -> claims.add(new Claim("host port", "a", p.protocol(), p.ports())));
    openPorts.forEach(p -> claims.add(new Claim("open port", "an", p.protocol(), p.ports())));
    published.forEach(p -> claims.add(new Claim("published port", "a", p.protocol(), p.ports())));
    ImmutableList<Claim> swarm =
        ImmutableList.of(
            new Claim("swarm port", "a", Protocol.TCP, PortRange.of(SwarmPorts.MANAGEMENT)),
            new Claim("swarm port", "a", Protocol.TCP, PortRange.of(SwarmPorts.GOSSIP)),
            new Claim("swarm port", "a", Protocol.UDP, PortRange.of(SwarmPorts.GOSSIP)),
            new Claim("swarm port", "a", Protocol.UDP, PortRange.of(dataPathPort)));
    for (Claim c : claims) {
      for (Claim s : swarm) {
        checkArgument(
            !c.overlaps(s),
            "%s %s is a swarm port, open to the trusted nodes only: %s",
            c.kind,
            c.label(),
            s.label());
      }
    }
    for (int j = 0; j < claims.size(); j++) {
      for (int i = 0; i < j; i++) {
        Claim a = claims.get(i);
        Claim b = claims.get(j);
        if (!a.overlaps(b)) {
          continue;
        }
        checkArgument(
            !a.kind.equals(b.kind), "%ss overlap: %s and %s", a.kind, a.label(), b.label());
        throw new IllegalArgumentException(
            String.format(
                "%s %s is also listed as %s %s: %s",
                b.kind, b.label(), a.article, a.kind, a.label()));
      }
    }
  }
}
