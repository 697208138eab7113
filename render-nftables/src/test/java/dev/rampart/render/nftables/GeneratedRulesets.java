package dev.rampart.render.nftables;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Random rulesets that core accepts, built through the core API and valid by construction (no
 * filtering): a filter table with INPUT, FORWARD and OUTPUT and user chains reached by jump and
 * goto, address sets of both families, every match kind (ports and port lists, ct state and status,
 * ct original, icmp and icmpv6 types, limit, ipsec policy, addrtype, mark, interfaces, addresses,
 * sets) and every filter target (accept, drop, return, jump, goto, log, reject with), plus a nat
 * table with DNAT, SNAT and MASQUERADE in the hooks that allow them and a raw table.
 *
 * <p>Each user chain belongs to one built-in chain (its "home") and is reached only from it or from
 * user chains of the same home with a higher index, so jumps never loop and hook-bound matches
 * (interface sides, ipsec direction) always fit. For a Docker profile the generator avoids what
 * {@link DockerBackend#IPTABLES_NFT} rightly refuses (ACCEPT in the forward path, RETURN, goto and
 * a policy in FORWARD, ACCEPT and RETURN in nat, ACCEPT in raw PREROUTING) and adds a managed
 * {@code DOCKER-USER}; a few rules the renderer refuses in any profile still occur, rarely, so the
 * refusal path is exercised too.
 */
final class GeneratedRulesets {
  private static final List<String> HOMES = List.of("INPUT", "FORWARD", "OUTPUT");
  private static final List<String> INTERFACES =
      List.of("eth0", "eth1", "lo", "docker0", "veth+", "br-+", "docker_gwbridge");
  private static final List<String> COMMENTS =
      List.of("ssh", "allow web; }", "{ drop } # not a comment", "x", "rampart: swarm 2377/tcp");
  private static final List<String> PREFIXES = List.of("rampart: ", "in drop ", "x", "fwd{}; ");

  private final RandomnessSource in;
  private final boolean docker;

  /** The rule's family so far: set by the first family-specific part. */
  private @Nullable Family family;

  private GeneratedRulesets(RandomnessSource in, DockerBackend docker) {
    this.in = in;
    this.docker = docker != DockerBackend.NONE;
  }

  /** Rulesets for {@code docker}: the generator avoids what that profile rightly refuses. */
  static Gen<Ruleset> rulesets(DockerBackend docker) {
    return in -> new GeneratedRulesets(in, docker).ruleset();
  }

  private int between(int lo, int hi) {
    return (int) in.next(Constraint.between(lo, hi));
  }

  private boolean chance(int percent) {
    return between(0, 99) < percent;
  }

  private <T> T oneOf(List<T> values) {
    return values.get(between(0, values.size() - 1));
  }

  private Ruleset ruleset() {
    // random rules and policies: the rendering is under test, not admin access
    Ruleset.Builder b = Ruleset.builder().lockoutAllowed(true);
    b.addSets(
        AddressSet.of("net4", Family.IPV4, cidrs(Family.IPV4, between(0, 3), false)),
        AddressSet.of("net6", Family.IPV6, cidrs(Family.IPV6, between(0, 3), false)),
        AddressSet.builder()
            .name("hosts4")
            .family(Family.IPV4)
            .kind(AddressSet.Kind.IP)
            .addAllElements(cidrs(Family.IPV4, between(1, 3), true))
            .build(),
        AddressSet.builder()
            .name("hosts6")
            .family(Family.IPV6)
            .kind(AddressSet.Kind.IP)
            .addAllElements(cidrs(Family.IPV6, between(1, 3), true))
            .build());
    b.addTables(filter());
    if (chance(60)) {
      b.addTables(nat());
    }
    if (chance(30)) {
      b.addTables(raw());
    }
    return b.build();
  }

