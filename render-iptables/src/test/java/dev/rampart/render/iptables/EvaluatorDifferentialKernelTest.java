package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Chain;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Link;
import dev.rampart.testing.Netns;
import dev.rampart.testing.Seeds;
import dev.rampart.testing.gen.Generators;
import dev.rampart.testing.gen.RulesetOptions;
import dev.rampart.testing.gen.RulesetOptions.DockerUser;
import dev.rampart.testing.gen.RulesetOptions.MatchKind;
import dev.rampart.testing.gen.RulesetOptions.TargetKind;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against the kernel: rulesets of {@link Generators} (filter INPUT, FORWARD and
 * OUTPUT with policies, user chains reached by jump and goto, a {@code DOCKER-USER} jumped first
 * from FORWARD, nat with DNATs; rules on the lab's own addresses, ports and interfaces, so that the
 * probes hit them), most of them under Docker's nat layout for published ports (PREROUTING jumps to
 * a {@code DOCKER} chain for local destinations, which DNATs ports to the container), rendered by
 * {@link IptablesRenderer} and loaded with {@code iptables-restore} into a router namespace. For
 * every TCP connect and UDP datagram from a client namespace to each probed port, whether it gets
 * through (answered by the router's listener or by the container's, behind a DNAT) equals what
 * {@link Evaluator} answers on the loaded text. The router does not listen on 1004 and the
 * container not on 2003, so an answer on those ports also tells where the packet went. A datagram
 * DNATed to the router's other address is delivered but its echo cannot come back (see {@link
 * #echoLost}): there the kernel must not answer.
 *
 * <p>Each ruleset first accepts packets of known connections in INPUT, FORWARD and OUTPUT, so that
 * replies come back; the probes' first packets are what the evaluator decides. Each ruleset starts
 * from an empty nat table (the previous one's DNATs must not stay) and in a conntrack zone of its
 * own (set in the raw table, outside the evaluated text), so that no connection of an earlier
 * ruleset, with its NAT decided then, answers for a probe.
 *
 * <p>Fixed seed ({@link Seeds}); {@code -Drampart.wide=true} runs many more cases. The case count
 * is printed; each mismatch prints the ruleset, the packet and the evaluator's trace.
 */
@KernelTest(tools = {"ip", "iptables", "iptables-restore"})
class EvaluatorDifferentialKernelTest {
  /** Ports packets go to. */
  private static final ImmutableList<Integer> PORTS = ImmutableList.of(1001, 1002, 1003, 1004);

  /** A DNAT rewrites port {@code 100x} to the container's {@code 200x}. */
  private static final int CONTAINER_OFFSET = 1000;

  /** Ports the router listens on: not 1004, so an answer there proves the DNAT to the container. */
  private static final ImmutableList<Integer> ROUTER_PORTS = ImmutableList.of(1001, 1002, 1003);

  /**
   * Ports the container listens on: not 2003, so an answer on 1003 proves delivery to the router.
   */
  private static final ImmutableList<Integer> CONTAINER_PORTS = ImmutableList.of(2001, 2002, 2004);

  private static final int RULESETS = Boolean.getBoolean("rampart.wide") ? 500 : 50;

  /** An empty nat table, restored before each ruleset. */
  private static final String EMPTY_NAT =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
          + ":POSTROUTING ACCEPT [0:0]\nCOMMIT\n";

  /** Accepts packets of known connections: the replies to the probes. */
  private static final Rule KNOWN =
      Rule.of(
          List.of(ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
          Verdict.ACCEPT);

  @Test
  void theEvaluatorAgreesWithTheKernelOnEveryGeneratedCase(KernelLab lab) {
    Netns client = lab.namespace("client");
    Netns router = lab.namespace("router");
    Netns container = lab.namespace("container");
    Link outside = lab.link(client, router);
    Link bridge = lab.link(router, container);
    router.sysctl("net.ipv4.ip_forward", "1");
    container.run(
        "ip",
        "route",
        "add",
        "default",
        "via",
        bridge.address(router, Family.IPV4).getHostAddress());
    router.listen(ROUTER_PORTS, ROUTER_PORTS);
    container.listen(CONTAINER_PORTS, CONTAINER_PORTS);

    Lab setup =
        new Lab(
            outside.address(client, Family.IPV4).getHostAddress(),
            outside.address(router, Family.IPV4),
            bridge.address(container, Family.IPV4).getHostAddress(),
            outside.interfaceName(router),
            bridge.interfaceName(router));
    Host host =
        Host.parse(
            setup.in()
                + "="
                + setup.router().getHostAddress()
                + "/24,"
                + setup.toContainer()
                + "="
                + bridge.address(router, Family.IPV4).getHostAddress()
                + "/24");

    RulesetOptions options = options(setup, bridge.address(router, Family.IPV4));
    IptablesRenderer renderer =
        IptablesRenderer.builder().family(Family.IPV4).mode(RenderMode.OWN).build();
    SplittableRandom random = new SplittableRandom(Seeds.seed());
    List<String> mismatches = new ArrayList<>();
    int cases = 0;
    int toContainer = 0;
    Map<String, Integer> outcomes = new TreeMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < RULESETS; i++) {
      Ruleset generated = Generators.ruleset(random, options);
      Ruleset ruleset =
          withPublishedPorts(withKnownConnectionsAccepted(generated), random.split(), setup);
      String text = renderer.render(ruleset);
      router.runWithInput(zone(i + 1), "iptables-restore");
      // a ruleset without nat must not run under the previous ruleset's DNATs
      router.runWithInput(EMPTY_NAT + text, "iptables-restore");
      Evaluator evaluator = Evaluator.of(IptablesParser.parse(text), host);
      for (String protocol : List.of("tcp", "udp")) {
        Map<Integer, Boolean> kernel =
            protocol.equals("tcp")
                ? client.tcpAnswers(setup.router(), PORTS)
                : client.udpAnswers(setup.router(), PORTS);
        for (int port : PORTS) {
          cases++;
          Packet packet =
              Packet.parse(
                  protocol
                      + " "
                      + setup.client()
                      + ":40000 > "
                      + setup.router().getHostAddress()
                      + ":"
                      + port
                      + " in "
                      + setup.in()
                      + " state new"
                      + (protocol.equals("tcp") ? " flags syn" : ""));
          Evaluation e = evaluator.evaluate(packet);
          boolean delivered = delivered(e, setup);
          boolean expected = delivered && !echoLost(e, setup, protocol);
          if (e.destination()
              .map(InetAddress::getHostAddress)
              .orElse("")
              .equals(setup.container())) {
            toContainer++;
          }
          outcomes.merge(
              !delivered
                  ? "not delivered"
                  : expected ? "delivered " + e.path().orElseThrow() : "delivered, echo lost",
              1,
              Integer::sum);
          if (expected != kernel.get(port)) {
            mismatches.add(
                "ruleset "
                    + i
                    + ": kernel "
                    + (kernel.get(port) ? "answered" : "did not answer")
                    + ", evaluator "
                    + (expected ? "answers" : "does not answer")
                    + "\nruleset:\n"
                    + text
                    + e);
          }
        }
      }
    }
    System.out.printf(
        "EvaluatorDifferentialKernelTest: %d cases over %d rulesets, seed %d, %s, %d DNATed to"
            + " the container, %d mismatches, %.1f s%n",
        cases,
        RULESETS,
        Seeds.seed(),
        outcomes,
        toContainer,
        mismatches.size(),
        (System.nanoTime() - start) / 1e9);
    mismatches.forEach(System.out::println);
    assertThat(mismatches).as("seed %d", Seeds.seed()).isEmpty();
    assertThat(outcomes)
        .as("every outcome is exercised")
        .containsKeys("delivered INPUT", "delivered FORWARD", "not delivered");
    assertThat(toContainer * 5)
        .as("a fifth of the cases DNATed to the container")
        .isGreaterThanOrEqualTo(cases);
  }

  /**
   * What the rulesets hold: IPv4 filter and nat, rules that name the lab's addresses (the client,
   * its network, the router, the container as a DNAT destination, a network of neither), the probed
   * ports and the container's, and the router's interfaces; {@code DOCKER-USER} jumped from
   * FORWARD; one prefix per address match (iptables names one per {@code -s} or {@code -d}). Left
   * out: sets and limits (not loaded here / the evaluator answers DEPENDS), IPsec policy and
   * link-layer type (the probes have none to vary), SNAT and MASQUERADE (the replies would not come
   * back to the client) and the raw table (it would see the replies first).
   */
  private static RulesetOptions options(Lab setup, InetAddress routerOnBridge) {
    String client = setup.client();
    return RulesetOptions.builder()
        .families(Family.IPV4)
        .tables(TableName.NAT)
        .protocols(List.of(Protocol.TCP, Protocol.UDP))
        .withoutMatches(MatchKind.SET, MatchKind.LIMIT, MatchKind.POLICY, MatchKind.PACKET_TYPE)
        .withoutTargets(TargetKind.SNAT, TargetKind.MASQUERADE)
        .dockerUser(DockerUser.JUMPED_FROM_FORWARD)
        .canonicalMatches(true)
        .addresses(
            List.of(
                Cidr.parse(client),
                Cidr.parse(client.substring(0, client.lastIndexOf('.')) + ".0/24"),
                Cidr.parse(setup.router().getHostAddress()),
                Cidr.parse(routerOnBridge.getHostAddress()),
                Cidr.parse(setup.container()),
                Cidr.parse("192.0.2.0/24")))
        .ports(
            ImmutableList.<Integer>builder()
                .addAll(PORTS)
                .addAll(PORTS.stream().map(p -> p + CONTAINER_OFFSET).toList())
                .build())
        .interfaces(
            List.of(setup.in(), setup.toContainer(), "lo", setup.in().substring(0, 3) + "+"))
        .build();
  }

  /** {@code rs} with {@link #KNOWN} first in filter INPUT, FORWARD and OUTPUT. */
  private static Ruleset withKnownConnectionsAccepted(Ruleset rs) {
    List<Table> tables = new ArrayList<>();
    for (Table t : rs.tables()) {
      List<Chain> chains = new ArrayList<>();
      for (Chain c : t.chains()) {
        if (t.name() == TableName.FILTER && c.isBuiltin()) {
          List<Rule> rules = new ArrayList<>(c.rules());
          rules.add(0, KNOWN);
          c = Chain.builder().from(c).rules(rules).build();
        }
        chains.add(c);
      }
      tables.add(Table.of(t.name(), chains));
    }
    return Ruleset.builder().from(rs).tables(tables).build();
  }

  /**
   * {@code rs} under Docker's nat layout for published ports, four times in five: nat PREROUTING
   * ends with a jump to {@code DOCKER} for local destinations, where each probed port is published
   * (with three chances in four) for TCP, UDP or both, as a DNAT to the container's {@code 200x}
   * for packets not from the container's bridge. The generated nat rules come first, as rules a
   * policy puts before Docker's.
   */
  private static Ruleset withPublishedPorts(Ruleset rs, SplittableRandom random, Lab setup) {
    if (random.nextInt(5) == 0) {
      return rs;
    }
    List<Rule> published = new ArrayList<>();
    for (int port : PORTS) {
      if (random.nextInt(4) == 0) {
        continue;
      }
      int which = random.nextInt(3);
      for (Protocol p : List.of(Protocol.TCP, Protocol.UDP)) {
        if (which == 2 || (which == 0) == p.equals(Protocol.TCP)) {
          published.add(
              Rule.of(
                  List.of(
                      InterfaceMatch.in(setup.toContainer()).negate(),
                      ProtocolMatch.of(p),
                      PortMatch.destination(List.of(PortRange.of(port)))),
                  Dnat.to(Cidr.parse(setup.container()), port + CONTAINER_OFFSET)));
        }
      }
    }
    Rule toDocker =
        Rule.of(
            List.of(AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL)), Jump.to("DOCKER"));
    Optional<Table> nat = rs.table(TableName.NAT);
    List<Chain> chains = new ArrayList<>();
    boolean prerouting = false;
    for (Chain c : nat.map(Table::chains).orElse(ImmutableList.of())) {
      if (c.name().equals("PREROUTING")) {
        c = Chain.builder().from(c).addRules(toDocker).build();
        prerouting = true;
      }
      chains.add(c);
    }
    if (!prerouting) {
      chains.add(Chain.of("PREROUTING", List.of(toDocker)));
    }
    chains.add(Chain.of("DOCKER", published));
    List<Table> tables = new ArrayList<>();
    rs.tables().stream().filter(t -> t.name() != TableName.NAT).forEach(tables::add);
    tables.add(Table.of(TableName.NAT, chains));
    return Ruleset.builder().from(rs).tables(tables).build();
  }

  /**
   * The raw table that puts every packet of the namespace in conntrack zone {@code zone}: outside
   * the ruleset under test, so that each ruleset starts with no connection known.
   */
  private static String zone(int zone) {
    return "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A PREROUTING -j CT --zone "
        + zone
        + "\n-A OUTPUT -j CT --zone "
        + zone
        + "\nCOMMIT\n";
  }

  /** Whether the evaluator says the packet reaches a listener: the router's, or the container's. */
  private static boolean delivered(Evaluation e, Lab setup) {
    if (!e.isAccepted() || e.path().isEmpty()) {
      return false;
    }
    int port = e.destinationPort().orElse(-1);
    return switch (e.path().get()) {
      case INPUT -> ROUTER_PORTS.contains(port);
      case FORWARD ->
          e.destination().map(InetAddress::getHostAddress).orElse("").equals(setup.container())
              && CONTAINER_PORTS.contains(port);
      default -> false;
    };
  }

  /**
   * Whether a datagram the evaluator delivers to the router goes unanswered all the same: DNATed to
   * the router's other address, it reaches the listener, but the echo server (a wildcard socket)
   * answers from the address routing picks towards the client, the probed one: that reply is not
   * the connection's reply (its source is not the DNAT's address) and clashes with its original
   * direction, so it never reaches the client's socket as an answer. TCP's accepted socket answers
   * from the address it was reached at, so a connection gets through. Such an echo is a new packet
   * for OUTPUT's rules; one they drop fails the echo server's send, which stops that port's server:
   * after such a ruleset the router's listener is started anew.
   */
  private static boolean echoLost(Evaluation e, Lab setup, String protocol) {
    return protocol.equals("udp")
        && e.path().equals(Optional.of(Evaluation.Path.INPUT))
        && !e.destination().equals(Optional.of(setup.router()));
  }

  /** The addresses and interface names of the lab, as the generator and the evaluator use them. */
  record Lab(String client, InetAddress router, String container, String in, String toContainer) {}
}
