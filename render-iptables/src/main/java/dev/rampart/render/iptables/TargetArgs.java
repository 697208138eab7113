package dev.rampart.render.iptables;

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
import java.util.function.Supplier;

/**
 * Writes the target part of a rule ({@code -j ...} with its options) as {@code iptables-save}
 * prints it, into the rule's {@link RestoreLine}. One instance serves every rule of a render.
 */
final class TargetArgs implements Target.Visitor<TargetArgs> {
  /** Built-in chains whose hooks the REJECT target refuses. */
  private static final ImmutableSet<String> NO_REJECT =
      ImmutableSet.of("PREROUTING", "POSTROUTING");

  private static final ImmutableSet<Protocol> PORT_PROTOCOLS =
      ImmutableSet.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP);

  private final Family family;
  private final Supplier<RuleRef> place;
  private final RestoreLine out;
  private String chain = "";
  private Optional<Protocol> protocol = Optional.empty();

  /**
   * A writer of {@code family}'s targets into {@code out}; {@code place} gives the place of the
   * rule being written, for a refusal.
   */
  TargetArgs(Family family, Supplier<RuleRef> place, RestoreLine out) {
    this.family = family;
    this.place = place;
    this.out = out;
  }

  /**
   * Returns {@code target} of a rule at {@code place} whose (non-negated) protocol is {@code
   * protocol}, as restore text.
   */
  static String restoreText(
      Family family, RuleRef place, Target target, Optional<Protocol> protocol) {
    StringBuilder text = new StringBuilder();
    new TargetArgs(family, () -> place, new RestoreLine(text))
        .write(target, place.chain().name(), protocol);
    return text.toString();
  }

  /**
   * Writes {@code target} of a rule of {@code chain} whose (non-negated) protocol is {@code
   * protocol}.
   */
  void write(Target target, String chain, Optional<Protocol> protocol) {
    this.chain = chain;
    this.protocol = protocol;
    target.accept(this);
  }

  private TargetArgs words(String... words) {
    for (String w : words) {
      out.word(w);
    }
    return this;
  }

  private TargetArgs jump(String target) {
    out.word("-j");
    out.word(target);
    return this;
  }

  @Override
  public TargetArgs visitVerdict(Verdict t) {
    return jump(t.name());
  }

  @Override
  public TargetArgs visitReject(Reject t) {
    if (NO_REJECT.contains(chain)) {
      throw RuleArgs.unsupported(
          family,
          place.get(),
          "REJECT outside INPUT, FORWARD and OUTPUT (the only chains REJECT works in)",
          chain);
    }
    String with = t.with().orElse(Reject.With.defaultFor(family)).label();
    return words("-j", "REJECT", "--reject-with", with);
  }

  @Override
  public TargetArgs visitJump(Jump t) {
    out.word(t.isGoto() ? "-g" : "-j");
    out.word(t.chainName());
    return this;
  }

  @Override
  public TargetArgs visitLog(Log t) {
    jump("LOG");
    if (t.prefix().isPresent()) {
      out.word("--log-prefix");
      out.text(t.prefix().get());
    }
    if (t.level().isPresent() && t.level().get() != 4) {
      out.word("--log-level");
      out.word(Integer.toString(t.level().get()));
    }
    return this;
  }

  @Override
  public TargetArgs visitDnat(Dnat t) {
    return words("-j", "DNAT", "--to-destination", natAddress(t.address(), t.port()));
  }

  @Override
  public TargetArgs visitSnat(Snat t) {
    return words("-j", "SNAT", "--to-source", natAddress(t.address(), t.port()));
  }

  @Override
  public TargetArgs visitMasquerade(Masquerade t) {
    if (t.ports().isEmpty()) {
      return jump("MASQUERADE");
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
          family, place.get(), "a nat port without a tcp, udp or sctp protocol match", port);
    }
    return port;
  }

  private static String dashRange(PortRange r) {
    return r.isSingle() ? Integer.toString(r.first()) : r.first() + "-" + r.last();
  }

  @Override
  public TargetArgs visitMark(Mark t) {
    return words("-j", "MARK", "--set-xmark", hex(t.value()) + "/" + hex(t.mask()));
  }

  @Override
  public TargetArgs visitConnMark(ConnMark t) {
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
  public TargetArgs visitCt(Ct t) {
    return t.isNotrack()
        ? words("-j", "CT", "--notrack")
        : words("-j", "CT", "--zone", Integer.toString(t.zone().orElseThrow()));
  }

  @Override
  public TargetArgs visitNotrack(Notrack t) {
    return jump("NOTRACK");
  }

  @Override
  public TargetArgs visitRedirect(Redirect t) {
    if (t.ports().isEmpty()) {
      return jump("REDIRECT");
    }
    return words("-j", "REDIRECT", "--to-ports", dashRange(checkPortProtocol(t.ports().get())));
  }

  @Override
  public TargetArgs visitNflog(Nflog t) {
    jump("NFLOG");
    if (t.prefix().isPresent()) {
      out.word("--nflog-prefix");
      out.text(t.prefix().get());
    }
    if (t.group() != 0) {
      words("--nflog-group", Integer.toString(t.group()));
    }
    if (t.size().isPresent()) {
      words("--nflog-size", Integer.toString(t.size().get()));
    }
    if (t.threshold().isPresent() && t.threshold().get() != 1) {
      words("--nflog-threshold", Integer.toString(t.threshold().get()));
    }
    return this;
  }

  @Override
  public TargetArgs visitTcpMss(TcpMss t) {
    return t.mss().isPresent()
        ? words("-j", "TCPMSS", "--set-mss", Integer.toString(t.mss().get()))
        : words("-j", "TCPMSS", "--clamp-mss-to-pmtu");
  }

  @Override
  public TargetArgs visitOpaque(OpaqueTarget t) {
    jump(t.name());
    for (String a : t.arguments()) {
      out.opaque(a, false);
    }
    return this;
  }

  private static String hex(long n) {
    return "0x" + Long.toHexString(n);
  }
}
