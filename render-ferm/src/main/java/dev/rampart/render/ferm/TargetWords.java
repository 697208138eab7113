package dev.rampart.render.ferm;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
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
import java.util.Locale;
import java.util.Optional;

/** The ferm words of a target: {@code ACCEPT}, {@code jump FILTERS}, {@code DNAT to 1.2.3.4}. */
final class TargetWords implements Target.Visitor<String> {
  private final String place;

  /** Words for a target at {@code place}, which names it in refusals. */
  TargetWords(String place) {
    this.place = place;
  }

  private UnsupportedFeatureException unsupported(String feature) {
    return new UnsupportedFeatureException(FermRenderer.BACKEND, feature, place);
  }

  @Override
  public String visitVerdict(Verdict t) {
    return t.name();
  }

  @Override
  public String visitReject(Reject t) {
    return "REJECT"
        + t.with()
            .map(w -> " reject-with " + w.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .orElse("");
  }

  @Override
  public String visitJump(Jump t) {
    return (t.isGoto() ? "goto " : "jump ") + t.target();
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
    throw unsupported("MARK");
  }

  @Override
  public String visitConnMark(ConnMark t) {
    throw unsupported("CONNMARK");
  }

  @Override
  public String visitCt(Ct t) {
    throw unsupported("CT");
  }

  @Override
  public String visitNotrack(Notrack t) {
    throw unsupported("NOTRACK");
  }

  @Override
  public String visitRedirect(Redirect t) {
    throw unsupported("REDIRECT");
  }

  @Override
  public String visitNflog(Nflog t) {
    throw unsupported("NFLOG");
  }

  @Override
  public String visitTcpMss(TcpMss t) {
    throw unsupported("TCPMSS");
  }

  @Override
  public String visitOpaque(OpaqueTarget t) {
    throw unsupported("an opaque target");
  }
}
