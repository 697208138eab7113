package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.CharMatcher;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import java.util.Arrays;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One node of a {@link Cluster}: a name, a role, its addresses (IPv4 and/or IPv6, single addresses)
 * and the ports its own processes serve.
 *
 * <pre>{@code
 * ClusterNode.manager("m1", "10.10.10.1", "fd00:10::1").withHostPorts(HostPort.tcp(80));
 * }</pre>
 */
@Value.Immutable(copy = false) // withHostPorts adds, as it always did; it is written here
public abstract class ClusterNode {
  private static final CharMatcher NAME_CHARS =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("._-"))
          .precomputed();

  /** The longest node name (a DNS label). */
  public static final int MAX_NAME = 63;

  ClusterNode() {}

  /** The name. */
  public abstract String name();

  /** The role. */
  public abstract Role role();

  /** The addresses, as single-address prefixes. */
  public abstract ImmutableList<Cidr> addresses();

  /** Ports served by the node's own processes. */
  public abstract ImmutableList<HostPort> hostPorts();

  /**
   * The node {@code name} of {@code role} at {@code addresses}.
   *
   * @throws IllegalArgumentException on a bad name, no address, or text that is not one address
   * @throws NullPointerException naming the parameter that is null
   */
  public static ClusterNode of(String name, Role role, Iterable<String> addresses) {
    checkName(checkNotNull(name, "name"));
    checkNotNull(role, "role");
    checkNotNull(addresses, "addresses");
    ImmutableList.Builder<Cidr> out = ImmutableList.builder();
    for (String text : addresses) {
      Optional<Cidr> c = Cidr.tryParse(checkNotNull(text, "addresses element"));
      checkArgument(
          c.isPresent() && c.get().isHost(),
          "node %s: not a single IPv4 or IPv6 address: %s",
          name,
          text);
      out.add(c.get());
    }
    return ImmutableClusterNode.builder()
        .name(name)
        .role(role)
        .addAllAddresses(out.build())
        .build();
  }

  /** A manager named {@code name} at {@code addresses}. */
  public static ClusterNode manager(String name, String... addresses) {
    return of(name, Role.MANAGER, Arrays.asList(addresses));
  }

  /** A manager named {@code name} at {@code addresses}. */
  public static ClusterNode manager(String name, Iterable<String> addresses) {
    return of(name, Role.MANAGER, addresses);
  }

  /** A worker named {@code name} at {@code addresses}. */
  public static ClusterNode worker(String name, String... addresses) {
    return of(name, Role.WORKER, Arrays.asList(addresses));
  }

  /** A worker named {@code name} at {@code addresses}. */
  public static ClusterNode worker(String name, Iterable<String> addresses) {
    return of(name, Role.WORKER, addresses);
  }

  /** The same node whose own processes serve {@code ports} as well. */
  public final ClusterNode withHostPorts(HostPort... ports) {
    return withHostPorts(Arrays.asList(ports));
  }

  /** The same node whose own processes serve {@code ports} as well. */
  public final ClusterNode withHostPorts(Iterable<HostPort> ports) {
    checkNotNull(ports, "ports");
    return ImmutableClusterNode.builder().from(this).addAllHostPorts(ports).build();
  }

  /** The families the node has an address of, IPv4 first. */
  @Value.Lazy
  public ImmutableSortedSet<Family> families() {
    return addresses().stream()
        .map(Cidr::family)
        .collect(ImmutableSortedSet.toImmutableSortedSet(Family::compareTo));
  }

  @Value.Check
  final void check() {
    checkName(name());
    checkArgument(!addresses().isEmpty(), "node %s has no address", name());
    checkArgument(
        addresses().stream().distinct().count() == addresses().size(),
        "node %s lists an address twice",
        name());
  }

  private static void checkName(String name) {
    checkArgument(
        !name.isEmpty()
            && name.length() <= MAX_NAME
            && NAME_CHARS.matchesAllOf(name)
            && NAME_CHARS.and(CharMatcher.noneOf("._-")).matches(name.charAt(0)),
        "node name: 1 to %s letters, digits, '.', '_', '-', starting with a letter or digit: %s",
        MAX_NAME,
        CharMatcher.inRange(' ', '~').negate().replaceFrom(name, '?'));
  }

  /** Returns {@code m1 (manager)}. */
  @Override
  public final String toString() {
    return name() + " (" + role().label() + ")";
  }
}
