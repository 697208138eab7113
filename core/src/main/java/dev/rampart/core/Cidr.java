package dev.rampart.core;

import com.google.common.base.CharMatcher;
import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An IPv4 or IPv6 network prefix such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a single
 * address is a prefix of full length. Parsed without DNS; host bits must be zero.
 */
@Value.Immutable
public abstract class Cidr implements Comparable<Cidr> {
  private static final CharMatcher ASCII_DIGITS = CharMatcher.inRange('0', '9');

  Cidr() {}

  /** The network address (host bits zero). */
  @Value.Parameter
  public abstract InetAddress address();

  /** The prefix length: 0-32 for IPv4, 0-128 for IPv6. */
  @Value.Parameter
  public abstract int prefixLength();

  /** The address family of this prefix. */
  public final Family family() {
    return address() instanceof Inet4Address ? Family.IPV4 : Family.IPV6;
  }

  /** Whether this prefix is a single address. */
  public final boolean isHost() {
    return prefixLength() == maxLength(family());
  }

  /** Whether {@code other} lies inside this prefix. */
  public final boolean contains(Cidr other) {
    if (other.family() != family() || other.prefixLength() < prefixLength()) {
      return false;
    }
    return mask(other.address(), prefixLength()).equals(address());
  }

  /** Whether the single address {@code a} lies inside this prefix. */
  public final boolean contains(InetAddress a) {
    return contains(of(a, maxLength(a instanceof Inet4Address ? Family.IPV4 : Family.IPV6)));
  }

  /** Returns the prefix for a network address and a length. */
  public static Cidr of(InetAddress address, int prefixLength) {
    return ImmutableCidr.of(address, prefixLength);
  }

  /**
   * Parses {@code a.b.c.d}, {@code a.b.c.d/n}, an IPv6 literal or an IPv6 literal with {@code /n}.
   *
   * @throws IllegalArgumentException naming the text when it is not an address or prefix, or naming
   *     the network when host bits are set
   */
  public static Cidr parse(String text) {
    Optional<Cidr> parsed = tryParse(text);
    if (parsed.isPresent()) {
      return parsed.get();
    }
    Optional<Syntax> syntax = Syntax.parse(text);
    if (syntax.isEmpty()) {
      throw InvalidModelException.of("not an IPv4 or IPv6 address or prefix", text);
    }
    return of(syntax.get().address(), syntax.get().length()); // throws naming the host bits
  }

  /**
   * Parses like {@link #parse} but returns empty instead of throwing: for text that is not an
   * address or prefix, and for a prefix with host bits set.
   */
  public static Optional<Cidr> tryParse(String text) {
    return Syntax.parse(text)
        .filter(s -> mask(s.address(), s.length()).equals(s.address()))
        .map(s -> of(s.address(), s.length()));
  }

  /** An address and a prefix length in range, host bits not yet checked. */
  private record Syntax(InetAddress address, int length) {
    static Optional<Syntax> parse(String text) {
      int slash = text.indexOf('/');
      String host = slash < 0 ? text : text.substring(0, slash);
      if (host.isEmpty() || host.contains("%") || !InetAddresses.isInetAddress(host)) {
        return Optional.empty(); // Guava parses literals only, never asks DNS
      }
      InetAddress address = InetAddresses.forString(host);
      if (host.contains(":") && address instanceof Inet4Address) {
        return Optional.empty(); // an IPv4-mapped IPv6 literal would silently change family
      }
      Family family = address instanceof Inet4Address ? Family.IPV4 : Family.IPV6;
      int length = maxLength(family);
      if (slash >= 0) {
        String digits = text.substring(slash + 1);
        if (digits.isEmpty() || digits.length() > 3 || !ASCII_DIGITS.matchesAllOf(digits)) {
          return Optional.empty();
        }
        length = Integer.parseInt(digits);
      }
      return length <= maxLength(family)
          ? Optional.of(new Syntax(address, length))
          : Optional.empty();
    }
  }

  /** The number of bits of an address of {@code family}. */
  public static int maxLength(Family family) {
    return family == Family.IPV4 ? 32 : 128;
  }

  @Value.Check
  final void check() {
    int max = maxLength(family());
    if (prefixLength() < 0 || prefixLength() > max) {
      throw InvalidModelException.of("prefix length out of range [0, " + max + "]", prefixLength());
    }
    InetAddress network = mask(address(), prefixLength());
    if (!network.equals(address())) {
      throw InvalidModelException.of(
          "prefix has host bits set (the network is "
              + InetAddresses.toAddrString(network)
              + "/"
              + prefixLength()
              + ")",
          InetAddresses.toAddrString(address()) + "/" + prefixLength());
    }
  }

  private static InetAddress mask(InetAddress address, int length) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, length - 8 * i));
      bytes[i] = (byte) (bytes[i] & (0xff << (8 - keep)));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError("address of 4 or 16 bytes", e);
    }
  }

  @Override
  public final int compareTo(Cidr o) {
    int c = family().compareTo(o.family());
    if (c != 0) {
      return c;
    }
    c = Arrays.compareUnsigned(address().getAddress(), o.address().getAddress()); // same length
    return c != 0 ? c : Integer.compare(prefixLength(), o.prefixLength());
  }

  /** Returns the canonical text, {@code 10.0.0.0/8} or {@code 2001:db8::/32}. */
  @Override
  public final String toString() {
    return InetAddresses.toAddrString(address()) + "/" + prefixLength();
  }
}
