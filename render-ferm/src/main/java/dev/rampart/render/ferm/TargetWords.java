package dev.rampart.render.ferm;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.RuleRef;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.PortRange;
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
import java.util.Optional;

/** The ferm words of a target: {@code ACCEPT}, {@code jump FILTERS}, {@code DNAT to 1.2.3.4}. */
final class TargetWords implements Target.Visitor<String> {
  private final RuleRef place;

  /** Words for a target at {@code place}, which names it in refusals. */
  TargetWords(RuleRef place) {
    this.place = place;
  }

  private UnsupportedFeatureException unsupported(String feature, Object value) {
    return new UnsupportedFeatureException(
        FermRenderer.BACKEND, feature, String.valueOf(value), place);
  }

  @Override
  public String visitVerdict(Verdict t) {
    return t.name();
  }

  @Override
  public String visitReject(Reject t) {
    return "REJECT" + t.with().map(w -> " reject-with " + w.label()).orElse("");
  }

  @Override
  public String visitJump(Jump t) {
    return (t.isGoto() ? "goto " : "jump ") + t.chainName();
  }

  @Override
  public String visitLog(Log t) {
    return "LOG"
        + t.prefix().map(p -> " log-prefix " + FermText.quoted(p)).orElse("")
        + t.level().map(l -> " log-level " + l).orElse("");
  }

  @Override
  public String visitDnat(Dnat t) {
    return "DNAT to " + natAddress(t.address(), t.port());
  }

  @Override
  public String visitSnat(Snat t) {
    return "SNAT to " + natAddress(t.address(), t.port());
  }

  @Override
  public String visitMasquerade(Masquerade t) {
    return "MASQUERADE" + t.ports().map(p -> " to-ports " + natPorts(p)).orElse("");
  }

  /** {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code 2001:db8::1}, {@code "[2001:db8::1]:80"}. */
  private static String natAddress(Cidr address, Optional<PortRange> port) {
    String host = FermText.address(address);
    if (port.isEmpty()) {
      return host;
    }
    if (address.family() == Family.IPV4) {
      return host + ":" + natPorts(port.get());
    }
    return FermText.quoted("[" + host + "]:" + natPorts(port.get()));
  }

  private static String natPorts(PortRange p) {
    return p.isSingle() ? Integer.toString(p.first()) : p.first() + "-" + p.last();
  }

  @Override
  public String visitMark(Mark t) {
    return "MARK set-xmark " + FermText.xmark(t.value(), t.mask());
  }

  @Override
  public String visitConnMark(ConnMark t) {
    return switch (t.mode()) {
      case SET -> "CONNMARK set-xmark " + FermText.xmark(t.value(), t.mask());
      case SAVE -> "CONNMARK save-mark" + masks(t);
      case RESTORE -> "CONNMARK restore-mark" + masks(t);
    };
  }

  private static String masks(ConnMark t) {
    return " nfmask " + FermText.hex(t.nfMask()) + " ctmask " + FermText.hex(t.ctMask());
  }

  @Override
  public String visitCt(Ct t) {
    return t.isNotrack() ? "CT notrack" : "CT zone " + t.zone().orElseThrow();
  }

  @Override
  public String visitNotrack(Notrack t) {
    return "NOTRACK";
  }

  @Override
  public String visitRedirect(Redirect t) {
    return "REDIRECT" + t.ports().map(p -> " to-ports " + natPorts(p)).orElse("");
  }

  @Override
  public String visitNflog(Nflog t) {
    if (t.size().isPresent()) {
      throw unsupported("an NFLOG size (ferm 2.5 has no keyword for it)", t.size().get());
    }
    return "NFLOG"
        + (t.group() != 0 ? " nflog-group " + t.group() : "")
        + t.prefix().map(p -> " nflog-prefix " + FermText.quoted(p)).orElse("")
        + t.threshold().map(n -> " nflog-threshold " + n).orElse("");
  }

  @Override
  public String visitTcpMss(TcpMss t) {
    return t.mss().map(m -> "TCPMSS set-mss " + m).orElse("TCPMSS clamp-mss-to-pmtu");
  }

  @Override
  public String visitOpaque(OpaqueTarget t) {
    throw unsupported("an opaque target", t.name());
  }
}
