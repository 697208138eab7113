package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.RuleRef;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
import java.util.Locale;
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
    String with =
        t.with()
            .map(w -> w.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .orElse(family == Family.IPV4 ? "icmp-port-unreachable" : "icmp6-port-unreachable");
    return words("-j", "REJECT", "--reject-with", with);
  }

  @Override
  public ImmutableList<Arg> visitJump(Jump t) {
    return words(t.isGoto() ? "-g" : "-j", t.target());
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
}
