package dev.rampart.testing.gen;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import dev.rampart.core.match.Protocol;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * What {@link Generators#ruleset} draws: the families, the kinds of match and target, the
 * protocols, the tables, the sizes, the {@code DOCKER-USER} layout, and optionally the addresses,
 * ports and interfaces rules name (a lab's own, so that its packets hit the rules). A backend that
 * cannot express something leaves it out here, so every ruleset drawn is one it must render.
 *
 * <pre>{@code
 * RulesetOptions v4Filter =
 *     RulesetOptions.builder()
 *         .families(Family.IPV4)
 *         .tables(TableName.FILTER)
 *         .withoutMatches(MatchKind.LIMIT)
 *         .dockerUser(DockerUser.JUMPED_FROM_FORWARD)
 *         .build();
 * }</pre>
 */
public final class RulesetOptions {
  /** A kind of match a generated rule may hold. */
  public enum MatchKind {
    /** {@code -p tcp}, {@code ! -p esp}, ... */
    PROTOCOL,
    /** Source and destination ports: single ports, lists and ranges (after a port protocol). */
    PORTS,
    /** ICMP and ICMPv6 types, with or without a code (after an ICMP protocol). */
    ICMP_TYPE,
    /** Source and destination prefixes and prefix lists. */
    ADDRESS,
    /** A named set ({@code -m set}), of networks or of hosts. */
    SET,
    /** In and out interfaces, exact or a {@code +} prefix, where the chain's hook has them. */
    INTERFACE,
    /** {@code -m conntrack --ctstate}, including the SNAT and DNAT statuses. */
    CONNTRACK_STATE,
    /** {@code -m conntrack --ctorigdst / --ctorigdstport}. */
    CONNTRACK_ORIGINAL,
    /** {@code -m limit}: the evaluator answers DEPENDS. */
    LIMIT,
    /** {@code -m policy --dir in|out --pol ipsec|none}, in the direction the hook allows. */
    POLICY,
    /** {@code -m addrtype}. */
    ADDRESS_TYPE,
    /** {@code -m mark}. */
    MARK,
    /** {@code --tcp-flags} and {@code --syn} (after {@code -p tcp}). */
    TCP_FLAGS,
    /** {@code -m iprange}. */
    IP_RANGE,
    /** {@code -m pkttype}. */
    PACKET_TYPE
  }

  /** A kind of target a generated rule may have. */
  public enum TargetKind {
    /** {@code ACCEPT}. */
    ACCEPT,
    /** {@code DROP}. */
    DROP,
    /** {@code REJECT}, with a reply type that fits the rule's family and protocol. */
    REJECT,
    /** {@code RETURN}. */
    RETURN,
    /** A jump into a user chain (never into a loop). */
    JUMP,
    /** A goto into a user chain (never into a loop). */
    GOTO,
    /** {@code LOG}, with or without prefix and level. */
    LOG,
    /** {@code NFLOG}. */
    NFLOG,
    /** {@code MARK --set-mark}. */
    MARK,
    /** {@code DNAT} in nat PREROUTING and OUTPUT. */
    DNAT,
    /** {@code SNAT} in nat INPUT and POSTROUTING. */
    SNAT,
    /** {@code MASQUERADE} in nat POSTROUTING. */
    MASQUERADE
  }

  /** Where {@code DOCKER-USER} is, if anywhere. */
  public enum DockerUser {
    /** No {@code DOCKER-USER}: a host without Docker. */
    NONE,
    /**
     * A user chain {@code DOCKER-USER} that {@code FORWARD}'s first rule jumps to, as Docker lays
     * it out: for a host without Docker (own mode) that mimics a Docker host.
     */
    JUMPED_FROM_FORWARD,
    /**
     * A managed {@code DOCKER-USER} beside Docker's chains (coexist mode; Docker jumps to it):
     * nothing on the forward path accepts (that would skip Docker's checks), {@code FORWARD} has no
     * policy, no {@code RETURN} and no goto (its end is Docker's), the nat table neither accepts
     * nor returns, and raw {@code PREROUTING} does not accept.
     */
    BESIDE_DOCKER
  }

  private static final RulesetOptions DEFAULTS = builder().build();

  private final ImmutableSet<Family> families;
  private final ImmutableSet<MatchKind> matches;
  private final ImmutableSet<TargetKind> targets;
  private final ImmutableSet<Protocol> protocols;
  private final ImmutableSet<TableName> tables;
  private final int maxRules;
  private final int maxUserChains;
  private final DockerUser dockerUser;
  private final boolean canonicalMatches;
  private final ImmutableSet<Cidr> addresses;
  private final ImmutableSet<Integer> ports;
  private final ImmutableSet<String> interfaces;
  private final ImmutableSet<Protocol> portListProtocols;

  private RulesetOptions(Builder b) {
    this.families = ImmutableSet.copyOf(b.families);
    this.matches = ImmutableSet.copyOf(b.matches);
    this.targets = ImmutableSet.copyOf(b.targets);
    this.protocols = ImmutableSet.copyOf(b.protocols);
    this.tables = ImmutableSet.copyOf(b.tables);
    this.maxRules = b.maxRules;
    this.maxUserChains = b.maxUserChains;
    this.dockerUser = b.dockerUser;
    this.canonicalMatches = b.canonicalMatches;
    this.addresses = b.addresses;
    this.ports = b.ports;
    this.interfaces = b.interfaces;
    this.portListProtocols = b.portListProtocols;
  }

  /** Everything: both families, every match, target and protocol, filter, nat and raw. */
  public static RulesetOptions defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.families = EnumSet.copyOf(families);
    b.matches = EnumSet.copyOf(matches);
    b.targets = EnumSet.copyOf(targets);
    b.protocols = ImmutableSet.copyOf(protocols);
    b.tables = EnumSet.copyOf(tables);
    b.maxRules = maxRules;
    b.maxUserChains = maxUserChains;
    b.dockerUser = dockerUser;
    b.canonicalMatches = canonicalMatches;
    b.addresses = addresses;
    b.ports = ports;
    b.interfaces = interfaces;
    b.portListProtocols = portListProtocols;
    return b;
  }

  /**
   * The families rules are for; with one family every rule is restricted to it, with both a rule is
   * for one of them or (most often) for both.
   */
  public ImmutableSet<Family> families() {
    return families;
  }

  /** The kinds of match rules may hold. */
  public ImmutableSet<MatchKind> matches() {
    return matches;
  }

  /** The kinds of target rules may have (nat targets only in the nat table). */
  public ImmutableSet<TargetKind> targets() {
    return targets;
  }

  /** The protocols a protocol match may name. */
  public ImmutableSet<Protocol> protocols() {
    return protocols;
  }

  /** The tables the ruleset may have; filter is always there. */
  public ImmutableSet<TableName> tables() {
    return tables;
  }

  /** The most rules in one chain. */
  public int maxRules() {
    return maxRules;
  }

  /** The most user chains reached from one built-in chain. */
  public int maxUserChains() {
    return maxUserChains;
  }

  /** Where {@code DOCKER-USER} is. */
  public DockerUser dockerUser() {
    return dockerUser;
  }

  /**
   * Whether rules keep the shape every backend writes one for one, in the model's order: the
   * protocol first, single ports before a port list, at most one port list, one conntrack match,
   * and one prefix per address match (ferm, for one, unfolds a list into one rule per prefix).
   */
  public boolean canonicalMatches() {
    return canonicalMatches;
  }

  /**
   * The prefixes rules name (address matches, sets, address ranges, conntrack's original
   * destination) and the hosts DNAT and SNAT send to (those of them that are one address); empty
   * (the default) for the ranges a Docker or Swarm host's policy names. A family none of them is of
   * draws from the default ranges.
   */
  public ImmutableSet<Cidr> addresses() {
    return addresses;
  }

  /**
   * The ports rules name (single ports, the first port of a range, lists) and DNAT and SNAT send
   * to; empty (the default) for well-known ports and random ones.
   */
  public ImmutableSet<Integer> ports() {
    return ports;
  }

  /**
   * The interfaces rules name ({@code +} ends a prefix); empty (the default) for a Docker host's:
   * {@code eth0}, {@code docker0}, {@code veth+}, ...
   */
  public ImmutableSet<String> interfaces() {
    return interfaces;
  }

  /**
   * The protocols after which a rule may name a port list ({@code -m multiport}); after any other
   * protocol its port matches are single ports and ranges. By default TCP, UDP and SCTP; ferm's
   * {@code multiport} writes lists for TCP and UDP only.
   */
  public ImmutableSet<Protocol> portListProtocols() {
    return portListProtocols;
  }

  @Override
  public String toString() {
    return "RulesetOptions{families="
        + families
        + ", matches="
        + matches
        + ", targets="
        + targets
        + ", protocols="
        + protocols
        + ", tables="
        + tables
        + ", maxRules="
        + maxRules
        + ", maxUserChains="
        + maxUserChains
        + ", dockerUser="
        + dockerUser
        + ", canonicalMatches="
        + canonicalMatches
        + ", addresses="
        + addresses
        + ", ports="
        + ports
        + ", interfaces="
        + interfaces
        + ", portListProtocols="
        + portListProtocols
        + "}";
  }

  /** Builds {@link RulesetOptions}; every setter replaces what was set before. */
  public static final class Builder {
    private EnumSet<Family> families = EnumSet.allOf(Family.class);
    private EnumSet<MatchKind> matches = EnumSet.allOf(MatchKind.class);
    private EnumSet<TargetKind> targets = EnumSet.allOf(TargetKind.class);
    private ImmutableSet<Protocol> protocols =
        ImmutableSet.of(
            Protocol.TCP,
            Protocol.UDP,
            Protocol.SCTP,
            Protocol.ESP,
            Protocol.ICMP,
            Protocol.ICMPV6);
    private EnumSet<TableName> tables = EnumSet.of(TableName.FILTER, TableName.NAT, TableName.RAW);
    private int maxRules = 5;
    private int maxUserChains = 2;
    private DockerUser dockerUser = DockerUser.NONE;
    private boolean canonicalMatches;
    private ImmutableSet<Cidr> addresses = ImmutableSet.of();
    private ImmutableSet<Integer> ports = ImmutableSet.of();
    private ImmutableSet<String> interfaces = ImmutableSet.of();
    private ImmutableSet<Protocol> portListProtocols =
        ImmutableSet.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP);

    private Builder() {}

    /** Sets the families; see {@link RulesetOptions#families()}. */
    public Builder families(Family... families) {
      return families(Arrays.asList(families));
    }

    /**
     * Sets the families; see {@link RulesetOptions#families()}.
     *
     * @throws IllegalArgumentException if {@code families} is empty
     */
    public Builder families(Iterable<Family> families) {
      ImmutableSet<Family> set = ImmutableSet.copyOf(families);
      checkArgument(!set.isEmpty(), "ruleset options: no family: %s", set);
      this.families = EnumSet.copyOf(set);
      return this;
    }

    /** Sets the kinds of match. */
    public Builder matches(MatchKind... kinds) {
      return matches(Arrays.asList(kinds));
    }

    /** Sets the kinds of match. */
    public Builder matches(Iterable<MatchKind> kinds) {
      this.matches = EnumSet.noneOf(MatchKind.class);
      kinds.forEach(this.matches::add);
      return this;
    }

    /** Leaves out kinds of match. */
    public Builder withoutMatches(MatchKind... kinds) {
      return withoutMatches(Arrays.asList(kinds));
    }

    /** Leaves out kinds of match. */
    public Builder withoutMatches(Iterable<MatchKind> kinds) {
      kinds.forEach(this.matches::remove);
      return this;
    }

    /**
     * Sets the kinds of target.
     *
     * @throws IllegalArgumentException if neither {@code DROP} nor {@code ACCEPT} is among them
     */
    public Builder targets(TargetKind... kinds) {
      return targets(Arrays.asList(kinds));
    }

    /**
     * Sets the kinds of target.
     *
     * @throws IllegalArgumentException if neither {@code DROP} nor {@code ACCEPT} is among them
     */
    public Builder targets(Iterable<TargetKind> kinds) {
      EnumSet<TargetKind> set = EnumSet.noneOf(TargetKind.class);
      kinds.forEach(set::add);
      checkArgument(
          set.contains(TargetKind.DROP) || set.contains(TargetKind.ACCEPT),
          "ruleset options: targets need DROP or ACCEPT: %s",
          set);
      this.targets = set;
      return this;
    }

    /**
     * Leaves out kinds of target.
     *
     * @throws IllegalArgumentException if that leaves out both {@code DROP} and {@code ACCEPT}
     */
    public Builder withoutTargets(TargetKind... kinds) {
      EnumSet<TargetKind> set = EnumSet.copyOf(targets);
      Arrays.asList(kinds).forEach(set::remove);
      return targets(set);
    }

    /**
     * Sets the protocols a protocol match may name.
     *
     * @throws IllegalArgumentException if {@code protocols} is empty
     */
    public Builder protocols(Iterable<Protocol> protocols) {
      ImmutableSet<Protocol> set = ImmutableSet.copyOf(protocols);
      checkArgument(!set.isEmpty(), "ruleset options: no protocol: %s", set);
      this.protocols = set;
      return this;
    }

    /** Sets the tables besides filter (filter is always there). */
    public Builder tables(TableName... tables) {
      return tables(Arrays.asList(tables));
    }

    /**
     * Sets the tables besides filter (filter is always there).
     *
     * @throws IllegalArgumentException for the mangle table, which the generator does not draw
     */
    public Builder tables(Iterable<TableName> tables) {
      EnumSet<TableName> set = EnumSet.of(TableName.FILTER);
      tables.forEach(set::add);
      checkArgument(
          !set.contains(TableName.MANGLE), "ruleset options: table not generated: %s", "mangle");
      this.tables = set;
      return this;
    }

    /**
     * Sets the most rules in one chain.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Builder maxRules(int n) {
      checkArgument(n >= 0, "ruleset options: negative rule count: %s", n);
      this.maxRules = n;
      return this;
    }

    /**
     * Sets the most user chains reached from one built-in chain.
     *
     * @throws IllegalArgumentException if {@code n} is negative or over 26
     */
    public Builder maxUserChains(int n) {
      checkArgument(n >= 0 && n <= 26, "ruleset options: user chains out of range [0, 26]: %s", n);
      this.maxUserChains = n;
      return this;
    }

    /** Sets where {@code DOCKER-USER} is. */
    public Builder dockerUser(DockerUser layout) {
      this.dockerUser = layout;
      return this;
    }

    /**
     * Sets whether rules keep the canonical shape; see {@link RulesetOptions#canonicalMatches()}.
     */
    public Builder canonicalMatches(boolean canonical) {
      this.canonicalMatches = canonical;
      return this;
    }

    /**
     * Sets the prefixes rules name and the hosts NAT sends to; see {@link
     * RulesetOptions#addresses()}. Empty for the default ranges.
     */
    public Builder addresses(Iterable<Cidr> addresses) {
      this.addresses = ImmutableSet.copyOf(addresses);
      return this;
    }

    /**
     * Sets the ports rules name; see {@link RulesetOptions#ports()}. Empty for the default ports.
     *
     * @throws IllegalArgumentException for a port outside 1..65000 (a range may start there)
     */
    public Builder ports(Iterable<Integer> ports) {
      ImmutableSet<Integer> set = ImmutableSet.copyOf(ports);
      for (int p : set) {
        checkArgument(
            p >= 1 && p <= 65_000, "ruleset options: port out of range [1, 65000]: %s", p);
      }
      this.ports = set;
      return this;
    }

    /**
     * Sets the interfaces rules name; see {@link RulesetOptions#interfaces()}. Empty for the
     * default names.
     *
     * @throws IllegalArgumentException for a name that is no interface name or prefix
     */
    public Builder interfaces(Iterable<String> interfaces) {
      ImmutableSet<String> set = ImmutableSet.copyOf(interfaces);
      for (String name : set) {
        checkArgument(
            !name.isEmpty()
                && name.length() <= 15
                && name.chars().allMatch(c -> c > ' ' && c < 127 && c != '/' && c != '!'),
            "ruleset options: not an interface name: %s",
            name);
      }
      this.interfaces = set;
      return this;
    }

    /**
     * Sets the protocols after which a rule may name a port list; see {@link
     * RulesetOptions#portListProtocols()}. Empty for no port lists at all.
     *
     * @throws IllegalArgumentException for a protocol without ports
     */
    public Builder portListProtocols(Iterable<Protocol> protocols) {
      ImmutableSet<Protocol> set = ImmutableSet.copyOf(protocols);
      for (Protocol p : set) {
        checkArgument(p.hasPorts(), "ruleset options: a protocol without ports: %s", p);
      }
      this.portListProtocols = set;
      return this;
    }

    /** Returns the options. */
    public RulesetOptions build() {
      return new RulesetOptions(this);
    }
  }
}
