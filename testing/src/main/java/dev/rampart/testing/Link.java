package dev.rampart.testing;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.net.InetAddresses;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import java.net.InetAddress;

/** A veth pair between two namespaces, up, with an IPv4 /24 and an IPv6 /64 on both ends. */
public final class Link {
  private final Netns a;
  private final Netns b;
  private final String interfaceA;
  private final String interfaceB;
  private final Cidr subnet4;
  private final Cidr subnet6;
  private final InetAddress a4;
  private final InetAddress a6;
  private final InetAddress b4;
  private final InetAddress b6;

  Link(Netns a, Netns b, int number) {
    checkArgument(number >= 1 && number <= 254, "link number out of range [1, 254]: %s", number);
    this.a = a;
    this.b = b;
    this.interfaceA = "veth" + number + "a";
    this.interfaceB = "veth" + number + "b";
    this.subnet4 = Cidr.parse("10.201." + number + ".0/24");
    this.subnet6 = Cidr.parse("fd00:201:" + Integer.toHexString(number) + "::/64");
    this.a4 = InetAddresses.forString("10.201." + number + ".1");
    this.b4 = InetAddresses.forString("10.201." + number + ".2");
    this.a6 = InetAddresses.forString("fd00:201:" + Integer.toHexString(number) + "::1");
    this.b6 = InetAddresses.forString("fd00:201:" + Integer.toHexString(number) + "::2");
  }

  /** Returns the first namespace, as passed to {@link KernelLab#link}. */
  public Netns a() {
    return a;
  }

  /** Returns the second namespace, as passed to {@link KernelLab#link}. */
  public Netns b() {
    return b;
  }

  /** Returns the namespace at the other end of the link from {@code side}. */
  public Netns peer(Netns side) {
    return isA(side) ? b : a;
  }

  /** Returns the address of {@code side}'s end of the link in {@code family}. */
  public InetAddress address(Netns side, Family family) {
    boolean isA = isA(side);
    if (family == Family.IPV4) {
      return isA ? a4 : b4;
    }
    return isA ? a6 : b6;
  }

  /**
   * Returns the link's subnet in {@code family}: {@code 10.201.N.0/24} or {@code fd00:201:N::/64}.
   */
  public Cidr subnet(Family family) {
    return family == Family.IPV4 ? subnet4 : subnet6;
  }

  /** Returns the name of the link's interface inside {@code side}, at most 15 characters. */
  public String interfaceName(Netns side) {
    return isA(side) ? interfaceA : interfaceB;
  }

  private boolean isA(Netns side) {
    if (side == a) {
      return true;
    }
    checkArgument(side == b, "namespace %s is not an end of link %s", side, this);
    return false;
  }

  /** Returns both ends, e.g. {@code rp1-1-a:veth1a <-> rp1-2-b:veth1b}. */
  @Override
  public String toString() {
    return a + ":" + interfaceA + " <-> " + b + ":" + interfaceB;
  }
}
