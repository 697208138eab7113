package dev.rampart.core.eval;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.RangeMap;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeMap;
import com.google.common.collect.TreeRangeSet;
import com.google.common.net.InetAddresses;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluation.Path;
import dev.rampart.core.eval.Landmarks.Range;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.TcpFlag;
import dev.rampart.core.snapshot.Snapshot;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks that swarm's own ports are reachable from the trusted nodes and from nothing else: for
 * each {@linkplain SwarmAccess swarm port}, a new connection from every trusted node, arriving on
 * every trusted interface, is delivered to the host (filter INPUT), and one from any other source
 * (the {@linkplain SwarmAccess#alsoTrusted() also trusted} networks left out) arriving on an
 * outside interface is not (in a family the trusted nodes have no address of, no source may reach
 * them). The swarm presets run it when they build, the {@code analysis} module's invariants over
 * any ruleset or snapshot.
 *
 * <p>The check is exact over what the rules test, the way {@link LockoutCheck} is: one packet per
 * class of packets the rules treat alike (source addresses split by every prefix, range and known
 * set element the rules on the way to INPUT test and by the trusted and also-trusted networks;
 * destinations likewise; martian sources, which never arrive from outside, left out; one interface
 * name per class of interface the rules name), each evaluated over the whole path. A verdict that
 * depends on what the model cannot know counts against the ruleset both ways: a possible drop
 * closes a port to the trusted nodes, a possible accept opens it to others; the message then says
 * {@code DEPENDS}.
 *
 * <pre>{@code
 * SwarmPortCheck.check(ruleset, swarmAccess, List.of(Family.IPV4, Family.IPV6));
 * // ipv4 table filter, chain INPUT: swarm port reachable from outside the trusted nodes: 2377/tcp
 * // from 203.0.113.10 on interface eth0: ... ACCEPTED by ipv4 table filter, chain INPUT, rule 1
 * }</pre>
 */
public final class SwarmPortCheck {
  /** What is wrong with a swarm port. */
  public enum Problem {
    /** The port is not reachable from (some of) the trusted nodes. */
    CLOSED,
    /** The port is reachable from a source outside the trusted nodes. */
    UNTRUSTED
  }

  /**
   * One swarm port that breaks the rule: the problem, and the error naming the place, the port, the
   * source class, the interface and the evaluation of the packet tried.
   */
  public record Violation(Problem problem, InvalidModelException error) {}

  /** One swarm port: protocol, port (0 for ESP), and whether trusted nodes send it over IPsec. */
  private record Port(Protocol protocol, int port, boolean ipsec) {
    Packet packet() {
      Packet p =
          protocol.equals(Protocol.TCP)
              ? Packet.tcp().tcpFlags(List.of(TcpFlag.SYN))
              : protocol.equals(Protocol.UDP) ? Packet.udp() : Packet.of(protocol);
      return p;
    }

    String label() {
      return protocol.equals(Protocol.ESP) ? "esp" : port + "/" + protocol;
    }
  }

  private record Source(InetAddress address, Cidr within) {}

  private SwarmPortCheck() {}

  /**
   * Throws the first violation of {@code access} by {@code ruleset} in one of {@code families}.
   *
   * @throws InvalidModelException at {@code <family> table filter, chain INPUT}, naming the port,
   *     the source, the interface, the packet tried and the rule or policy that decides it
   */
  public static void check(Ruleset ruleset, SwarmAccess access, Iterable<Family> families) {
    ImmutableList<Violation> found = violations(ruleset, access, families, true);
    if (!found.isEmpty()) {
      throw found.get(0).error();
    }
  }

  /** Every swarm port of {@code access} that {@code ruleset} (loaded alone) breaks, in order. */
  public static ImmutableList<Violation> violations(
      Ruleset ruleset, SwarmAccess access, Iterable<Family> families) {
    return violations(ruleset, access, families, false);
  }

  /**
   * Every swarm port of {@code access} that a host holding {@code snapshot} (a parsed dump, or
   * {@link dev.rampart.core.snapshot.AfterApply#of} of one and a policy) breaks, in order.
   */
  public static ImmutableList<Violation> violations(
      Snapshot snapshot, SwarmAccess access, Iterable<Family> families) {
    return violations(snapshot, access, families, h -> Evaluator.of(snapshot, h), false);
  }

  private static ImmutableList<Violation> violations(
      Ruleset ruleset, SwarmAccess access, Iterable<Family> families, boolean first) {
    return violations(Snapshot.of(ruleset), access, families, h -> Evaluator.of(ruleset, h), first);
  }

  private static ImmutableList<Violation> violations(
      Snapshot snapshot,
      SwarmAccess access,
      Iterable<Family> families,
      Function<Host, Evaluator> evaluators,
      boolean first) {
    List<Cidr> split = new ArrayList<>(access.trusted());
    split.addAll(access.alsoTrusted());
    LockoutCheck.Marks marks = LockoutCheck.marks(snapshot).withSources(split);
    ImmutableList<String> every = LockoutCheck.interfaces(marks);
    ImmutableList<String> trustedIn =
        access.trustedInterfaces().isEmpty() ? every : access.trustedInterfaces();
    ImmutableList<String> outsideIn =
        access.outsideInterfaces().isEmpty() ? every : access.outsideInterfaces();
    Set<String> all = new LinkedHashSet<>(trustedIn);
    all.addAll(outsideIn);
    List<Port> ports = ports(access);
    ImmutableList.Builder<Violation> out = ImmutableList.builder();
    for (Family family : families) {
      RangeMap<BigInteger, Cidr> members = TreeRangeMap.create();
      RangeSet<BigInteger> exempt = TreeRangeSet.create();
      for (Cidr c : access.trusted()) {
        if (c.family() == family) {
          members.put(range(c), c);
        }
      }
      for (Cidr c : access.alsoTrusted()) {
        if (c.family() == family) {
          exempt.add(range(c));
        }
      }
      // the trusted and also-trusted networks are landmarks: each class lies inside or outside
      List<Source> trusted = new ArrayList<>();
      List<Source> others = new ArrayList<>();
      Cidr anywhere = LockoutCheck.anywhere(family);
      for (InetAddress a : LockoutCheck.sources(family, anywhere, marks)) {
        BigInteger v = InetAddresses.toBigInteger(a);
        Cidr member = members.get(v);
        if (member != null) {
          trusted.add(new Source(a, member));
        } else if (!exempt.contains(v)) {
          others.add(new Source(a, anywhere));
        }
      }
      List<InetAddress> destinations =
          LockoutCheck.representatives(family, anywhere, marks, Direction.DESTINATION);
      Family f = family;
      Checker checker = new Checker(f, destinations, evaluators, access.trustedName());
      for (String iface : all) {
        Evaluator evaluator = checker.evaluator(iface);
        CompiledEvaluator compiled = evaluator.compile();
        for (Port port : ports) {
          if (trustedIn.contains(iface)) {
            checker.first(port, trusted, iface, evaluator, compiled, true).ifPresent(out::add);
          }
          if (outsideIn.contains(iface)) {
            checker.first(port, others, iface, evaluator, compiled, false).ifPresent(out::add);
          }
          if (first && !out.build().isEmpty()) {
            return out.build();
          }
        }
      }
    }
    return out.build();
  }

  private static com.google.common.collect.Range<BigInteger> range(Cidr c) {
    Range r = Range.of(Direction.SOURCE, c);
    return com.google.common.collect.Range.closed(r.first(), r.last());
  }

  private static List<Port> ports(SwarmAccess access) {
    List<Port> ports = new ArrayList<>();
    access.tcpPorts().forEach(p -> ports.add(new Port(Protocol.TCP, p, false)));
    access
        .udpPorts()
        .forEach(p -> ports.add(new Port(Protocol.UDP, p, access.ipsecUdpPorts().contains(p))));
    if (access.esp()) {
      ports.add(new Port(Protocol.ESP, 0, false));
    }
    return ports;
  }

  /** Evaluates the packets of one family. */
  private record Checker(
      Family family,
      List<InetAddress> destinations,
      Function<Host, Evaluator> evaluators,
      String trustedName) {
    /**
     * An evaluator on a host holding every destination, its default route through {@code iface}:
     * swarm peers are not spoofed, their source routes back through the interface they came in on.
     */
    Evaluator evaluator(String iface) {
      Host.Builder host = Host.builder();
      int length = Cidr.maxLength(family);
      destinations.forEach(a -> host.iface(iface, InetAddresses.toAddrString(a) + "/" + length));
      return evaluators.apply(host.defaultRoute(iface).build());
    }

    /** The first packet of {@code port} from {@code sources} that breaks the rule, if any. */
    Optional<Violation> first(
        Port port,
        List<Source> sources,
        String iface,
        Evaluator evaluator,
        CompiledEvaluator compiled,
        boolean trusted) {
      for (Source source : sources) {
        for (InetAddress destination : destinations) {
          Packet packet = port.packet().in(iface);
          packet =
              port.port() > 0
                  ? packet
                      .from(source.address(), Packet.EPHEMERAL_PORT)
                      .to(destination, port.port())
                  : packet.between(source.address(), destination);
          if (trusted && port.ipsec()) {
            packet = packet.ipsecIn();
          }
          Outcome o = compiled.outcome(packet);
          boolean delivered =
              o.decision() == Decision.ACCEPTED && o.path().filter(Path.INPUT::equals).isPresent();
          boolean maybe = o.decision() == Decision.DEPENDS;
          if (trusted ? !delivered : delivered || maybe) {
            return Optional.of(violation(port, source, iface, trusted, evaluator.evaluate(packet)));
          }
        }
      }
      return Optional.empty();
    }

    private Violation violation(
        Port port, Source source, String iface, boolean trusted, Evaluation e) {
      String problem =
          trusted
              ? "swarm port not reachable from the trusted nodes"
              : "swarm port reachable from outside the trusted nodes";
      String from =
          trusted
              ? "from " + trustedName + " member " + source.within()
              : "from " + InetAddresses.toAddrString(source.address());
      return new Violation(
          trusted ? Problem.CLOSED : Problem.UNTRUSTED,
          InvalidModelException.of(
              ChainRef.of(family, TableName.FILTER, "INPUT"),
              problem,
              port.label()
                  + " "
                  + from
                  + " on interface "
                  + iface
                  + ": "
                  + e.packet()
                  + ": "
                  + e.headline()));
    }
  }
}
