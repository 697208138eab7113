package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Link;
import dev.rampart.testing.Netns;
import dev.rampart.testing.Seeds;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against the kernel: generated rulesets (INPUT, FORWARD, a DOCKER-USER-like chain, a
 * host chain jumped from INPUT, DNAT from nat PREROUTING to a container namespace) are loaded with
 * {@code iptables-restore} into a router namespace, and for every TCP connect and UDP datagram from
 * a client namespace to each probed port, whether it gets through (answered by the router's
 * listener or by the container's, behind the DNAT) equals what {@link Evaluator} answers on the
 * same dump. The router does not listen on 1004 and the container not on 2003, so an answer on
 * those ports also tells where the packet went.
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

  private static final int RULESETS = Boolean.getBoolean("rampart.wide") ? 400 : 25;

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

    Random random = new Random(Seeds.seed());
    List<String> mismatches = new ArrayList<>();
    int cases = 0;
    Map<String, Integer> outcomes = new TreeMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < RULESETS; i++) {
      String text = RulesetText.generate(random, setup, PORTS, CONTAINER_OFFSET);
      router.runWithInput(text, "iptables-restore");
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
                      + " state new");
          Evaluation e = evaluator.evaluate(packet);
          boolean expected = delivered(e, setup);
          outcomes.merge(
              expected ? "delivered " + e.path().orElseThrow() : "not delivered", 1, Integer::sum);
          if (expected != kernel.get(port)) {
            mismatches.add(
                "kernel "
                    + (kernel.get(port) ? "delivered" : "did not deliver")
                    + ", evaluator "
                    + (expected ? "delivers" : "does not deliver")
                    + "\nruleset:\n"
                    + text
                    + e);
          }
        }
      }
    }
    System.out.printf(
        "EvaluatorDifferentialKernelTest: %d cases over %d rulesets, seed %d, %s, %d mismatches,"
            + " %.1f s%n",
        cases,
        RULESETS,
        Seeds.seed(),
        outcomes,
        mismatches.size(),
        (System.nanoTime() - start) / 1e9);
    mismatches.forEach(System.out::println);
    assertThat(mismatches).as("seed %d", Seeds.seed()).isEmpty();
    assertThat(outcomes)
        .as("every outcome is exercised")
        .containsKeys("delivered INPUT", "delivered FORWARD", "not delivered");
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

  /** The addresses and interface names of the lab, as the generator and the evaluator use them. */
  record Lab(String client, InetAddress router, String container, String in, String toContainer) {}
}
