package dev.rampart.core.match;

import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Matches an ICMP (IPv4) or ICMPv6 type and optional code, {@code -p icmp -m icmp --icmp-type 3}.
 * Needs the matching protocol ({@code icmp} or {@code ipv6-icmp}) in the same rule.
 */
@Value.Immutable
public abstract non-sealed class IcmpTypeMatch implements Match {
  IcmpTypeMatch() {}

  /** IPv4 for ICMP, IPv6 for ICMPv6. */
  @Value.Parameter
  public abstract Family family();

  /** The type, 0-255. */
  @Value.Parameter
  public abstract int type();

  /** The code, 0-255, if matched. */
  @Value.Parameter
  public abstract Optional<Integer> code();

  @Override
  @Value.Default
  public boolean negated() {
    return false;
  }

  /** Matches ICMP (IPv4) {@code type}, any code. */
  public static IcmpTypeMatch icmp(int type) {
    return ImmutableIcmpTypeMatch.of(Family.IPV4, type, Optional.empty());
  }

  /** Matches ICMPv6 {@code type}, any code. */
  public static IcmpTypeMatch icmpv6(int type) {
    return ImmutableIcmpTypeMatch.of(Family.IPV6, type, Optional.empty());
  }

  /** Matches {@code type} and {@code code} of the family's ICMP. */
  public static IcmpTypeMatch of(Family family, int type, int code) {
    return ImmutableIcmpTypeMatch.of(family, type, Optional.of(code));
  }

  /** Returns this match negated. */
  public final IcmpTypeMatch negate() {
    return ImmutableIcmpTypeMatch.builder().from(this).negated(!negated()).build();
  }

  /** The protocol this match needs in its rule. */
  public final Protocol protocol() {
    return family() == Family.IPV4 ? Protocol.ICMP : Protocol.ICMPV6;
  }

  @Value.Check
  final void check() {
    if (type() < 0 || type() > 255) {
      throw InvalidModelException.of("icmp type out of range [0, 255]", type());
    }
    code()
        .filter(c -> c < 0 || c > 255)
        .ifPresent(
            c -> {
              throw InvalidModelException.of("icmp code out of range [0, 255]", c);
            });
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitIcmpType(this);
  }
}
