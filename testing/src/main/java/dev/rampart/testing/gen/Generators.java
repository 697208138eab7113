package dev.rampart.testing.gen;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.ConnState;
import java.util.random.RandomGenerator;

/**
 * Realistic rulesets, rules, packets, addresses and ports drawn from a seeded {@link
 * RandomGenerator}: the same seed gives the same values, whatever test engine draws them; {@link
 * QtGenerators} makes QuickTheories generators of them that shrink.
 *
 * <pre>{@code
 * Ruleset rs = Generators.ruleset(new SplittableRandom(seed), RulesetOptions.defaults());
 * }</pre>
 */
public final class Generators {
  /** Ports services listen on; drawn often, so generated cases hit real rules. */
  static final ImmutableSet<Integer> WELL_KNOWN =
      ImmutableSet.of(22, 53, 80, 123, 443, 2376, 2377, 4789, 7946, 8080, 9090);

  private Generators() {}

  /**
   * A ruleset valid by construction, of the shapes policies have: INPUT, FORWARD and OUTPUT with
   * policies and user chains reached by jump and goto (never in a loop), source and destination
   * prefixes and lists, port lists and ranges, conntrack state and original destination, named sets
   * of both kinds, interfaces, ICMP types, marks, limits, IPsec policy, LOG and REJECT, a {@code
   * DOCKER-USER} as {@code options} lay it out, and nat (DNAT, SNAT, MASQUERADE) and raw tables;
   * only the families, kinds and tables {@code options} allow. A random policy may drop SSH, so the
   * ruleset allows a lockout ({@link Ruleset#lockoutAllowed()}): renderers do not refuse it.
   */
  public static Ruleset ruleset(RandomGenerator random, RulesetOptions options) {
    return RulesetGenerator.draw(new Draw(random), options);
  }

  /** A ruleset drawn with {@link RulesetOptions#defaults()}. */
  public static Ruleset ruleset(RandomGenerator random) {
    return ruleset(random, RulesetOptions.defaults());
  }

  /**
   * A filter rule for a chain reached from built-in chain {@code hook} ({@code INPUT}, {@code
   * FORWARD} or {@code OUTPUT}): never a jump, only matches that fit the hook.
   *
   * @throws IllegalArgumentException if {@code hook} is not a filter built-in chain
   */
  public static Rule rule(RandomGenerator random, RulesetOptions options, String hook) {
    checkArgument(
        TableName.FILTER.hasBuiltin(hook), "generators: not a filter built-in chain: %s", hook);
    return RulesetGenerator.rule(new Draw(random), options, hook);
  }

  /**
   * The host generated rulesets are written for: {@code eth0}, {@code eth1}, {@code ens11}, {@code
   * docker0} and {@code docker_gwbridge} with IPv4 and IPv6 addresses of the ranges generated rules
   * and DNATs name, default route out of {@code eth0}. Evaluate generated rulesets and {@link
   * #packet packets} on it, so that DNATs to a container are routed to a bridge.
   */
  public static Host host() {
    return Packets.HOST;
  }

  /**
   * A packet of {@code family} among the addresses, ports and interfaces generated rules name: TCP
   * most often, UDP, ICMP or ICMPv6, SCTP and ESP; arriving on an interface or (one in ten)
   * generated locally; new or of a known connection (sometimes with its original destination, as
   * after a DNAT); sometimes with TCP flags, a mark, IPsec or a link-layer type. About four in ten
   * are addressed to one of {@link #host()}'s addresses.
   */
  public static Packet packet(RandomGenerator random, Family family) {
    return Packets.draw(new Draw(random), family);
  }

  /** A packet of either family; see {@link #packet(RandomGenerator, Family)}. */
  public static Packet packet(RandomGenerator random) {
    return packet(random, random.nextBoolean() ? Family.IPV4 : Family.IPV6);
  }

  /**
   * A prefix of {@code family}: often one a Docker host's policy names (documentation ranges,
   * private networks, Docker's bridges), else a random host or network.
   */
  public static Cidr prefix(RandomGenerator random, Family family) {
    return Addresses.cidr(new Draw(random), family, false);
  }

  /** A port in 1..65535: a well-known port half of the time, an ephemeral or other one else. */
  public static int port(RandomGenerator random) {
    if (random.nextBoolean()) {
      ImmutableSet<Integer> known = WELL_KNOWN;
      return known.asList().get(random.nextInt(known.size()));
    }
    return random.nextInt(1, 65_536);
  }

  /**
   * A port in 1..65535 that is not in {@code excluded}.
   *
   * @throws IllegalArgumentException when {@code excluded} holds every port
   */
  public static int portOutside(RandomGenerator random, Iterable<Integer> excluded) {
    ImmutableSet<Integer> out = ImmutableSet.copyOf(excluded);
    checkArgument(out.size() < 65_535, "generators: every port is excluded: %s", out.size());
    while (true) {
      int p = port(random);
      if (!out.contains(p)) {
        return p;
      }
    }
  }

  /**
   * A public IPv4 address as a client on the internet has one: never private, loopback, link-local,
   * multicast or reserved (a documentation range is drawn now and then).
   */
  public static String internetIpv4(RandomGenerator random) {
    if (random.nextInt(4) == 0) {
      String[] documentation = {"192.0.2.", "198.51.100.", "203.0.113."};
      return documentation[random.nextInt(3)] + random.nextInt(1, 255);
    }
    while (true) {
      int a = random.nextInt(1, 224);
      int b = random.nextInt(256);
      if (a == 10
          || a == 127
          || (a == 100 && b >= 64 && b < 128)
          || (a == 169 && b == 254)
          || (a == 172 && b >= 16 && b < 32)
          || (a == 192 && b == 168)
          || (a == 198 && (b == 18 || b == 19))) {
        continue;
      }
      return a + "." + b + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }
  }

  /**
   * The first packet of a new TCP connection from a client on the internet to {@code port} of
   * {@code address}, arriving on {@code in}.
   */
  public static Packet newTcpFromInternet(
      RandomGenerator random, String in, String address, int port) {
    return Packet.tcp()
        .from(internetIpv4(random), random.nextInt(32_768, 61_000))
        .to(address, port)
        .in(in)
        .state(ConnState.NEW);
  }

  /**
   * A TCP or UDP packet from the internet to {@code address} on {@code in}, any port, new or part
   * of an established connection.
   */
  public static Packet fromInternet(RandomGenerator random, String in, String address) {
    Packet p = random.nextBoolean() ? Packet.tcp() : Packet.udp();
    ConnState[] states = {ConnState.NEW, ConnState.NEW, ConnState.ESTABLISHED, ConnState.RELATED};
    return p.from(internetIpv4(random), random.nextInt(32_768, 61_000))
        .to(address, port(random))
        .in(in)
        .state(states[random.nextInt(states.length)]);
  }
}
