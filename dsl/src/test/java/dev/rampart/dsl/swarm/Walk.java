package dev.rampart.dsl.swarm;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.OpaqueMatch;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import java.util.Optional;

/**
 * A test-side walker of one chain of a filter table for one packet: the kernel's first-match
 * semantics for the matches the presets use (rate limits assumed not exceeded). Jumps are followed;
 * the result is the verdict that ended the walk and the rule that gave it.
 */
final class Walk {
  /** A packet as the filter table sees it. */
  record Packet(
      Family family,
      Cidr source,
      String in,
      Optional<String> out,
      Protocol protocol,
      int dport,
      int origDport,
      ConnState state,
      boolean ipsec,
      int icmpType) {

    /** A NEW packet from {@code source} arriving on {@code in} to {@code protocol}/{@code port}. */
    static Packet to(String source, String in, Protocol protocol, int port) {
      Cidr s = Cidr.parse(source);
      return new Packet(
          s.family(), s, in, Optional.empty(), protocol, port, port, ConnState.NEW, false, -1);
    }

    Packet forwardedTo(String outIface) {
      return new Packet(
          family,
          source,
          in,
          Optional.of(outIface),
          protocol,
          dport,
          origDport,
          state,
          ipsec,
          icmpType);
    }

    Packet withState(ConnState s) {
      return new Packet(family, source, in, out, protocol, dport, origDport, s, ipsec, icmpType);
    }

    Packet viaIpsec() {
      return new Packet(family, source, in, out, protocol, dport, origDport, state, true, icmpType);
    }

    Packet icmp(int type) {
      return new Packet(
          family,
          source,
          in,
          out,
          family == Family.IPV4 ? Protocol.ICMP : Protocol.ICMPV6,
          0,
          0,
          state,
          ipsec,
          type);
    }
  }

  /** How a walk ended: a verdict ({@code RETURN} also for falling off the end) and where. */
  record Result(Verdict verdict, String chain, int rule) {
    /** Falling off the end of a user chain: back to the caller. */
    boolean fellThrough() {
      return rule == 0;
    }
  }

  private Walk() {}

  /** Walks {@code chain} of the filter table for {@code p}. */
  static Result run(Ruleset rs, String chain, Packet p) {
    Chain c = rs.table(TableName.FILTER).orElseThrow().chain(chain).orElseThrow();
    for (int i = 0; i < c.rules().size(); i++) {
      Rule r = c.rules().get(i);
      if (!rs.familiesOf(r).contains(p.family())) {
        continue;
      }
      if (!r.matches().stream().allMatch(m -> matches(rs, m, p))) {
        continue;
      }
      if (r.target() instanceof Jump j) {
        Result sub = run(rs, j.chainName(), p);
        if (sub.verdict() == Verdict.RETURN) {
          continue;
        }
        return sub;
      }
      if (r.target() instanceof Verdict v) {
        return new Result(v, chain, i + 1);
      }
      throw new UnsupportedOperationException("target " + r.target());
    }
    return new Result(Verdict.RETURN, chain, 0);
  }

  private static boolean matches(Ruleset rs, Match m, Packet p) {
    boolean hit = m.accept(new Matcher(rs, p));
    return m.negated() != hit;
  }

  /** Whether a match holds, ignoring negation. */
  private record Matcher(Ruleset rs, Packet p) implements Match.Visitor<Boolean> {
    @Override
    public Boolean visitProtocol(ProtocolMatch m) {
      return m.protocol().equals(p.protocol());
    }

    @Override
    public Boolean visitAddress(AddressMatch m) {
      if (m.direction() != Direction.SOURCE) {
        throw new UnsupportedOperationException("destination address");
      }
      return m.addresses().stream().anyMatch(c -> c.contains(p.source()));
    }

    @Override
    public Boolean visitSet(SetMatch m) {
      AddressSet s = rs.set(m.setName()).orElseThrow();
      return m.direction() == Direction.SOURCE
          && s.family() == p.family()
          && s.elements().stream().anyMatch(c -> c.contains(p.source()));
    }

    @Override
    public Boolean visitPort(PortMatch m) {
      if (m.direction() != Direction.DESTINATION) {
        throw new UnsupportedOperationException("source port");
      }
      return m.ports().stream().anyMatch(r -> r.contains(p.dport()));
    }

    @Override
    public Boolean visitInterface(InterfaceMatch m) {
      Optional<String> iface = m.side() == InterfaceMatch.Side.IN ? Optional.of(p.in()) : p.out();
      return iface
          .map(
              i ->
                  m.isWildcard()
                      ? i.startsWith(m.name().substring(0, m.name().length() - 1))
                      : i.equals(m.name()))
          .orElse(false);
    }

    @Override
    public Boolean visitConntrackState(ConntrackStateMatch m) {
      return m.states().contains(p.state());
    }

    @Override
    public Boolean visitConntrackOriginal(ConntrackOriginalMatch m) {
      if (m.destination().isPresent()) {
        throw new UnsupportedOperationException("original destination");
      }
      return m.destinationPort().orElseThrow().contains(p.origDport());
    }

    @Override
    public Boolean visitIcmpType(IcmpTypeMatch m) {
      return m.family() == p.family() && m.type() == p.icmpType();
    }

    @Override
    public Boolean visitLimit(LimitMatch m) {
      return true;
    }

    @Override
    public Boolean visitPolicy(PolicyMatch m) {
      if (m.dir() != PolicyMatch.Dir.IN) {
        throw new UnsupportedOperationException("policy out");
      }
      return (m.processing() == PolicyMatch.Processing.IPSEC) == p.ipsec();
    }

    @Override
    public Boolean visitAddressType(AddressTypeMatch m) {
      throw new UnsupportedOperationException("address type");
    }

    @Override
    public Boolean visitMark(MarkMatch m) {
      throw new UnsupportedOperationException("mark");
    }

    @Override
    public Boolean visitOpaque(OpaqueMatch m) {
      throw new UnsupportedOperationException("opaque");
    }

    @Override
    public Boolean visitIpRange(IpRangeMatch m) {
      throw new UnsupportedOperationException("ip range");
    }

    @Override
    public Boolean visitMac(MacMatch m) {
      throw new UnsupportedOperationException("mac");
    }

    @Override
    public Boolean visitPacketType(PacketTypeMatch m) {
      throw new UnsupportedOperationException("packet type");
    }

    @Override
    public Boolean visitOwner(OwnerMatch m) {
      throw new UnsupportedOperationException("owner");
    }

    @Override
    public Boolean visitRpFilter(RpFilterMatch m) {
      throw new UnsupportedOperationException("rpfilter");
    }

    @Override
    public Boolean visitTcpFlags(TcpFlagsMatch m) {
      throw new UnsupportedOperationException("tcp flags");
    }
  }
}
