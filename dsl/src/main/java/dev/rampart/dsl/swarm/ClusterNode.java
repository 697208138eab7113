package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.CharMatcher;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import java.util.Arrays;
import java.util.Optional;

/**
 * One node of a {@link Cluster}: a name, a role, its addresses (IPv4 and/or IPv6, single addresses)
 * and the ports its own processes serve.
 *
 * <pre>{@code
 * ClusterNode.manager("m1", "10.10.10.1", "fd00:10::1").withHostPorts(HostPort.tcp(80));
 * }</pre>
 */
public final class ClusterNode {
  private static final CharMatcher NAME_CHARS =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("._-"))
          .precomputed();

  /** The longest node name (a DNS label). */
  public static final int MAX_NAME = 63;

  private final String name;
  private final Role role;
  private final ImmutableList<Cidr> addresses;
  private final ImmutableList<HostPort> hostPorts;

  private ClusterNode(
      String name, Role role, ImmutableList<Cidr> addresses, ImmutableList<HostPort> hostPorts) {
    this.name = name;
    this.role = role;
    this.addresses = addresses;
    this.hostPorts = hostPorts;
  }

  /**
   * The node {@code name} of {@code role} at {@code addresses}.
   *
   * @throws IllegalArgumentException on a bad name, no address, or text that is not one address
   */
  public static ClusterNode of(String name, Role role, Iterable<String> addresses) {
    checkArgument(
        !name.isEmpty()
            && name.length() <= MAX_NAME
            && NAME_CHARS.matchesAllOf(name)
            && NAME_CHARS.and(CharMatcher.noneOf("._-")).matches(name.charAt(0)),
        "node name: 1 to %s letters, digits, '.', '_', '-', starting with a letter or digit: %s",
        MAX_NAME,
        CharMatcher.inRange(' ', '~').negate().replaceFrom(name, '?'));
    ImmutableList.Builder<Cidr> out = ImmutableList.builder();
    for (String text : addresses) {
      Optional<Cidr> c = Cidr.tryParse(text);
      checkArgument(
          c.isPresent() && c.get().isHost(),
          "node %s: not a single IPv4 or IPv6 address: %s",
          name,
          text);
      out.add(c.get());
    }
    ImmutableList<Cidr> list = out.build();
    checkArgument(!list.isEmpty(), "node %s has no address", name);
    checkArgument(
        list.stream().distinct().count() == list.size(), "node %s lists an address twice", name);
    return new ClusterNode(name, role, list, ImmutableList.of());
  }

  /** A manager named {@code name} at {@code addresses}. */
  public static ClusterNode manager(String name, String... addresses) {
    return of(name, Role.MANAGER, Arrays.asList(addresses));
  }

  /** A worker named {@code name} at {@code addresses}. */
  public static ClusterNode worker(String name, String... addresses) {
    return of(name, Role.WORKER, Arrays.asList(addresses));
  }

  /** The same node whose own processes serve {@code ports} as well. */
  public ClusterNode withHostPorts(HostPort... ports) {
    return new ClusterNode(
        name,
        role,
        addresses,
        ImmutableList.<HostPort>builder().addAll(hostPorts).add(ports).build());
  }

  /** The name. */
  public String name() {
    return name;
  }

  /** The role. */
  public Role role() {
    return role;
  }

  /** The addresses, as single-address prefixes. */
  public ImmutableList<Cidr> addresses() {
    return addresses;
  }

  /** The families the node has an address of, IPv4 first. */
  public ImmutableSortedSet<Family> families() {
    return addresses.stream()
        .map(Cidr::family)
        .collect(ImmutableSortedSet.toImmutableSortedSet(Family::compareTo));
  }

  /** Ports served by the node's own processes. */
  public ImmutableList<HostPort> hostPorts() {
    return hostPorts;
  }

  /** Returns {@code m1 (manager)}. */
  @Override
  public String toString() {
    return name + " (" + role.label() + ")";
  }
}
