package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Names;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
public final class SourceSet {
  /** The default name of the trusted node set. */
  public static final String TRUSTED_NODES = "swarm-nodes";

  /** The longest name: the IPv6 set's name adds a {@code 6} and must fit the ipset limit. */
  public static final int MAX_NAME = Names.MAX_SET - 1;

  private final String name;
  private final ImmutableSortedSet<Cidr> members;
  private final ImmutableSortedSet<Family> families;
  private @Nullable ImmutableList<AddressSet> addressSets; // built on first use, then shared

  private SourceSet(String name, ImmutableSortedSet<Cidr> members) {
    this.name = name;
    this.members = members;
    this.families =
        members.stream()
            .map(Cidr::family)
            .collect(ImmutableSortedSet.toImmutableSortedSet(Family::compareTo));
  }

  /**
   * The group {@code name} holding {@code members}.
   *
   * @throws IllegalArgumentException when the name is not a valid set name, is longer than 30
   *     characters, or the group is empty
   */
  public static SourceSet of(String name, Iterable<Cidr> members) {
    Names.checkSet(name);
    checkArgument(
        name.length() <= MAX_NAME,
        "source set name longer than %s characters (the ipv6 set adds a 6): %s",
        MAX_NAME,
        name);
    ImmutableSortedSet<Cidr> m = ImmutableSortedSet.copyOf(members);
    checkArgument(!m.isEmpty(), "source set %s is empty", name);
    return new SourceSet(name, m);
  }

  /**
   * The group {@code name} holding addresses and CIDRs given as text.
   *
   * @throws IllegalArgumentException naming the set and the text that is not an address or prefix
   */
  public static SourceSet parse(String name, String first, String... more) {
    return parse(name, ImmutableList.<String>builder().add(first).add(more).build());
  }

  /**
   * The group {@code name} holding addresses and CIDRs given as text.
   *
   * @throws IllegalArgumentException naming the set and the text that is not an address or prefix
   */
  public static SourceSet parse(String name, Iterable<String> members) {
    ImmutableList.Builder<Cidr> cidrs = ImmutableList.builder();
    for (String text : members) {
      Optional<Cidr> c = Cidr.tryParse(text);
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

  /** The group's name; the IPv4 set's name. */
  public String name() {
    return name;
  }

  /** The addresses and networks, sorted (IPv4 first). */
  public ImmutableSortedSet<Cidr> members() {
    return members;
  }

  /** The families the group holds members of, IPv4 first. */
  public ImmutableSortedSet<Family> families() {
    return families;
  }

  /** Whether the group holds members of {@code family}. */
  public boolean has(Family family) {
    return families().contains(family);
  }

  /** The name of the set for {@code family}: {@code NAME} for IPv4, {@code NAME6} for IPv6. */
  public String setName(Family family) {
    return family == Family.IPV4 ? name : name + "6";
  }

  /** One address set per family the group holds, IPv4 first. */
  public ImmutableList<AddressSet> addressSets() {
    ImmutableList<AddressSet> sets = addressSets;
    if (sets == null) { // every host of a cluster shares the trusted set: build its sets once
      ImmutableList.Builder<AddressSet> out = ImmutableList.builder();
      for (Family f : families()) {
        out.add(
            AddressSet.of(setName(f), f, members.stream().filter(c -> c.family() == f).toList()));
      }
      sets = out.build();
      addressSets = sets;
    }
    return sets;
  }

  /** Whether {@code cidr} lies inside one of the members. */
  public boolean contains(Cidr cidr) {
    return members.contains(cidr) || members.stream().anyMatch(m -> m.contains(cidr));
  }

  /** A group named {@code name} with this group's members and {@code more}. */
  public SourceSet with(String name, Iterable<Cidr> more) {
    return of(name, ImmutableList.<Cidr>builder().addAll(members).addAll(more).build());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SourceSet s && s.name.equals(name) && s.members.equals(members);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {name, members});
  }

  /** Returns {@code NAME[10.0.0.0/8, fd00::/8]}. */
  @Override
  public String toString() {
    return name + members;
  }
}
