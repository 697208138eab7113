package dev.rampart.render.nftables;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import dev.rampart.core.target.ConnMark;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.TcpMss;
import java.util.Locale;
import java.util.Optional;

/** The nft text of each target. */
enum TargetText implements dev.rampart.core.target.Target.Visitor<String> {
  OF;

  static final dev.rampart.core.target.Target.Visitor<Boolean> NEEDS_TRANSPORT =
      new dev.rampart.core.target.Target.Visitor<>() {
        @Override
        public Boolean visitVerdict(dev.rampart.core.target.Verdict t) {
          return false;
        }

        @Override
        public Boolean visitReject(Reject t) {
          return t.with().filter(w -> w == Reject.With.TCP_RESET).isPresent();
        }

        @Override
        public Boolean visitJump(dev.rampart.core.target.Jump t) {
          return false;
        }

        @Override
        public Boolean visitLog(dev.rampart.core.target.Log t) {
          return false;
        }

        @Override
        public Boolean visitDnat(Dnat t) {
          return t.port().isPresent();
        }

        @Override
        public Boolean visitSnat(Snat t) {
          return t.port().isPresent();
        }

        @Override
        public Boolean visitMasquerade(Masquerade t) {
          return t.ports().isPresent();
        }

        @Override
        public Boolean visitMark(Mark t) {
          return false;
        }

        @Override
        public Boolean visitConnMark(ConnMark t) {
          return false;
        }

        @Override
        public Boolean visitCt(Ct t) {
          return false;
        }

        @Override
        public Boolean visitNotrack(Notrack t) {
          return false;
        }

        @Override
        public Boolean visitRedirect(Redirect t) {
          return t.ports().isPresent();
        }

        @Override
        public Boolean visitNflog(Nflog t) {
          return false;
        }

        @Override
        public Boolean visitTcpMss(TcpMss t) {
          return false;
        }

        @Override
        public Boolean visitOpaque(OpaqueTarget t) {
          return false;
        }
      };

  /** What nftables cannot express of a target, if anything. */
  static final dev.rampart.core.target.Target.Visitor<Optional<String>> REFUSED =
      new dev.rampart.core.target.Target.Visitor<>() {
        @Override
        public Optional<String> visitVerdict(dev.rampart.core.target.Verdict t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitReject(Reject t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitJump(dev.rampart.core.target.Jump t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitLog(dev.rampart.core.target.Log t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitDnat(Dnat t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitSnat(Snat t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitMasquerade(Masquerade t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitMark(Mark t) {
          return Optional.of("MARK");
        }

        @Override
        public Optional<String> visitConnMark(ConnMark t) {
          return Optional.of("CONNMARK");
        }

        @Override
        public Optional<String> visitCt(Ct t) {
          return Optional.of("CT");
        }

        @Override
        public Optional<String> visitNotrack(Notrack t) {
          return Optional.of("NOTRACK");
        }

        @Override
        public Optional<String> visitRedirect(Redirect t) {
          return Optional.of("REDIRECT");
        }

        @Override
        public Optional<String> visitNflog(Nflog t) {
          return Optional.of("NFLOG");
        }

        @Override
        public Optional<String> visitTcpMss(TcpMss t) {
          return Optional.of("TCPMSS");
        }

        @Override
        public Optional<String> visitOpaque(OpaqueTarget t) {
          return Optional.of("an opaque target");
        }
      };

  private static final ImmutableList<String> LEVELS =
      ImmutableList.of("emerg", "alert", "crit", "err", "warn", "notice", "info", "debug");

  @Override
  public String visitVerdict(dev.rampart.core.target.Verdict t) {
    return t.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String visitReject(Reject t) {
    if (t.with().isEmpty()) {
      return "reject";
    }
    Reject.With w = t.with().get();
    if (w == Reject.With.TCP_RESET) {
      return "reject with tcp reset";
    }
    String name = w.label();
    return switch (w) {
      case ICMP6_ADM_PROHIBITED -> "reject with icmpv6 admin-prohibited";
      case ICMP6_PORT_UNREACHABLE, ICMP6_NO_ROUTE, ICMP6_ADDR_UNREACHABLE ->
          "reject with icmpv6 " + name.substring("icmp6-".length());
      default -> "reject with icmp " + name.substring("icmp-".length());
    };
  }

  @Override
  public String visitJump(dev.rampart.core.target.Jump t) {
    return (t.isGoto() ? "goto " : "jump ") + t.chainName();
  }

  @Override
  public String visitLog(dev.rampart.core.target.Log t) {
    StringBuilder out = new StringBuilder("log");
    t.prefix().ifPresent(p -> out.append(" prefix \"").append(p).append('"'));
    t.level().filter(l -> l != 4).ifPresent(l -> out.append(" level ").append(LEVELS.get(l)));
    return out.toString();
  }

  @Override
  public String visitDnat(Dnat t) {
    return "dnat " + nat(t.address(), t.port());
  }

  @Override
  public String visitSnat(Snat t) {
    return "snat " + nat(t.address(), t.port());
  }

  @Override
  public String visitMasquerade(Masquerade t) {
    return t.ports().map(p -> "masquerade to :" + p).orElse("masquerade");
  }

  private static String nat(
      dev.rampart.core.Cidr address, Optional<dev.rampart.core.match.PortRange> port) {
    String host = Intervals.cidr(address);
    if (address.family() == Family.IPV4) {
      return "ip to " + host + port.map(p -> ":" + p).orElse("");
    }
    return "ip6 to " + port.map(p -> "[" + host + "]:" + p).orElse(host);
  }

  @Override
  public String visitMark(Mark t) {
    throw new IllegalStateException("refused before rendering: MARK");
  }

  @Override
  public String visitConnMark(ConnMark t) {
    throw new IllegalStateException("refused before rendering: CONNMARK");
  }

  @Override
  public String visitCt(Ct t) {
    throw new IllegalStateException("refused before rendering: CT");
  }

  @Override
  public String visitNotrack(Notrack t) {
    throw new IllegalStateException("refused before rendering: NOTRACK");
  }

  @Override
  public String visitRedirect(Redirect t) {
    throw new IllegalStateException("refused before rendering: REDIRECT");
  }

  @Override
  public String visitNflog(Nflog t) {
    throw new IllegalStateException("refused before rendering: NFLOG");
  }

  @Override
  public String visitTcpMss(TcpMss t) {
    throw new IllegalStateException("refused before rendering: TCPMSS");
  }

  @Override
  public String visitOpaque(OpaqueTarget t) {
    throw new IllegalStateException("refused before rendering: an opaque target");
  }
}
