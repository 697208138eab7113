package dev.rampart.core.eval;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import dev.rampart.core.AdminAccess;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.EvalModel.EvalChain;
import dev.rampart.core.eval.EvalModel.EvalRule;
import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluation.Path;
import dev.rampart.core.eval.Landmarks.Found;
import dev.rampart.core.eval.Landmarks.Range;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.TcpFlag;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses a ruleset that would lock the administrator out: in a family it renders, a new TCP
 * connection to an {@linkplain AdminAccess admin port} from an admin source, arriving on an admin
 * interface (every interface unless some are declared), is not delivered to the host. Every
 * renderer calls it before it writes anything; {@link Ruleset#lockoutAllowed()} turns it off.
 *
 * <p>The check is exact over what the rules test. It first leaves out every rule no admin packet
 * can meet (a match false for all of them: another protocol, a source outside the admin sources, a
 * destination port no admin port is, another admin interface, an established-only state; see {@code
 * AdminTraffic}), and every chain only such rules jump to, so its work does not grow with rules
 * that do not concern the administrator. It then evaluates one packet per class of packets the
 * remaining rules treat alike (source addresses split by every source prefix, range and known set
 * element they test; destinations likewise; every input interface they name, one name per interface
 * prefix, and one name none of them matches), each with the {@link Evaluator} over the whole path
 * (raw, mangle and nat PREROUTING, then INPUT). Where the verdict depends on what the model cannot
 * know (a rate limit, an opaque match, a foreign chain, a set filled at run time), a possible drop
 * counts as a lockout. The packets carry source port {@value Packet#EPHEMERAL_PORT}, the SYN flag
 * and no mark or IPsec policy. Martian sources (loopback, multicast, {@code 0.0.0.0/8}), which the
 * kernel drops before INPUT whatever the rules say, are not tried.
 *
 * <pre>{@code
 * LockoutCheck.check(ruleset, List.of(Family.IPV4, Family.IPV6));
 * // ipv6 table filter, chain INPUT: admin access would be dropped (accept it, or call
 * // allowLockout() if that is meant): port 22/tcp from admin source ::/0 on interface eth0 ...
 * }</pre>
 */
public final class LockoutCheck {
  /** Interface names tried for "an interface no rule names", in order. */
  private static final ImmutableList<String> UNNAMED =
      ImmutableList.of("eth0", "ens3", "eno1", "enp1s0", "wan0");

  /**
   * Sources the kernel drops as martians when they arrive from outside, before filter INPUT: no
   * administrator or peer connects from them.
   */
  private static final ImmutableList<Cidr> MARTIAN_SOURCES =
      ImmutableList.of(
          Cidr.parse("0.0.0.0/8"),
          Cidr.parse("127.0.0.0/8"),
          Cidr.parse("224.0.0.0/4"),
          Cidr.parse("255.255.255.255/32"),
          Cidr.parse("::/128"),
          Cidr.parse("::1/128"),
          Cidr.parse("ff00::/8"));

  /** A source address to try and the admin source it stands for. */
  record Source(InetAddress address, Cidr adminSource) {}

  /** The sources and destinations to try in one family. */
  record Plan(Family family, List<Source> sources, List<InetAddress> destinations) {}

  /**
   * What the check evaluates: per family the rules admin packets can meet, the interfaces tried,
   * the sources and destinations tried per family, and the host that owns every destination.
   */
  record Work(
      EvalModel ipv4,
      EvalModel ipv6,
      ImmutableList<String> interfaces,
      List<Plan> plans,
      Host.Builder host) {
    /** The number of packets tried: per interface, family, port, source and destination. */
    long packets(int ports) {
      long perInterface = 0;
      for (Plan plan : plans) {
        perInterface += (long) ports * plan.sources().size() * plan.destinations().size();
      }
      return perInterface * interfaces.size();
    }

    /** The number of rules evaluated over, both families. */
    int rules() {
      return AdminPath.size(ipv4) + AdminPath.size(ipv6);
    }
  }

  private LockoutCheck() {}

  /**
   * Throws when {@code ruleset} would drop admin access in one of {@code families}, unless it
   * {@linkplain Ruleset#lockoutAllowed() allows the lockout}.
   *
   * @throws InvalidModelException at {@code <family> table filter, chain INPUT}, naming the port,
   *     the admin source, the interface assumed, the packet tried and the rule or policy that drops
   *     it, and saying how to allow it
   */
  public static void check(Ruleset ruleset, Iterable<Family> families) {
    if (ruleset.lockoutAllowed()) {
      return;
    }
    findLockout(ruleset, families)
        .ifPresent(
            f -> {
              throw f;
            });
  }

  /** The refusal {@link #check} would throw, if any (whether or not the lockout is allowed). */
  public static Optional<InvalidModelException> findLockout(
      Ruleset ruleset, Iterable<Family> families) {
    AdminAccess admin = ruleset.adminAccess();
    Work work = work(ruleset, families);
    if (work.plans().isEmpty()) {
      return Optional.empty();
    }
    boolean declared = !admin.interfaces().isEmpty();
    for (String iface : work.interfaces()) {
      // admin traffic is not spoofed: its source is routed back through the interface it
      // arrives on, as a reverse-path filter (rpfilter, rp_filter) checks
      Host host = work.host().defaultRoute(iface).build();
      CompiledEvaluator compiled = Evaluator.of(work.ipv4(), work.ipv6(), host).compile();
      Optional<Dropped> found = findLockout(work.plans(), admin, iface, compiled);
      if (found.isPresent()) {
        // the refusal's evaluation runs over the whole ruleset: rules numbered as the kernel
        // numbers them, and the same decision (the rules left out match no admin packet)
        Dropped f = found.get();
        Evaluation whole = Evaluator.of(ruleset, host).evaluate(f.packet());
        return Optional.of(refusal(f.family(), f.port(), f.source(), iface, declared, whole));
      }
    }
    return Optional.empty();
  }

  /** An admin packet not delivered: its family, port and source. */
  private record Dropped(Family family, int port, Source source, Packet packet) {}

  /**
   * The refusal {@link #check} would throw for a host holding {@code snapshot} (a parsed dump, or
   * {@link dev.rampart.core.snapshot.AfterApply#of} of one and a policy), whose administrator comes
   * in as {@code admin} says, if any: the same exact check over every rule on the way to INPUT.
   */
  public static Optional<InvalidModelException> findLockout(
      Snapshot snapshot, AdminAccess admin, Iterable<Family> families) {
    Marks marks = marks(snapshot);
    boolean declared = !admin.interfaces().isEmpty();
    ImmutableList<String> ifaces = declared ? admin.interfaces() : interfaces(marks);
    Host.Builder host = Host.builder();
    List<Plan> plans = plans(families, admin, marks, ifaces.get(0), host);
    if (plans.isEmpty()) {
      return Optional.empty();
    }
    for (String iface : ifaces) {
      Evaluator evaluator = Evaluator.of(snapshot, host.defaultRoute(iface).build());
      Optional<Dropped> found = findLockout(plans, admin, iface, evaluator.compile());
      if (found.isPresent()) {
        Dropped f = found.get();
        return Optional.of(
            refusal(
                f.family(), f.port(), f.source(), iface, declared, evaluator.evaluate(f.packet())));
      }
    }
    return Optional.empty();
  }

  /** What {@link #findLockout(Ruleset, Iterable)} evaluates for {@code ruleset}. */
  static Work work(Ruleset ruleset, Iterable<Family> families) {
    AdminAccess admin = ruleset.adminAccess();
    Map<Family, EvalModel> models = new EnumMap<>(Family.class);
    for (Family family : families) {
      if (!admin.sources(family).isEmpty()) {
        models.put(
            family, AdminPath.model(ruleset, family, AdminPath.traffic(ruleset, family, admin)));
      }
    }
    Marks marks = marks(ruleset, models.values());
    boolean declared = !admin.interfaces().isEmpty();
    ImmutableList<String> ifaces = declared ? admin.interfaces() : interfaces(marks);
    Host.Builder host = Host.builder();
    List<Plan> plans = plans(models.keySet(), admin, marks, ifaces.get(0), host);
    return new Work(
        models.getOrDefault(Family.IPV4, AdminPath.empty(Family.IPV4)),
        models.getOrDefault(Family.IPV6, AdminPath.empty(Family.IPV6)),
        ifaces,
        plans,
        host);
  }

  /**
   * The sources and destinations to try in each of {@code families} that has admin sources; every
   * destination is given to {@code host} as an address of interface {@code iface}.
   */
  private static List<Plan> plans(
      Iterable<Family> families, AdminAccess admin, Marks marks, String iface, Host.Builder host) {
    List<Plan> plans = new ArrayList<>();
    for (Family family : families) {
      List<Source> sources = new ArrayList<>();
      for (Cidr adminSource : admin.sources(family)) {
        for (InetAddress a : sources(family, adminSource, marks)) {
          sources.add(new Source(a, adminSource));
        }
      }
      if (sources.isEmpty()) {
        continue;
      }
      List<InetAddress> destinations =
          representatives(family, anywhere(family), marks, Direction.DESTINATION);
      plans.add(new Plan(family, sources, destinations));
      int length = Cidr.maxLength(family);
      destinations.forEach(a -> host.iface(iface, InetAddresses.toAddrString(a) + "/" + length));
    }
    return plans;
  }

  private static Optional<Dropped> findLockout(
      List<Plan> plans, AdminAccess admin, String iface, CompiledEvaluator compiled) {
    for (Plan plan : plans) {
      for (int port : admin.ports()) {
        for (Source source : plan.sources()) {
          for (InetAddress destination : plan.destinations()) {
            Packet packet =
                Packet.tcp()
                    .from(source.address(), Packet.EPHEMERAL_PORT)
                    .to(destination, port)
                    .in(iface)
                    .tcpFlags(List.of(TcpFlag.SYN));
            Outcome o = compiled.outcome(packet);
            if (o.decision() != Decision.ACCEPTED
                || !o.path().filter(Path.INPUT::equals).isPresent()) {
              return Optional.of(new Dropped(plan.family(), port, source, packet));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static InvalidModelException refusal(
      Family family, int port, Source source, String iface, boolean declared, Evaluation e) {
    String where =
        declared
            ? "admin interface " + iface
            : "interface "
                + iface
                + " (every interface is checked unless the admin interfaces are declared)";
    return InvalidModelException.of(
        ChainRef.of(family, TableName.FILTER, "INPUT"),
        "admin access would be dropped (accept it, or call allowLockout() if that is meant)",
        "port "
            + port
            + "/tcp from admin source "
            + source.adminSource()
            + " on "
            + where
            + ": "
            + e.packet()
            + ": "
            + e.headline());
  }

  /** What the rules admin packets can meet test, each range and interface once. */
  record Marks(Set<Range> ranges, Set<String> inInterfaces) {
    /** These marks and the source ranges of {@code cidrs}. */
    Marks withSources(Iterable<Cidr> cidrs) {
      Set<Range> more = new LinkedHashSet<>(ranges);
      cidrs.forEach(c -> more.add(Range.of(Direction.SOURCE, c)));
      return new Marks(more, inInterfaces);
    }
  }

  /** What every rule on the way from the wire to filter INPUT tests, in every family. */
  static Marks marks(Snapshot snapshot) {
    Landmarks visitor = new Landmarks(snapshot::set);
    Set<Range> ranges = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    for (SnapshotTable table : snapshot.tables()) {
      Deque<String> todo = new ArrayDeque<>();
      AdminPath.INPUT_PATH.stream()
          .filter(h -> h.table() == table.name())
          .forEach(h -> todo.add(h.chain()));
      Set<String> seen = new LinkedHashSet<>();
      while (!todo.isEmpty()) {
        String name = todo.pop();
        Optional<SnapshotChain> chain = table.chain(name);
        if (!seen.add(name) || chain.isEmpty()) {
          continue;
        }
        for (SnapshotRule r : chain.get().rules()) {
          for (Match m : r.rule().matches()) {
            Found found = m.accept(visitor);
            ranges.addAll(found.ranges());
            names.addAll(found.inInterfaces());
          }
          r.rule().target().chain().ifPresent(todo::add);
        }
      }
    }
    return new Marks(ranges, names);
  }

  private static Marks marks(Ruleset ruleset, Iterable<EvalModel> models) {
    Landmarks visitor = new Landmarks(ruleset::set);
    Set<Range> ranges = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    for (EvalModel model : models) {
      for (var table : model.tables.values()) {
        for (EvalChain chain : table.values()) {
          for (EvalRule rule : chain.rules()) {
            for (Match m : rule.rule().matches()) {
              Found found = m.accept(visitor);
              ranges.addAll(found.ranges());
              names.addAll(found.inInterfaces());
            }
          }
        }
      }
    }
    return new Marks(ranges, names);
  }

  /**
   * One input interface per class the rules' interface matches make: each exact name, one name per
   * prefix matching no longer prefix, and one name none of them matches. Loopback is left out: the
   * administrator does not come in on it.
   */
  static ImmutableList<String> interfaces(Marks marks) {
    Set<String> exact = new LinkedHashSet<>();
    Set<String> stems = new LinkedHashSet<>();
    for (String name : marks.inInterfaces()) {
      if (name.endsWith("+")) {
        stems.add(name.substring(0, name.length() - 1));
      } else if (!name.equals("lo")) {
        exact.add(name);
      }
    }
    Set<String> out = new LinkedHashSet<>(exact);
    for (String stem : stems) {
      candidates(stem).stream()
          .filter(
              n ->
                  !exact.contains(n)
                      && stems.stream().allMatch(s -> stem.startsWith(s) || !n.startsWith(s)))
          .filter(n -> !n.equals("lo"))
          .findFirst()
          .ifPresent(out::add);
    }
    List<String> unnamed = new ArrayList<>(UNNAMED);
    for (int i = 0; i < 1000; i++) {
      unnamed.add("if" + i);
    }
    unnamed.stream()
        .filter(n -> !exact.contains(n) && stems.stream().noneMatch(n::startsWith))
        .findFirst()
        .ifPresent(out::add);
    return ImmutableList.copyOf(out);
  }

  private static List<String> candidates(String stem) {
    List<String> out = new ArrayList<>();
    if (!stem.isEmpty()) {
      out.add(stem);
    }
    if (stem.length() < 15) {
      for (char c = '0'; c <= '9'; c++) {
        out.add(stem + c);
      }
      for (char c = 'a'; c <= 'z'; c++) {
        out.add(stem + c);
      }
    }
    return out;
  }

  /**
   * One address of {@code within} per class the {@code direction} ranges of {@code family} split it
   * into: a documentation address where the class holds one, else its second address (not the
   * network's), else its only one.
   */
  static List<InetAddress> representatives(
      Family family, Cidr within, Marks marks, Direction direction) {
    Range outer = Range.of(direction, within);
    TreeSet<BigInteger> starts = new TreeSet<>();
    starts.add(outer.first());
    for (Range r : marks.ranges()) {
      if (r.family() != family || r.direction() != direction) {
        continue;
      }
      for (BigInteger b : List.of(r.first(), r.last().add(BigInteger.ONE))) {
        if (b.compareTo(outer.first()) > 0 && b.compareTo(outer.last()) <= 0) {
          starts.add(b);
        }
      }
    }
    BigInteger preferred = InetAddresses.toBigInteger(preferred(family, direction));
    List<InetAddress> out = new ArrayList<>();
    for (BigInteger start : starts) {
      BigInteger next = starts.higher(start);
      BigInteger last = next == null ? outer.last() : next.subtract(BigInteger.ONE);
      BigInteger pick;
      if (preferred.compareTo(start) >= 0 && preferred.compareTo(last) <= 0) {
        pick = preferred;
      } else if (start.compareTo(last) < 0) {
        pick = start.add(BigInteger.ONE);
      } else {
        pick = start;
      }
      out.add(address(family, pick));
    }
    return out;
  }

  /**
   * One source address of {@code within} per class the rules split it into, leaving out the martian
   * sources (loopback, multicast, unspecified, {@code 0.0.0.0/8}, broadcast) that cannot arrive
   * from outside.
   */
  static List<InetAddress> sources(Family family, Cidr within, Marks marks) {
    List<InetAddress> out = new ArrayList<>();
    for (InetAddress a :
        representatives(family, within, marks.withSources(MARTIAN_SOURCES), Direction.SOURCE)) {
      if (MARTIAN_SOURCES.stream().noneMatch(c -> c.contains(a))) {
        out.add(a);
      }
    }
    return out;
  }

  private static InetAddress preferred(Family family, Direction direction) {
    boolean source = direction == Direction.SOURCE;
    if (family == Family.IPV4) {
      return InetAddresses.forString(source ? "203.0.113.10" : "198.51.100.1");
    }
    return InetAddresses.forString(source ? "2001:db8:a::10" : "2001:db8:1::1");
  }

  static InetAddress address(Family family, BigInteger value) {
    return family == Family.IPV4
        ? InetAddresses.fromIPv4BigInteger(value)
        : InetAddresses.fromIPv6BigInteger(value);
  }

  static Cidr anywhere(Family family) {
    return Cidr.parse(family == Family.IPV4 ? "0.0.0.0/0" : "::/0");
  }
}
