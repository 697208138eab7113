package dev.rampart.core.target;

import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Family;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;
import org.jspecify.annotations.Nullable;

/** Refuse the packet with an ICMP error or a TCP reset, {@code -j REJECT --reject-with ...}. */
@Value.Immutable
public abstract non-sealed class Reject implements Target {
  Reject() {}

  /** The error sent back. */
  public enum With {
    /** ICMP port unreachable (the IPv4 default). */
    ICMP_PORT_UNREACHABLE(Family.IPV4),
    /** ICMP host unreachable. */
    ICMP_HOST_UNREACHABLE(Family.IPV4),
    /** ICMP network unreachable. */
    ICMP_NET_UNREACHABLE(Family.IPV4),
    /** ICMP administratively prohibited. */
    ICMP_ADMIN_PROHIBITED(Family.IPV4),
    /** ICMP host prohibited. */
    ICMP_HOST_PROHIBITED(Family.IPV4),
    /** ICMPv6 port unreachable (the IPv6 default). */
    ICMP6_PORT_UNREACHABLE(Family.IPV6),
    /** ICMPv6 administratively prohibited. */
    ICMP6_ADM_PROHIBITED(Family.IPV6),
    /** ICMPv6 no route. */
    ICMP6_NO_ROUTE(Family.IPV6),
    /** ICMPv6 address unreachable. */
    ICMP6_ADDR_UNREACHABLE(Family.IPV6),
    /** TCP reset, both families; needs {@code -p tcp}. */
    TCP_RESET(null);

    private final ImmutableSet<Family> families;

    With(@Nullable Family family) {
      this.families =
          family == null ? ImmutableSet.of(Family.IPV4, Family.IPV6) : ImmutableSet.of(family);
    }

    /** The families this error exists in. */
    public ImmutableSet<Family> families() {
      return families;
    }

    /**
     * The name iptables, ip6tables and ferm give this error after {@code --reject-with}: {@code
     * icmp-port-unreachable}, {@code tcp-reset}.
     */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The error {@code label} names ({@code icmp-admin-prohibited}), if it is one of ours. */
    public static Optional<With> tryParse(String label) {
      return Arrays.stream(values()).filter(w -> w.label().equals(label)).findFirst();
    }

    /** The error a REJECT without one sends in {@code family}: port unreachable. */
    public static With defaultFor(Family family) {
      return family == Family.IPV4 ? ICMP_PORT_UNREACHABLE : ICMP6_PORT_UNREACHABLE;
    }
  }

  /** The error, or empty for the family's default (port unreachable). */
  @Value.Parameter
  public abstract Optional<With> with();

  /** Reject with the family's default error. */
  public static Reject of() {
    return ImmutableReject.of(Optional.empty());
  }

  /** Reject with {@code with}. */
  public static Reject with(With with) {
    return ImmutableReject.of(Optional.of(with));
  }

  @Override
  public final boolean terminating() {
    return true;
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitReject(this);
  }
}
