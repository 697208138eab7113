package dev.rampart.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.net.InetAddresses;
import dev.rampart.core.Family;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.RpFilterMatch;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The host a ruleset runs on, as far as routing needs it: interfaces with their addresses and
 * subnets, and optionally the interface of the default route. Addresses of the interfaces and
 * loopback are local; a subnet is routed out of its interface (longest prefix first).
 *
 * <pre>{@code
 * Host host = Host.builder()
 *     .iface("eth0", "198.51.100.1/24")
 *     .iface("docker_gwbridge", "172.18.0.1/16")
 *     .defaultRoute("eth0")
 *     .build();
 * Host.parse("eth0=198.51.100.1/24,docker_gwbridge=172.18.0.1/16,default=eth0").equals(host);
 * }</pre>
 */
public final class Host {
  private static final Address LOOPBACK4 =
      new Address("lo", InetAddresses.forString("127.0.0.1"), 8);
  private static final Address LOOPBACK6 = new Address("lo", InetAddresses.forString("::1"), 128);

  /**
   * One address of an interface with the prefix length of its subnet, e.g. {@code eth0} {@code
   * 198.51.100.1} {@code 24}: the address is local, the subnet is routed out of {@code iface}.
   *
   * @param iface the interface's name
   * @param address the host's own address on it
   * @param prefixLength the length of its subnet's prefix
   */
  public record Address(String iface, InetAddress address, int prefixLength) {
    /** The address's family. */
    public Family family() {
      return Packet.familyOf(address);
    }

    boolean inSubnet(InetAddress a) {
      if (Packet.familyOf(a) != family()) {
        return false;
      }
      if (family() == Family.IPV4) {
        long mask = prefixLength == 0 ? 0 : (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
        return (AddressRanges.low(a) & mask) == (AddressRanges.low(address) & mask);
      }
      long maskHi = prefixLength >= 64 ? -1L : prefixLength == 0 ? 0 : -1L << (64 - prefixLength);
      long maskLo =
          prefixLength >= 128 ? -1L : prefixLength <= 64 ? 0 : -1L << (128 - prefixLength);
      return (AddressRanges.high(a) & maskHi) == (AddressRanges.high(address) & maskHi)
          && (AddressRanges.low(a) & maskLo) == (AddressRanges.low(address) & maskLo);
    }

    boolean isSubnetBroadcast(InetAddress a) {
      if (family() != Family.IPV4 || prefixLength >= 31 || !inSubnet(a)) {
        return false;
      }
      int host = (1 << (32 - prefixLength)) - 1;
      return (InetAddresses.coerceToInteger(a) & host) == host;
    }

    @Override
    public String toString() {
      return iface + "=" + InetAddresses.toAddrString(address) + "/" + prefixLength;
    }
  }

  private final ImmutableList<Address> addresses;
  private final Optional<String> defaultRoute;

  private Host(ImmutableList<Address> addresses, Optional<String> defaultRoute) {
    this.addresses = addresses;
    this.defaultRoute = defaultRoute;
  }

  /** A host with no interfaces but loopback: nothing is routed, only loopback is local. */
  public static Host none() {
    return new Host(ImmutableList.of(), Optional.empty());
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses {@code eth0=198.51.100.1/24,docker_gwbridge=172.18.0.1/16}: interface=address/prefix
   * pairs (an interface may repeat for more addresses) and optionally {@code default=IF}.
   *
   * @throws IllegalArgumentException naming the entry that is wrong
   */
  public static Host parse(String text) {
    Builder b = builder();
    for (String entry : Splitter.on(',').trimResults().omitEmptyStrings().split(text)) {
      int eq = entry.indexOf('=');
      checkArgument(eq > 0, "host: expected IF=ADDRESS/PREFIX: %s", entry);
      String name = entry.substring(0, eq);
      String value = entry.substring(eq + 1);
      if (name.equals("default")) {
        b.defaultRoute(value);
      } else {
        b.iface(name, value);
      }
    }
    return b.build();
  }

  /** The interfaces with at least one address, in the order given. */
  public ImmutableSet<String> interfaces() {
    return addresses.stream().map(Address::iface).collect(ImmutableSet.toImmutableSet());
  }

  /** The interface of the default route, if any. */
  public Optional<String> defaultRoute() {
    return defaultRoute;
  }

  /** Whether {@code address} is an address of this host (its interfaces', or loopback). */
  public boolean isLocal(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return true;
    }
    return addresses.stream().anyMatch(a -> a.address().equals(address));
  }

  /**
   * The type the kernel's routing tables give {@code address}, as {@code -m addrtype} sees it:
   * LOCAL for the host's addresses and loopback, BROADCAST for 255.255.255.255 and a subnet's
   * broadcast address, MULTICAST for 224.0.0.0/4 and ff00::/8, else UNICAST.
   */
  public AddressTypeMatch.Type addressType(InetAddress address) {
    if (isLocal(address)) {
      return AddressTypeMatch.Type.LOCAL;
    }
    if (address.isMulticastAddress()) {
      return AddressTypeMatch.Type.MULTICAST;
    }
    if (address.equals(InetAddresses.forString("255.255.255.255"))
        || addresses.stream().anyMatch(a -> a.isSubnetBroadcast(address))) {
      return AddressTypeMatch.Type.BROADCAST;
    }
    return AddressTypeMatch.Type.UNICAST;
  }

