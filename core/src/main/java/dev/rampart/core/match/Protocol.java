package dev.rampart.core.match;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.InvalidModelException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An IP protocol: one of the named ones or any protocol number 1-255. Number 0 is refused: iptables
 * reads {@code -p 0} as "any protocol", while nftables and the evaluator would read it as protocol
 * 0 (HOPOPT), so the backends would disagree.
 */
public final class Protocol {
  private static final ImmutableMap<Integer, String> NAMES =
      ImmutableMap.of(6, "tcp", 17, "udp", 1, "icmp", 58, "ipv6-icmp", 50, "esp", 132, "sctp");

  /** Transmission Control Protocol (6). */
  public static final Protocol TCP = new Protocol(6);

  /** User Datagram Protocol (17). */
  public static final Protocol UDP = new Protocol(17);

  /** Internet Control Message Protocol (1), IPv4 only. */
  public static final Protocol ICMP = new Protocol(1);

  /** ICMP for IPv6 (58), IPv6 only. */
  public static final Protocol ICMPV6 = new Protocol(58);

  /** Encapsulating Security Payload (50), used by encrypted overlay networks. */
  public static final Protocol ESP = new Protocol(50);

  /** Stream Control Transmission Protocol (132). */
  public static final Protocol SCTP = new Protocol(132);

  private final int number;

  private Protocol(int number) {
    if (number < 1 || number > 255) {
      throw InvalidModelException.of("protocol number out of range [1, 255]", number);
    }
    this.number = number;
  }

  /**
   * Returns the protocol with this number.
   *
   * @throws IllegalArgumentException when {@code number} is outside [1, 255]
   */
  public static Protocol of(int number) {
    return new Protocol(number);
  }

  /** The protocol number. */
  public int number() {
    return number;
  }

  /** The protocol's name as in {@code /etc/protocols}, if it is one of the named ones. */
  public Optional<String> name() {
    return Optional.ofNullable(NAMES.get(number));
  }

  /** Whether port matches apply to this protocol (tcp, udp, sctp). */
  public boolean hasPorts() {
    return number == 6 || number == 17 || number == 132;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Protocol p && p.number == number;
  }

  @Override
  public int hashCode() {
    return number;
  }

  /** The name if known, else the number. */
  @Override
  public String toString() {
    return name().orElse(Integer.toString(number));
  }
}
