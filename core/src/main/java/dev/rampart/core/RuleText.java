package dev.rampart.core;

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
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlag;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.ConnMark;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A rule as short iptables-style text for people, {@code -p tcp --dport 22 -j ACCEPT}: what
 * evaluator traces and analysis findings print. Not a renderer: the text is never loaded, comments
 * are shown as {@code /* ... *\/}, and nothing is quoted for a shell.
 *
 * <pre>{@code
 * RuleText.of(rule); // "-s 10.0.0.0/8 -p tcp --dport 22 -j ACCEPT"
 * }</pre>
 */
public final class RuleText {
  private RuleText() {}

  /** Returns the matches then the target of {@code rule}, then its comment if any. */
  public static String of(Rule rule) {
    StringBuilder b = new StringBuilder();
    for (Match m : rule.matches()) {
      b.append(of(m)).append(' ');
    }
    b.append(of(rule.target()));
    rule.comment().ifPresent(c -> b.append(" /* ").append(c).append(" */"));
    return b.toString();
  }

  /** Returns one match, {@code -p tcp} or {@code -m conntrack --ctstate NEW}. */
  public static String of(Match match) {
    return match.accept(MatchText.INSTANCE);
  }

  /** Returns one target, {@code -j ACCEPT} or {@code -j DNAT --to-destination 172.18.0.2:80}. */
  public static String of(Target target) {
    return target.accept(TargetText.INSTANCE);
  }

  private static String not(Match m) {
    return m.negated() ? "! " : "";
  }

  private static String ports(PortRange p) {
    return p.isSingle() ? Integer.toString(p.first()) : p.first() + ":" + p.last();
  }

  private static String host(Cidr c) {
    return c.isHost() ? c.toString().substring(0, c.toString().indexOf('/')) : c.toString();
  }

  private enum MatchText implements Match.Visitor<String> {
    INSTANCE;

    @Override
    public String visitProtocol(ProtocolMatch m) {
      return not(m) + "-p " + m.protocol();
    }

    @Override
    public String visitAddress(AddressMatch m) {
      String list = m.addresses().stream().map(Cidr::toString).collect(Collectors.joining(","));
      return not(m) + (m.direction() == Direction.SOURCE ? "-s " : "-d ") + list;
    }

    @Override
    public String visitSet(SetMatch m) {
      return "-m set "
          + not(m)
          + "--match-set "
          + m.setName()
          + (m.direction() == Direction.SOURCE ? " src" : " dst");
    }

    @Override
    public String visitPort(PortMatch m) {
      String side = m.direction() == Direction.SOURCE ? "sport" : "dport";
      if (m.isSingleRange()) {
        return not(m) + "--" + side + " " + ports(m.ports().get(0));
      }
      String list = m.ports().stream().map(RuleText::ports).collect(Collectors.joining(","));
      return "-m multiport " + not(m) + "--" + side + "s " + list;
    }

    @Override
    public String visitInterface(InterfaceMatch m) {
      return not(m) + (m.side() == InterfaceMatch.Side.IN ? "-i " : "-o ") + m.name();
    }

    @Override
    public String visitConntrackState(ConntrackStateMatch m) {
      String states = m.states().stream().map(ConnState::name).collect(Collectors.joining(","));
      return "-m conntrack " + not(m) + "--ctstate " + states;
    }

    @Override
    public String visitConntrackOriginal(ConntrackOriginalMatch m) {
      StringBuilder b = new StringBuilder("-m conntrack");
      m.destination().ifPresent(d -> b.append(' ').append(not(m)).append("--ctorigdst ").append(d));
      m.destinationPort()
          .ifPresent(p -> b.append(' ').append(not(m)).append("--ctorigdstport ").append(ports(p)));
      return b.toString();
    }

    @Override
    public String visitIcmpType(IcmpTypeMatch m) {
      boolean v4 = m.family() == Family.IPV4;
      return (v4 ? "-m icmp " : "-m icmp6 ")
          + not(m)
          + (v4 ? "--icmp-type " : "--icmpv6-type ")
          + m.type()
          + m.code().map(c -> "/" + c).orElse("");
    }

    @Override
    public String visitLimit(LimitMatch m) {
      return "-m limit --limit "
          + m.rate()
          + "/"
          + m.unit().name().toLowerCase(Locale.ROOT)
          + m.burst().map(b -> " --limit-burst " + b).orElse("");
    }

    @Override
    public String visitPolicy(PolicyMatch m) {
      return "-m policy --dir "
          + m.dir().name().toLowerCase(Locale.ROOT)
          + " --pol "
          + m.processing().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String visitAddressType(AddressTypeMatch m) {
      return "-m addrtype "
          + not(m)
          + (m.direction() == Direction.SOURCE ? "--src-type " : "--dst-type ")
          + m.type().name();
    }

    @Override
    public String visitMark(MarkMatch m) {
      return "-m mark "
          + not(m)
          + "--mark 0x"
          + Long.toHexString(m.value())
          + (m.mask() == 0xffffffffL ? "" : "/0x" + Long.toHexString(m.mask()));
    }

    @Override
    public String visitOpaque(OpaqueMatch m) {
      return "-m "
          + m.module()
          + (m.arguments().isEmpty() ? "" : " " + String.join(" ", m.arguments()));
    }

    @Override
    public String visitIpRange(IpRangeMatch m) {
      return "-m iprange "
          + not(m)
          + (m.direction() == Direction.SOURCE ? "--src-range " : "--dst-range ")
          + host(m.first())
          + "-"
          + host(m.last());
    }

    @Override
    public String visitMac(MacMatch m) {
      return "-m mac " + not(m) + "--mac-source " + m.address();
    }

    @Override
    public String visitPacketType(PacketTypeMatch m) {
      return "-m pkttype " + not(m) + "--pkt-type " + m.type().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String visitOwner(OwnerMatch m) {
      String range = m.low() == m.high() ? Long.toString(m.low()) : m.low() + "-" + m.high();
      return "-m owner "
          + not(m)
          + switch (m.kind()) {
            case UID -> "--uid-owner " + range;
            case GID -> "--gid-owner " + range;
            case SOCKET_EXISTS -> "--socket-exists";
          };
    }

    @Override
    public String visitTcpFlags(TcpFlagsMatch m) {
      return "-m tcp " + not(m) + "--tcp-flags " + flags(m.mask()) + " " + flags(m.set());
    }

    @Override
    public String visitRpFilter(RpFilterMatch m) {
      return "-m rpfilter"
          + (m.mode() == RpFilterMatch.Mode.LOOSE ? " --loose" : "")
          + (m.validMark() ? " --validmark" : "")
          + (m.acceptLocal() ? " --accept-local" : "")
          + (m.negated() ? " --invert" : "");
    }

    private static String flags(Iterable<TcpFlag> flags) {
      List<String> names = new ArrayList<>();
      flags.forEach(f -> names.add(f.name()));
      return names.isEmpty() ? "NONE" : String.join(",", names);
    }
  }

  private enum TargetText implements Target.Visitor<String> {
    INSTANCE;

    @Override
    public String visitVerdict(Verdict t) {
      return "-j " + t.name();
    }

    @Override
    public String visitReject(Reject t) {
      return "-j REJECT" + t.with().map(w -> " --reject-with " + w.label()).orElse("");
    }

    @Override
    public String visitJump(Jump t) {
      return (t.isGoto() ? "-g " : "-j ") + t.chainName();
    }

    @Override
    public String visitLog(Log t) {
      return "-j LOG"
          + t.prefix().map(p -> " --log-prefix \"" + p + "\"").orElse("")
          + t.level().map(l -> " --log-level " + l).orElse("");
    }

    @Override
    public String visitDnat(Dnat t) {
      return "-j DNAT --to-destination " + endpoint(t.address(), t);
    }

    @Override
    public String visitSnat(Snat t) {
      return "-j SNAT --to-source "
          + (t.port().isPresent() && t.address().family() == Family.IPV6
              ? "[" + host(t.address()) + "]:" + ports(t.port().get())
              : host(t.address()) + t.port().map(p -> ":" + ports(p)).orElse(""));
    }

    @Override
    public String visitMasquerade(Masquerade t) {
      return "-j MASQUERADE" + t.ports().map(p -> " --to-ports " + ports(p)).orElse("");
    }

    @Override
    public String visitMark(Mark t) {
      return "-j MARK --set-xmark " + hex(t.value()) + "/" + hex(t.mask());
    }

    @Override
    public String visitConnMark(ConnMark t) {
      return switch (t.mode()) {
        case SET -> "-j CONNMARK --set-xmark " + hex(t.value()) + "/" + hex(t.mask());
        case SAVE ->
            "-j CONNMARK --save-mark --nfmask " + hex(t.nfMask()) + " --ctmask " + hex(t.ctMask());
        case RESTORE ->
            "-j CONNMARK --restore-mark --nfmask "
                + hex(t.nfMask())
                + " --ctmask "
                + hex(t.ctMask());
      };
    }

    @Override
    public String visitCt(Ct t) {
      return t.isNotrack()
          ? "-j CT --notrack"
          : "-j CT" + t.zone().map(z -> " --zone " + z).orElse("");
    }

    @Override
    public String visitNotrack(Notrack t) {
      return "-j NOTRACK";
    }

    @Override
    public String visitRedirect(Redirect t) {
      return "-j REDIRECT" + t.ports().map(p -> " --to-ports " + ports(p)).orElse("");
    }

    @Override
    public String visitNflog(Nflog t) {
      return "-j NFLOG"
          + t.prefix().map(p -> " --nflog-prefix \"" + p + "\"").orElse("")
          + " --nflog-group "
          + t.group()
          + t.size().map(n -> " --nflog-size " + n).orElse("")
          + t.threshold().map(n -> " --nflog-threshold " + n).orElse("");
    }

    @Override
    public String visitTcpMss(TcpMss t) {
      return "-j TCPMSS" + t.mss().map(n -> " --set-mss " + n).orElse(" --clamp-mss-to-pmtu");
    }

    @Override
    public String visitOpaque(OpaqueTarget t) {
      return "-j "
          + t.name()
          + (t.arguments().isEmpty() ? "" : " " + String.join(" ", t.arguments()));
    }

    private static String hex(long v) {
      return "0x" + Long.toHexString(v);
    }

    private static String endpoint(Cidr address, Dnat t) {
      if (t.port().isEmpty()) {
        return host(address);
      }
      String port = ports(t.port().get());
      return address.family() == Family.IPV6
          ? "[" + host(address) + "]:" + port
          : host(address) + ":" + port;
    }
  }
}