  /**
   * The interface a packet to {@code address} leaves on: {@code lo} for a local address, the
   * interface of the longest subnet holding it, else the default route's; empty when there is no
   * route.
   */
  public Optional<String> route(InetAddress address) {
    if (isLocal(address)) {
      return Optional.of("lo");
    }
    Address best = null;
    for (Address a : addresses) {
      if (a.inSubnet(address) && (best == null || a.prefixLength() > best.prefixLength())) {
        best = a;
      }
    }
    if (best != null) {
      return Optional.of(best.iface());
    }
    return defaultRoute;
  }

  /** The first address of {@code iface} in {@code family} (where REDIRECT sends a packet). */
  public Optional<InetAddress> addressOf(String iface, Family family) {
    if (iface.equals("lo")) {
      return Optional.of((family == Family.IPV4 ? LOOPBACK4 : LOOPBACK6).address());
    }
    return addresses.stream()
        .filter(a -> a.iface().equals(iface) && a.family() == family)
        .map(Address::address)
        .findFirst();
  }

  /**
   * Whether {@code rpfilter} passes a packet from {@code source} that arrived on {@code in}, as
   * {@code xt_rpfilter} decides with this host's routes; empty where the host does not say (no
   * interfaces described, a mark-dependent lookup, an IPv6 link-local or unspecified source).
   */
  Optional<Boolean> reversePath(
      InetAddress source, InetAddress destination, String in, long mark, RpFilterMatch m) {
    if (in.equals("lo")) {
      return Optional.of(true); // the kernel never checks packets looped back
    }
    if (source.isAnyLocalAddress()) {
      if (Packet.familyOf(source) == Family.IPV6) {
        return Optional.empty();
      }
      // DHCP and the like: a zero source to broadcast or link-local multicast passes
      if (destination.equals(InetAddresses.forString("255.255.255.255"))
          || (InetAddresses.coerceToInteger(destination) >>> 8) == 0xe00000) {
        return Optional.of(true);
      }
    }
    if (addresses.isEmpty()
        || in.isEmpty()
        || (m.validMark() && mark != 0)
        || source.isLinkLocalAddress()) {
      return Optional.empty();
    }
    boolean loose = m.mode() == RpFilterMatch.Mode.LOOSE;
    switch (addressType(source)) {
      case LOCAL -> {
        if (!m.acceptLocal()) {
          return Optional.of(false);
        }
        Optional<String> owner =
            source.isLoopbackAddress()
                ? Optional.of("lo")
                : addresses.stream()
                    .filter(a -> a.address().equals(source))
                    .map(Address::iface)
                    .findFirst();
        return Optional.of(loose || owner.filter(in::equals).isPresent());
      }
      case UNICAST -> {
        Optional<String> back = route(source);
        return Optional.of(back.isPresent() && (loose || back.get().equals(in)));
      }
      default -> {
        return Optional.of(false); // a broadcast or multicast source has no unicast route back
      }
    }
  }

  /** The interfaces' addresses with their subnets, in the order given (loopback not included). */
  public ImmutableList<Address> addresses() {
    return addresses;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Host h
        && h.addresses.equals(addresses)
        && h.defaultRoute.equals(defaultRoute);
  }

  @Override
  public int hashCode() {
    return addresses.hashCode() * 31 + defaultRoute.hashCode();
  }

  /** Returns the form {@link #parse} reads. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    addresses.forEach(a -> parts.add(a.toString()));
    defaultRoute.ifPresent(d -> parts.add("default=" + d));
    return parts.stream().collect(Collectors.joining(","));
  }

  /** Builds a {@link Host}. */
  public static final class Builder {
    private final ImmutableList.Builder<Address> addresses = ImmutableList.builder();
    private @Nullable String defaultRoute;

    private Builder() {}

    /**
     * Adds an address with its subnet to interface {@code name}, {@code "198.51.100.1/24"}.
     *
     * @throws IllegalArgumentException when the text is not an address with a prefix length
     */
    public Builder iface(String name, String addressWithPrefix) {
      checkArgument(
          !name.isEmpty()
              && name.length() <= 15
              && name.chars().allMatch(c -> c > ' ' && c != '=' && c != ',' && c < 127),
          "host: not an interface name: %s",
          name);
      int slash = addressWithPrefix.indexOf('/');
      String host = slash < 0 ? addressWithPrefix : addressWithPrefix.substring(0, slash);
      checkArgument(
          InetAddresses.isInetAddress(host) && !host.contains("%"),
          "host: interface %s: not an address/prefix: %s",
          name,
          addressWithPrefix);
      InetAddress a = InetAddresses.forString(host);
      int max = Packet.familyOf(a) == Family.IPV4 ? 32 : 128;
      int length = max;
      if (slash >= 0) {
        String digits = addressWithPrefix.substring(slash + 1);
        checkArgument(
            !digits.isEmpty()
                && digits.length() <= 3
                && digits.chars().allMatch(Character::isDigit)
                && Integer.parseInt(digits) <= max,
            "host: interface %s: not an address/prefix: %s",
            name,
            addressWithPrefix);
        length = Integer.parseInt(digits);
      }
      addresses.add(new Address(name, a, length));
      return this;
    }

    /** Routes everything not in a subnet out of {@code name}. */
    public Builder defaultRoute(String name) {
      this.defaultRoute = name;
      return this;
    }

    /** Returns the host. */
    public Host build() {
      return new Host(addresses.build(), Optional.ofNullable(defaultRoute));
    }
  }
}
