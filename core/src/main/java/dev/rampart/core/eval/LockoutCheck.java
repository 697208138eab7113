package dev.rampart.core.eval;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import dev.rampart.core.AdminAccess;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluation.Path;
import dev.rampart.core.eval.Landmarks.Found;
import dev.rampart.core.eval.Landmarks.Range;
import dev.rampart.core.match.Direction;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Refuses a ruleset that would lock the administrator out: in a family it renders, a new TCP
 * connection to an {@linkplain AdminAccess admin port} from an admin source, arriving on an admin
 * interface (every interface unless some are declared), is not delivered to the host. Every
 * renderer calls it before it writes anything; {@link Ruleset#lockoutAllowed()} turns it off.
 *
 * <p>The check is exact over what the rules test: it evaluates one packet per class of packets the
 * rules treat alike (source addresses split by every source prefix, range and known set element the
 * rules on the way to INPUT test; destinations likewise; every input interface they name, one name
 * per interface prefix, and one name none of them matches), each with the {@link Evaluator} over
 * the whole path (raw, mangle and nat PREROUTING, then INPUT). Where the verdict depends on what
 * the model cannot know (a rate limit, an opaque match, a foreign chain, a set filled at run time),
 * a possible drop counts as a lockout. Martian sources (loopback, multicast, {@code 0.0.0.0/8}),
 * which the kernel drops before INPUT whatever the rules say, are not tried. The packets carry
 * source port {@value Packet#EPHEMERAL_PORT}, the SYN flag and no mark or IPsec policy.
 *
 * <pre>{@code
 * LockoutCheck.check(ruleset, List.of(Family.IPV4, Family.IPV6));
 * // ipv6 table filter, chain INPUT: admin access would be dropped (accept it, or call
 * // allowLockout() if that is meant): port 22/tcp from admin source ::/0 on interface eth0 ...
 * }</pre>
 */
public final class LockoutCheck {
  /** The chains a packet to the host passes, per table, before filter INPUT decides. */
  private static final ImmutableList<Hook> INPUT_PATH =
      ImmutableList.of(
          new Hook(TableName.RAW, "PREROUTING"),
          new Hook(TableName.MANGLE, "PREROUTING"),
          new Hook(TableName.NAT, "PREROUTING"),
          new Hook(TableName.MANGLE, "INPUT"),
          new Hook(TableName.NAT, "INPUT"),
          new Hook(TableName.FILTER, "INPUT"));

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

  private record Hook(TableName table, String chain) {}

  /** A source address to try and the admin source it stands for. */
  private record Source(InetAddress address, Cidr adminSource) {}

  /** The sources and destinations to try in one family. */
  private record Plan(Family family, List<Source> sources, List<InetAddress> destinations) {}

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
    return findLockout(
        Snapshot.of(ruleset), ruleset.adminAccess(), families, h -> Evaluator.of(ruleset, h));
  }

  /**
   * The refusal {@link #check} would throw for a host holding {@code snapshot} (a parsed dump, or
   * {@link dev.rampart.core.snapshot.AfterApply#of} of one and a policy), whose administrator comes
   * in as {@code admin} says, if any: the same exact check over what the snapshot holds, every
   * chain's rules known.
   */
  public static Optional<InvalidModelException> findLockout(
      Snapshot snapshot, AdminAccess admin, Iterable<Family> families) {
    return findLockout(snapshot, admin, families, h -> Evaluator.of(snapshot, h));
  }

  private static Optional<InvalidModelException> findLockout(
      Snapshot snapshot,
      AdminAccess admin,
      Iterable<Family> families,
      Function<Host, Evaluator> evaluators) {
    List<Found> marks = landmarks(snapshot);
    boolean declared = !admin.interfaces().isEmpty();
    ImmutableList<String> ifaces = declared ? admin.interfaces() : interfaces(marks);
    List<Plan> plans = new ArrayList<>();
    Host.Builder host = Host.builder();
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
      destinations.forEach(
          a -> host.iface(ifaces.get(0), InetAddresses.toAddrString(a) + "/" + length));
    }
    if (plans.isEmpty()) {
      return Optional.empty();
    }
    for (String iface : ifaces) {
      // admin traffic is not spoofed: its source is routed back through the interface it
      // arrives on, as a reverse-path filter (rpfilter, rp_filter) checks
      Evaluator evaluator = evaluators.apply(host.defaultRoute(iface).build());
      CompiledEvaluator compiled = evaluator.compile();
      Optional<InvalidModelException> found =
          findLockout(plans, admin, iface, declared, evaluator, compiled);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<InvalidModelException> findLockout(
      List<Plan> plans,
      AdminAccess admin,
      String iface,
      boolean declared,
      Evaluator evaluator,
      CompiledEvaluator compiled) {
    for (Plan plan : plans) {
      for (int port : admin.ports()) {
        for (Source source : plan.sources()) {
          for (InetAddress destination : plan.destinations()) {
            Packet packet =
                Packet.tcp()
                    .from(InetAddresses.toAddrString(source.address()), Packet.EPHEMERAL_PORT)
                    .to(InetAddresses.toAddrString(destination), port)
                    .in(iface)
                    .tcpFlags(List.of(TcpFlag.SYN));
            Outcome o = compiled.outcome(packet);
            if (o.decision() != Decision.ACCEPTED
                || !o.path().filter(Path.INPUT::equals).isPresent()) {
              return Optional.of(
                  refusal(
                      plan.family(), port, source, iface, declared, evaluator.evaluate(packet)));
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

  /**
   * What the rules on the way from the wire to filter INPUT test, in every family of {@code
   * snapshot}.
   */
  static List<Found> landmarks(Snapshot snapshot) {
    Landmarks visitor = new Landmarks(snapshot::set);
    List<Found> out = new ArrayList<>();
    for (SnapshotTable table : snapshot.tables()) {
      Deque<String> todo = new ArrayDeque<>();
      INPUT_PATH.stream().filter(h -> h.table() == table.name()).forEach(h -> todo.add(h.chain()));
      Set<String> seen = new LinkedHashSet<>();
      while (!todo.isEmpty()) {
        String name = todo.pop();
        Optional<SnapshotChain> chain = table.chain(name);
        if (!seen.add(name) || chain.isEmpty()) {
          continue;
        }
        for (SnapshotRule r : chain.get().rules()) {
          Rule rule = r.rule();
          rule.matches().forEach(m -> out.add(m.accept(visitor)));
          rule.target().chain().ifPresent(todo::add);
        }
      }
    }
    return out;
  }

  /**
   * One input interface per class the rules' interface matches make: each exact name, one name per
   * prefix matching no longer prefix, and one name none of them matches. Loopback is left out: the
   * administrator does not come in on it.
   */
  static ImmutableList<String> interfaces(List<Found> marks) {
    Set<String> exact = new LinkedHashSet<>();
    Set<String> stems = new LinkedHashSet<>();
    for (Found found : marks) {
      for (String name : found.inInterfaces()) {
        if (name.endsWith("+")) {
          stems.add(name.substring(0, name.length() - 1));
        } else if (!name.equals("lo")) {
          exact.add(name);
        }
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
      Family family, Cidr within, List<Found> marks, Direction direction) {
    Range outer = Range.of(direction, within);
    TreeSet<BigInteger> starts = new TreeSet<>();
    starts.add(outer.first());
    for (Found found : marks) {
      for (Range r : found.ranges()) {
        if (r.family() != family || r.direction() != direction) {
          continue;
        }
        for (BigInteger b : List.of(r.first(), r.last().add(BigInteger.ONE))) {
          if (b.compareTo(outer.first()) > 0 && b.compareTo(outer.last()) <= 0) {
            starts.add(b);
          }
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
  static List<InetAddress> sources(Family family, Cidr within, List<Found> marks) {
    List<Found> split = new ArrayList<>(marks);
    split.add(
        Found.ranges(
            MARTIAN_SOURCES.stream()
                .map(c -> Range.of(Direction.SOURCE, c))
                .collect(ImmutableList.toImmutableList())));
    List<InetAddress> out = new ArrayList<>();
    for (InetAddress a : representatives(family, within, split, Direction.SOURCE)) {
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
