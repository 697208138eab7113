package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.RuleRef;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
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

/** The target part of a rule ({@code -j ...} with its options) as {@code iptables-save} prints. */
final class TargetArgs implements Target.Visitor<ImmutableList<Arg>> {
  /** Built-in chains whose hooks the REJECT target refuses. */
  private static final ImmutableSet<String> NO_REJECT =
      ImmutableSet.of("PREROUTING", "POSTROUTING");

  private static final ImmutableSet<Protocol> PORT_PROTOCOLS =
      ImmutableSet.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP);

  private final Family family;
  private final RuleRef place;
  private final Optional<Protocol> protocol;

  private TargetArgs(Family family, RuleRef place, Optional<Protocol> protocol) {
    this.family = family;
    this.place = place;
    this.protocol = protocol;
  }

  /** Renders {@code target} of a rule whose (non-negated) protocol is {@code protocol}. */
  static ImmutableList<Arg> of(
      Family family, RuleRef place, Target target, Optional<Protocol> protocol) {
    return target.accept(new TargetArgs(family, place, protocol));
  }

  private static ImmutableList<Arg> words(String... words) {
    ImmutableList.Builder<Arg> b = ImmutableList.builder();
    for (String w : words) {
      b.add(Arg.word(w));
    }
    return b.build();
  }

  @Override
  public ImmutableList<Arg> visitVerdict(Verdict t) {
    return words("-j", t.name());
  }

  @Override
  public ImmutableList<Arg> visitReject(Reject t) {
    if (NO_REJECT.contains(place.chain().name())) {
      throw RuleArgs.unsupported(
          family,
          place,
          "REJECT outside INPUT, FORWARD and OUTPUT (the only chains REJECT works in)",
          place.chain().name());
    }
    String with = t.with().orElse(Reject.With.defaultFor(family)).label();
    return words("-j", "REJECT", "--reject-with", with);
  }

  @Override
  public ImmutableList<Arg> visitJump(Jump t) {
    return words(t.isGoto() ? "-g" : "-j", t.chainName());
  }

  @Override
  public ImmutableList<Arg> visitLog(Log t) {
    ImmutableList.Builder<Arg> b = ImmutableList.<Arg>builder().addAll(words("-j", "LOG"));
    t.prefix().ifPresent(p -> b.add(Arg.word("--log-prefix"), Arg.text(p)));
    t.level()
        .filter(l -> l != 4)
        .ifPresent(l -> b.add(Arg.word("--log-level"), Arg.word(Integer.toString(l))));
    return b.build();
  }

  @Override
  public ImmutableList<Arg> visitDnat(Dnat t) {
    return words("-j", "DNAT", "--to-destination", natAddress(t.address(), t.port()));
  }

  @Override
  public ImmutableList<Arg> visitSnat(Snat t) {
    return words("-j", "SNAT", "--to-source", natAddress(t.address(), t.port()));
  }

  @Override
  public ImmutableList<Arg> visitMasquerade(Masquerade t) {
    if (t.ports().isEmpty()) {
      return words("-j", "MASQUERADE");
    }
    return words("-j", "MASQUERADE", "--to-ports", dashRange(checkPortProtocol(t.ports().get())));
  }

  private String natAddress(Cidr address, Optional<PortRange> port) {
    String a = Addresses.address(address);
    if (port.isEmpty()) {
      return a;
    }
    String p = dashRange(checkPortProtocol(port.get()));
    return address.family() == Family.IPV4 ? a + ":" + p : "[" + a + "]:" + p;
  }

  private PortRange checkPortProtocol(PortRange port) {
    if (protocol.filter(PORT_PROTOCOLS::contains).isEmpty()) {
      throw RuleArgs.unsupported(
          family, place, "a nat port without a tcp, udp or sctp protocol match", port);
    }
    return port;
  }

  private static String dashRange(PortRange r) {
    return r.isSingle() ? Integer.toString(r.first()) : r.first() + "-" + r.last();
  }

  @Override
  public ImmutableList<Arg> visitMark(Mark t) {
    return words("-j", "MARK", "--set-xmark", hex(t.value()) + "/" + hex(t.mask()));
  }

  @Override
  public ImmutableList<Arg> visitConnMark(ConnMark t) {
    return switch (t.mode()) {
      case SET -> words("-j", "CONNMARK", "--set-xmark", hex(t.value()) + "/" + hex(t.mask()));
      case SAVE ->
          words(
              "-j",
              "CONNMARK",
              "--save-mark",
              "--nfmask",
              hex(t.nfMask()),
              "--ctmask",
              hex(t.ctMask()));
      case RESTORE ->
          words(
              "-j",
              "CONNMARK",
              "--restore-mark",
              "--nfmask",
              hex(t.nfMask()),
              "--ctmask",
              hex(t.ctMask()));
    };
  }

  @Override
  public ImmutableList<Arg> visitCt(Ct t) {
    return t.isNotrack()
        ? words("-j", "CT", "--notrack")
        : words("-j", "CT", "--zone", Integer.toString(t.zone().orElseThrow()));
  }

  @Override
  public ImmutableList<Arg> visitNotrack(Notrack t) {
    return words("-j", "NOTRACK");
  }

  @Override
  public ImmutableList<Arg> visitRedirect(Redirect t) {
    if (t.ports().isEmpty()) {
      return words("-j", "REDIRECT");
    }
    return words("-j", "REDIRECT", "--to-ports", dashRange(checkPortProtocol(t.ports().get())));
  }

  @Override
  public ImmutableList<Arg> visitNflog(Nflog t) {
    ImmutableList.Builder<Arg> b = ImmutableList.<Arg>builder().addAll(words("-j", "NFLOG"));
    t.prefix().ifPresent(p -> b.add(Arg.word("--nflog-prefix"), Arg.text(p)));
    if (t.group() != 0) {
      b.add(Arg.word("--nflog-group"), Arg.word(Integer.toString(t.group())));
    }
    t.size().ifPresent(s -> b.add(Arg.word("--nflog-size"), Arg.word(Integer.toString(s))));
    t.threshold()
        .filter(n -> n != 1)
        .ifPresent(n -> b.add(Arg.word("--nflog-threshold"), Arg.word(Integer.toString(n))));
    return b.build();
  }

  @Override
  public ImmutableList<Arg> visitTcpMss(TcpMss t) {
    return t.mss()
        .map(m -> words("-j", "TCPMSS", "--set-mss", Integer.toString(m)))
        .orElseGet(() -> words("-j", "TCPMSS", "--clamp-mss-to-pmtu"));
  }

  @Override
  public ImmutableList<Arg> visitOpaque(OpaqueTarget t) {
    ImmutableList.Builder<Arg> b = ImmutableList.<Arg>builder().addAll(words("-j", t.name()));
    t.arguments().forEach(a -> b.add(Arg.opaque(a, false)));
    return b.build();
  }

  private static String hex(long n) {
    return "0x" + Long.toHexString(n);
  }
}