  private Table filter() {
    List<Chain> chains = new ArrayList<>();
    List<Chain> users = new ArrayList<>();
    for (String home : HOMES) {
      List<String> names = new ArrayList<>();
      int count = between(0, 2);
      for (int i = 0; i < count; i++) {
        names.add(home.substring(0, 3).toLowerCase(java.util.Locale.ROOT) + "-" + (char) ('a' + i));
      }
      Chain.Builder builtin = Chain.builder().name(home);
      if (chance(50) && !(docker && home.equals("FORWARD"))) {
        builtin.policy(chance(50) ? ChainPolicy.DROP : ChainPolicy.ACCEPT);
      }
      builtin.addAllRules(rules(home, home, -1, names));
      chains.add(builtin.build());
      for (int i = 0; i < count; i++) {
        users.add(Chain.of(names.get(i), rules(home, names.get(i), i, names)));
      }
    }
    if (docker) {
      users.add(Chain.of("DOCKER-USER", rules("FORWARD", "DOCKER-USER", 0, List.of())));
    }
    chains.addAll(users);
    return Table.of(TableName.FILTER, chains);
  }

  private List<Rule> rules(String home, String chain, int index, List<String> siblings) {
    List<Rule> out = new ArrayList<>();
    int count = between(0, 5);
    for (int i = 0; i < count; i++) {
      out.add(filterRule(home, chain, index, siblings));
    }
    return out;
  }

  private Rule filterRule(String home, String chain, int index, List<String> siblings) {
    Optional<Family> explicit = startRule();
    List<Match> matches = new ArrayList<>();
    Optional<Protocol> proto = protocol(matches);
    ports(proto, matches);
    icmpType(proto, matches);
    common(matches, proto);
    if (!home.equals("OUTPUT") && chance(20)) {
      matches.add(iface(true));
    }
    if (!home.equals("INPUT") && chance(20)) {
      matches.add(iface(false));
    }
    if (chance(10)) {
      PolicyMatch.Dir dir =
          switch (home) {
            case "INPUT" -> PolicyMatch.Dir.IN;
            case "OUTPUT" -> PolicyMatch.Dir.OUT;
            default -> chance(50) ? PolicyMatch.Dir.IN : PolicyMatch.Dir.OUT;
          };
      matches.add(
          PolicyMatch.of(
              dir, chance(50) ? PolicyMatch.Processing.IPSEC : PolicyMatch.Processing.NONE));
    }
    Target target = filterTarget(home, chain, index, siblings, proto);
    return finish(matches, target, explicit);
  }

  /** Starts a rule: resets its family and returns the explicit family restriction, if any. */
  private Optional<Family> startRule() {
    family = null;
    if (chance(25)) {
      family = chance(50) ? Family.IPV4 : Family.IPV6;
      return Optional.of(family);
    }
    if (chance(30)) {
      family = chance(50) ? Family.IPV4 : Family.IPV6;
    }
    return Optional.empty();
  }

  private Rule finish(List<Match> matches, Target target, Optional<Family> explicit) {
    for (int i = matches.size() - 1; i > 0; i--) {
      int j = between(0, i);
      Match m = matches.get(i);
      matches.set(i, matches.get(j));
      matches.set(j, m);
    }
    Rule.Builder r = Rule.builder().addAllMatches(matches).target(target);
    explicit.ifPresent(r::family);
    if (chance(15)) {
      r.comment(oneOf(COMMENTS));
    }
    return r.build();
  }

  /** The family of a family-specific part: the rule's, fixing it if still open. */
  private Family fam() {
    if (family == null) {
      family = chance(50) ? Family.IPV4 : Family.IPV6;
    }
    return family;
  }

