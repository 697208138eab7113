package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Lists;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Names;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A named group of addresses and networks of both families: trusted swarm nodes, admin sources, an
 * allow list. Address sets hold one family (ipset cannot mix them), so a group renders as one set
 * per family it holds: {@code NAME} for IPv4 and {@code NAME6} for IPv6; a family the group does
 * not hold gets no set and no rules.
 *
 * <pre>{@code
 * SourceSet nodes = SourceSet.parse("swarm-nodes", "10.10.10.0/24", "fd00:10::/64");
 * nodes.addressSets(); // swarm-nodes (ipv4: 10.10.10.0/24), swarm-nodes6 (ipv6: fd00:10::/64)
 * }</pre>
 */
@Value.Immutable
public abstract class SourceSet {
  /** The default name of the trusted node set. */
  public static final String TRUSTED_NODES = "swarm-nodes";

  /** The longest name: the IPv6 set's name adds a {@code 6} and must fit the ipset limit. */
  public static final int MAX_NAME = Names.MAX_SET - 1;

  SourceSet() {}

  /** The group's name; the IPv4 set's name. */
  public abstract String name();

  /** The addresses and networks, sorted (IPv4 first). */
  @Value.NaturalOrder
  public abstract ImmutableSortedSet<Cidr> members();

  /**
   * The group {@code name} holding {@code members}.
   *
   * @throws IllegalArgumentException when the name is not a valid set name, is longer than 30
   *     characters, or the group is empty
   * @throws NullPointerException naming the parameter that is null
   */
  public static SourceSet of(String name, Iterable<Cidr> members) {
    checkNotNull(members, "members");
    return ImmutableSourceSet.builder().name(name).addAllMembers(members).build();
  }

  /**
   * The group {@code name} holding addresses and CIDRs given as text.
   *
   * @throws IllegalArgumentException naming the set and the text that is not an address or prefix
   */
  public static SourceSet parse(String name, String first, String... more) {
    return parse(name, Lists.asList(first, more));
  }

  /**
   * The group {@code name} holding addresses and CIDRs given as text.
   *
   * @throws IllegalArgumentException naming the set and the text that is not an address or prefix
   */
  public static SourceSet parse(String name, Iterable<String> members) {
    checkNotNull(name, "name");
    checkNotNull(members, "members");
    ImmutableList.Builder<Cidr> cidrs = ImmutableList.builder();
    for (String text : members) {
      Optional<Cidr> c = Cidr.tryParse(checkNotNull(text, "members element"));
      checkArgument(
          c.isPresent(), "source set %s: not an IPv4 or IPv6 address or prefix: %s", name, text);
      cidrs.add(c.get());
    }
    return of(name, cidrs.build());
  }

  /** The trusted node set {@value #TRUSTED_NODES} holding {@code members}. */
  public static SourceSet trustedNodes(String first, String... more) {
    return parse(TRUSTED_NODES, first, more);
  }

  /** The trusted node set {@value #TRUSTED_NODES} holding {@code members}. */
  public static SourceSet trustedNodes(Iterable<String> members) {
    return parse(TRUSTED_NODES, members);
  }

  /** The families the group holds members of, IPv4 first. */
  @Value.Lazy
  public ImmutableSortedSet<Family> families() {
    return members().stream()
        .map(Cidr::family)
        .collect(ImmutableSortedSet.toImmutableSortedSet(Family::compareTo));
  }

  /** Whether the group holds members of {@code family}. */
  public final boolean has(Family family) {
    return families().contains(family);
  }

  /** The name of the set for {@code family}: {@code NAME} for IPv4, {@code NAME6} for IPv6. */
  public final String setName(Family family) {
    return family == Family.IPV4 ? name() : name() + "6";
  }

  /**
   * One address set per family the group holds, IPv4 first; built once (every host of a cluster
   * shares the trusted set).
   */
  @Value.Lazy
  public ImmutableList<AddressSet> addressSets() {
    ImmutableList.Builder<AddressSet> out = ImmutableList.builder();
    for (Family f : families()) {
      out.add(
          AddressSet.of(setName(f), f, members().stream().filter(c -> c.family() == f).toList()));
    }
    return out.build();
  }

  /** Whether {@code cidr} lies inside one of the members. */
  public final boolean contains(Cidr cidr) {
    return members().contains(cidr) || members().stream().anyMatch(m -> m.contains(cidr));
  }

  /** A group named {@code name} with this group's members and {@code more}. */
  public final SourceSet with(String name, Iterable<Cidr> more) {
    checkNotNull(more, "more");
    return ImmutableSourceSet.builder()
        .name(name)
        .addAllMembers(members())
        .addAllMembers(more)
        .build();
  }

  @Value.Check
  final void check() {
    Names.checkSet(name());
    checkArgument(
        name().length() <= MAX_NAME,
        "source set name longer than %s characters (the ipv6 set adds a 6): %s",
        MAX_NAME,
        name());
    checkArgument(!members().isEmpty(), "source set %s is empty", name());
  }

  /** Returns {@code NAME[10.0.0.0/8, fd00::/8]}. */
  @Override
  public final String toString() {
    return name() + members();
  }
}