  private Optional<Protocol> protocol(List<Match> matches) {
    List<Protocol> choices = new ArrayList<>(List.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP));
    choices.add(Protocol.ESP);
    if (family != Family.IPV6) {
      choices.add(Protocol.ICMP);
    }
    if (family != Family.IPV4) {
      choices.add(Protocol.ICMPV6);
    }
    int roll = between(0, 99);
    if (roll < 30) {
      return Optional.empty();
    }
    if (roll < 38) {
      matches.add(ProtocolMatch.not(oneOf(List.of(Protocol.TCP, Protocol.UDP, Protocol.ESP))));
      return Optional.empty();
    }
    Protocol p = roll < 60 ? Protocol.TCP : oneOf(choices);
    if (p.equals(Protocol.ICMP)) {
      family = Family.IPV4;
    } else if (p.equals(Protocol.ICMPV6)) {
      family = Family.IPV6;
    }
    matches.add(ProtocolMatch.of(p));
    return Optional.of(p);
  }

  private void ports(Optional<Protocol> proto, List<Match> matches) {
    if (proto.isEmpty() || !proto.get().hasPorts()) {
      return;
    }
    if (chance(60)) {
      matches.add(portMatch(Direction.DESTINATION));
    }
    if (chance(25)) {
      matches.add(portMatch(Direction.SOURCE));
    }
  }

  private PortMatch portMatch(Direction d) {
    List<PortRange> ports = new ArrayList<>();
    int count = chance(50) ? 1 : between(2, 5);
    java.util.Set<Integer> firsts = new java.util.HashSet<>();
    for (int i = 0; i < count; i++) {
      int first = between(1, 65000);
      if (!firsts.add(first)) {
        continue;
      }
      ports.add(chance(75) ? PortRange.of(first) : PortRange.range(first, first + between(1, 500)));
    }
    PortMatch m = d == Direction.SOURCE ? PortMatch.source(ports) : PortMatch.destination(ports);
    return chance(20) ? m.negate() : m;
  }

  private void icmpType(Optional<Protocol> proto, List<Match> matches) {
    if (proto.isEmpty() || !chance(60)) {
      return;
    }
    boolean v4 = proto.get().equals(Protocol.ICMP);
    if (!v4 && !proto.get().equals(Protocol.ICMPV6)) {
      return;
    }
    Family f = v4 ? Family.IPV4 : Family.IPV6;
    int type = oneOf(v4 ? List.of(0, 3, 8, 11) : List.of(1, 128, 129, 135, 136));
    boolean negated = chance(20);
    // A negated type with a code is refused by the renderer (rightly: nft cannot negate the
    // pair); keep it rare so the refusal path runs without making the property vacuous.
    IcmpTypeMatch m =
        chance(negated ? 10 : 30)
            ? IcmpTypeMatch.of(f, type, between(0, 4))
            : v4 ? IcmpTypeMatch.icmp(type) : IcmpTypeMatch.icmpv6(type);
    matches.add(negated ? m.negate() : m);
  }

  /** The matches every hook accepts. */
  private void common(List<Match> matches, Optional<Protocol> proto) {
    if (chance(30)) {
      matches.add(ctState());
    }
    if (chance(15)) {
      boolean port = proto.filter(Protocol::hasPorts).isPresent() && chance(70);
      ConntrackOriginalMatch.Builder m = ConntrackOriginalMatch.builder();
      if (port) {
        m.destinationPort(PortRange.of(between(1, 65535)));
      }
      boolean both = port && chance(40);
      if (!port || both) {
        m.destination(oneOf(cidrs(fam(), 1, false)));
      }
      matches.add(m.negated(!both && chance(20)).build());
    }
    if (chance(25)) {
      matches.add(address(Direction.SOURCE));
    }
    if (chance(20)) {
      matches.add(address(Direction.DESTINATION));
    }
    if (chance(25)) {
      Family f = fam();
      String set =
          f == Family.IPV4 ? oneOf(List.of("net4", "hosts4")) : oneOf(List.of("net6", "hosts6"));
      SetMatch m = chance(50) ? SetMatch.source(set) : SetMatch.destination(set);
      matches.add(chance(25) ? m.negate() : m);
    }
    if (chance(15)) {
      LimitMatch.Unit unit = oneOf(List.of(LimitMatch.Unit.values()));
      matches.add(
          chance(50)
              ? LimitMatch.of(between(1, 10000), unit)
              : LimitMatch.of(between(1, 10000), unit, between(1, 10000)));
    }
    if (chance(15)) {
      AddressTypeMatch.Type t = oneOf(List.of(AddressTypeMatch.Type.values()));
      AddressTypeMatch m =
          chance(50) ? AddressTypeMatch.source(t) : AddressTypeMatch.destination(t);
      matches.add(chance(30) ? m.negate() : m);
    }
    if (chance(15)) {
      long mask = chance(50) ? 0xffffffffL : oneOf(List.of(0xffL, 0xff00L, 0xf0000000L));
      long value = between(0, Integer.MAX_VALUE) & mask;
      MarkMatch m = mask == 0xffffffffL ? MarkMatch.of(value) : MarkMatch.of(value, mask);
      matches.add(chance(25) ? m.negate() : m);
    }
  }

  private ConntrackStateMatch ctState() {
    List<ConnState> states = new ArrayList<>();
    if (chance(20)) {
      states.add(chance(50) ? ConnState.SNAT : ConnState.DNAT);
      if (chance(30)) {
        states.add(states.get(0) == ConnState.SNAT ? ConnState.DNAT : ConnState.SNAT);
      }
      if (chance(5)) {
        states.add(ConnState.NEW); // refused by the renderer: ct state and ct status in one match
      }
    } else {
      for (ConnState s :
          List.of(
              ConnState.NEW,
              ConnState.ESTABLISHED,
              ConnState.RELATED,
              ConnState.INVALID,
              ConnState.UNTRACKED)) {
        if (chance(35)) {
          states.add(s);
        }
      }
      if (states.isEmpty()) {
        states.add(ConnState.ESTABLISHED);
      }
    }
    return chance(20) ? ConntrackStateMatch.not(states) : ConntrackStateMatch.of(states);
  }

  private AddressMatch address(Direction d) {
    List<Cidr> list = cidrs(fam(), chance(60) ? 1 : between(2, 3), false);
    AddressMatch m =
        d == Direction.SOURCE ? AddressMatch.source(list) : AddressMatch.destination(list);
    return list.size() == 1 && chance(25) ? m.negate() : m;
  }

  private InterfaceMatch iface(boolean input) {
    String name = oneOf(INTERFACES);
    InterfaceMatch m = input ? InterfaceMatch.in(name) : InterfaceMatch.out(name);
    return chance(25) ? m.negate() : m;
  }

  private Target filterTarget(
      String home, String chain, int index, List<String> siblings, Optional<Protocol> proto) {
    boolean forwardPath = docker && home.equals("FORWARD");
    boolean builtin = chain.equals(home);
    List<String> kinds = new ArrayList<>(List.of("drop", "log", "reject", "drop"));
    if (!forwardPath) {
      kinds.add("accept");
      kinds.add("accept");
    }
    if (!(forwardPath && builtin)) {
      kinds.add("return");
    }
    List<String> below =
        index + 1 < siblings.size() ? siblings.subList(index + 1, siblings.size()) : List.of();
    if (!below.isEmpty()) {
      kinds.add("jump");
      kinds.add("jump");
      if (!(forwardPath && builtin)) {
        kinds.add("goto");
      }
    }
    return switch (oneOf(kinds)) {
      case "accept" -> Verdict.ACCEPT;
      case "return" -> Verdict.RETURN;
      case "jump" -> Jump.to(oneOf(below));
      case "goto" -> Jump.goTo(oneOf(below));
      case "log" -> log();
      case "reject" -> reject(proto);
      default -> Verdict.DROP;
    };
  }

  private Log log() {
    Log.Builder b = Log.builder();
    if (chance(60)) {
      b.prefix(oneOf(PREFIXES));
    }
    if (chance(50)) {
      b.level(between(0, 7));
    }
    return b.build();
  }

  private Reject reject(Optional<Protocol> proto) {
    List<Reject.With> choices = new ArrayList<>();
    for (Reject.With w : Reject.With.values()) {
      boolean tcp = proto.filter(Protocol.TCP::equals).isPresent();
      if (w == Reject.With.TCP_RESET ? tcp : family == null || w.families().contains(family)) {
        choices.add(w);
      }
    }
    if (chance(30) || choices.isEmpty()) {
      return Reject.of();
    }
    Reject.With w = oneOf(choices);
    if (w.families().size() == 1) {
      family = w.families().iterator().next();
    }
    return Reject.with(w);
  }

  private Table nat() {
    List<Chain> chains = new ArrayList<>();
    for (String name : List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING")) {
      if (!chance(60)) {
        continue;
      }
      List<Rule> rules = new ArrayList<>();
      int count = between(0, 3);
      for (int i = 0; i < count; i++) {
        rules.add(natRule(name));
      }
      chains.add(Chain.of(name, rules));
    }
    return Table.of(TableName.NAT, chains);
  }

  private Rule natRule(String chain) {
    Optional<Family> explicit = startRule();
    List<Match> matches = new ArrayList<>();
    Optional<Protocol> proto = Optional.empty();
    if (chance(70)) {
      Protocol p = chance(60) ? Protocol.TCP : Protocol.UDP;
      proto = Optional.of(p);
      matches.add(ProtocolMatch.of(p));
      if (chance(70)) {
        matches.add(portMatch(Direction.DESTINATION));
      }
    }
    if (chance(30)) {
      matches.add(address(chance(50) ? Direction.SOURCE : Direction.DESTINATION));
    }
    boolean in = chain.equals("PREROUTING") || chain.equals("INPUT");
    if (chance(30)) {
      matches.add(iface(in));
    }
    if (chance(15)) {
      MarkMatch m = MarkMatch.of(between(0, 255));
      matches.add(m);
    }
    Target target;
    int roll = between(0, 99);
    if (!docker && roll < 8) {
      target = roll < 4 ? Verdict.ACCEPT : Verdict.RETURN;
    } else if (chain.equals("PREROUTING") || chain.equals("OUTPUT")) {
      Cidr to = oneOf(cidrs(fam(), 1, true));
      target = proto.isPresent() && chance(60) ? Dnat.to(to, between(1, 65535)) : Dnat.to(to);
    } else if (chain.equals("POSTROUTING") && chance(50)) {
      target = Masquerade.of();
    } else {
      Cidr to = oneOf(cidrs(fam(), 1, true));
      target = proto.isPresent() && chance(40) ? Snat.to(to, between(1, 65535)) : Snat.to(to);
    }
    return finish(matches, target, explicit);
  }

  private Table raw() {
    List<Chain> chains = new ArrayList<>();
    for (String name : List.of("PREROUTING", "OUTPUT")) {
      List<Rule> rules = new ArrayList<>();
      int count = between(0, 3);
      for (int i = 0; i < count; i++) {
        Optional<Family> explicit = startRule();
        List<Match> matches = new ArrayList<>();
        Optional<Protocol> proto = protocol(matches);
        ports(proto, matches);
        if (chance(40)) {
          matches.add(address(Direction.DESTINATION));
        }
        if (chance(30)) {
          matches.add(iface(name.equals("PREROUTING")));
        }
        boolean acceptOk = !(docker && name.equals("PREROUTING"));
        Target t = acceptOk && chance(40) ? Verdict.ACCEPT : Verdict.DROP;
        rules.add(finish(matches, t, explicit));
      }
      chains.add(Chain.of(name, rules));
    }
    return Table.of(TableName.RAW, chains);
  }

  /** {@code count} distinct prefixes (hosts only if {@code hosts}) of {@code f}. */
  private List<Cidr> cidrs(Family f, int count, boolean hosts) {
    List<Cidr> out = new ArrayList<>();
    for (int i = 0; out.size() < count && i < 20; i++) {
      Cidr c = cidr(f, hosts);
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }

  private Cidr cidr(Family f, boolean host) {
    int a = between(0, 255);
    int b = between(0, 255);
    int shape = host ? 0 : between(0, 2);
    if (f == Family.IPV4) {
      return switch (shape) {
        case 0 -> Cidr.parse("10." + a + "." + b + "." + between(1, 254));
        case 1 -> Cidr.parse("10." + a + "." + b + ".0/24");
        default -> Cidr.parse("10." + a + ".0.0/16");
      };
    }
    return switch (shape) {
      case 0 ->
          Cidr.parse("2001:db8:" + Integer.toHexString(a) + "::" + Integer.toHexString(b + 1));
      case 1 ->
          Cidr.parse("2001:db8:" + Integer.toHexString(a) + ":" + Integer.toHexString(b) + "::/64");
      default -> Cidr.parse("2001:db8:" + Integer.toHexString(a) + "::/48");
    };
  }
}
