package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.net.InetAddresses;
import dev.rampart.core.Renderer;
import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.render.iptables.IptablesParser;
import dev.rampart.testing.DockerDump;
import dev.rampart.testing.Fixtures;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A swarm node in network namespaces, for kernel tests of the scenarios.
 *
 * <pre>
 *  client 203.0.113.10 ─┐                      node: eth0 203.0.113.1, 192.0.2.1, 172.20.0.1,
 *                       ├─ bridge "wan" ─ eth0       2001:db8:1::1, 2001:db8:2::1
 *  peer 192.0.2.20,    ─┘  (in client)         ens11 10.10.10.1, fd00:10::1 ─ peer 10.10.10.2
 *       172.20.0.20, 2001:db8:2::20            docker_gwbridge 172.18.0.1/16 ─ sandbox 172.18.0.2
 *                                              docker0 172.17.0.1/16 (no members); forwarding on
 * </pre>
 *
 * The peer reaches the node over the internet segment (as a node with a public address would) and
 * over the private network {@code ens11}; which one it uses follows from the node address it
 * targets. The sandbox stands in for Docker's ingress sandbox: Docker's rules (the fixture {@code
 * swarm-portmap-28-S.txt}, its published port 8080 replaced by the ports asked for) DNAT published
 * ports to it.
 */
final class SwarmLab {
  static final InetAddress NODE_WAN = ip("203.0.113.1");
  static final InetAddress NODE_WAN6 = ip("2001:db8:1::1");
  static final InetAddress NODE_PUBLIC = ip("192.0.2.1");
  static final InetAddress NODE_PUBLIC6 = ip("2001:db8:2::1");
  static final InetAddress NODE_INTERNAL_NET = ip("172.20.0.1");
  static final InetAddress NODE_LAN = ip("10.10.10.1");
  static final InetAddress NODE_LAN6 = ip("fd00:10::1");
  static final InetAddress SANDBOX = ip("172.18.0.2");

  /** The ports the node's own processes serve (echo servers). */
  static final ImmutableList<Integer> NODE_TCP =
      ImmutableList.of(22, 53, 80, 443, 2377, 3306, 7946, 8080);

  static final ImmutableList<Integer> NODE_UDP = ImmutableList.of(53, 4789, 7946);

  /** The ports Docker publishes through the routing mesh (served in the sandbox). */
  static final ImmutableList<Integer> PUBLISHED_TCP = ImmutableList.of(443, 8080);

  static final ImmutableList<Integer> PUBLISHED_UDP = ImmutableList.of(5353);

  /** Every TCP port a test probes. */
  static final ImmutableList<Integer> PROBED_TCP = NODE_TCP;

  /** Every UDP port a test probes. */
  static final ImmutableList<Integer> PROBED_UDP = ImmutableList.of(53, 4789, 5353, 7946);

  /** The node as the evaluator routes: its interfaces with their addresses, as {@link #wire()}. */
  static final Host NODE =
      Host.parse(
          "eth0=203.0.113.1/24,eth0=192.0.2.1/24,eth0=172.20.0.1/24,eth0=2001:db8:1::1/64,"
              + "eth0=2001:db8:2::1/64,ens11=10.10.10.1/24,ens11=fd00:10::1/64,"
              + "docker_gwbridge=172.18.0.1/16,docker0=172.17.0.1/16");

  final Netns client;
  final Netns peer;
  final Netns node;
  final Netns sandbox;

  /** The evaluator of the policy applied over Docker's rules, once {@link #policy} names it. */
  private Optional<Evaluator> evaluator = Optional.empty();

  private SwarmLab(Netns client, Netns peer, Netns node, Netns sandbox) {
    this.client = client;
    this.peer = peer;
    this.node = node;
    this.sandbox = sandbox;
  }

  /**
   * Builds the namespaces, links and bridges, loads Docker's rules with {@code dockerBinary}
   * ({@code iptables} or {@code iptables-legacy}) and starts the servers.
   */
  static SwarmLab open(KernelLab lab, String dockerBinary) {
    SwarmLab s =
        new SwarmLab(
            lab.namespace("client"),
            lab.namespace("peer"),
            lab.namespace("node"),
            lab.namespace("sandbox"));
    s.wire();
    DockerDump.load(s.node, dockerBinary, dockerRules(PUBLISHED_TCP, PUBLISHED_UDP));
    s.node.listen(NODE_TCP, NODE_UDP);
    s.sandbox.listen(PUBLISHED_TCP, PUBLISHED_UDP);
    return s;
  }

  private void wire() {
    client.run("ip", "link", "add", "wan", "type", "bridge");
    client.run("ip", "link", "set", "wan", "up");
    node.run(
        "ip", "link", "add", "eth0", "type", "veth", "peer", "name", "wn0", "netns", client.name());
    client.run(
        "ip", "link", "add", "wp0", "type", "veth", "peer", "name", "wan0", "netns", peer.name());
    for (String port : List.of("wn0", "wp0")) {
      client.run("ip", "link", "set", port, "master", "wan", "up");
    }
    address(client, "wan", "203.0.113.10/24", "2001:db8:1::10/64");
    address(node, "eth0", "203.0.113.1/24", "192.0.2.1/24", "172.20.0.1/24");
    address(node, "eth0", "2001:db8:1::1/64", "2001:db8:2::1/64");
    address(peer, "wan0", "192.0.2.20/24", "172.20.0.20/24", "2001:db8:2::20/64");

    node.run(
        "ip", "link", "add", "ens11", "type", "veth", "peer", "name", "lan0", "netns", peer.name());
    address(node, "ens11", "10.10.10.1/24", "fd00:10::1/64");
    address(peer, "lan0", "10.10.10.2/24", "fd00:10::2/64");

    node.run("ip", "link", "add", "docker_gwbridge", "type", "bridge");
    node.run("ip", "link", "add", "docker0", "type", "bridge");
    address(node, "docker_gwbridge", "172.18.0.1/16");
    address(node, "docker0", "172.17.0.1/16");
    node.run(
        "ip",
        "link",
        "add",
        "gwveth",
        "type",
        "veth",
        "peer",
        "name",
        "eth0",
        "netns",
        sandbox.name());
    node.run("ip", "link", "set", "gwveth", "master", "docker_gwbridge", "up");
    address(sandbox, "eth0", "172.18.0.2/16");
    sandbox.run("ip", "route", "add", "default", "via", "172.18.0.1");
    node.sysctl("net.ipv4.ip_forward", "1");
    node.sysctl("net.ipv6.conf.all.forwarding", "1");

    awaitIpv6(client, "wan");
    awaitIpv6(node, "eth0");
    awaitIpv6(node, "ens11");
    awaitIpv6(peer, "wan0");
    awaitIpv6(peer, "lan0");
  }

  /**
   * Renames {@code ns}'s interface {@code dev} to {@code eth0}, keeping its addresses: the swarm
   * scenarios filter what arrives on {@code eth0}.
   */
  static void renameToEth0(Netns ns, String dev) {
    ns.sysctl("net.ipv6.conf." + dev + ".keep_addr_on_down", "1");
    ns.run("ip", "link", "set", dev, "down");
    ns.run("ip", "link", "set", dev, "name", "eth0");
    ns.run("ip", "link", "set", "eth0", "up");
    awaitIpv6(ns, "eth0");
  }

  private static void address(Netns ns, String dev, String... cidrs) {
    for (String c : cidrs) {
      if (c.contains(":")) {
        ns.run("ip", "addr", "add", c, "dev", dev, "nodad");
      } else {
        ns.run("ip", "addr", "add", c, "dev", dev);
      }
    }
    ns.run("ip", "link", "set", dev, "up");
  }

  /** Waits for the multicast route neighbour discovery needs (installed once the carrier is up). */
  static void awaitIpv6(Netns ns, String dev) {
    for (int i = 0; i < 250; i++) {
      if (ns.run("ip", "-6", "route", "show", "table", "local")
          .contains("ff00::/8 dev " + dev + " ")) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("ipv6 not ready on " + dev + " in " + ns);
  }

  /**
   * What Docker 28 writes for a one-node swarm publishing {@code tcp} and {@code udp} through the
   * routing mesh: the fixture {@code swarm-portmap-28-S.txt} with each of its port-8080 lines
   * repeated per port (and protocol). The fixture's sandbox (172.18.0.2) and subnets are the lab's.
   */
  static String dockerRules(List<Integer> tcp, List<Integer> udp) {
    StringBuilder out = new StringBuilder();
    for (String line : Fixtures.read("docker/swarm-portmap-28-S.txt").split("\n", -1)) {
      if (!line.contains("8080")) {
        out.append(line).append('\n');
        continue;
      }
      for (int p : tcp) {
        out.append(line.replace("8080", Integer.toString(p))).append('\n');
      }
      for (int p : udp) {
        out.append(
                line.replace("8080", Integer.toString(p)).replace("-p tcp -m tcp", "-p udp -m udp"))
            .append('\n');
      }
    }
    return out.toString();
  }

  /**
   * A backend of the lab: how its coexist bundle is made, and the iptables flavour Docker must use
   * on a host where that backend's tools run (ferm drives iptables-legacy when it is installed).
   */
  record Backend(String name, String dockerBinary, Renderer renderer) {}

  /** Every backend the command line bundles, with the iptables flavour Docker uses beside it. */
  static ImmutableMap<String, Backend> backends() {
    Map<String, Backend> out = new LinkedHashMap<>();
    Backends.bundles()
        .forEach(
            (name, bundle) ->
                out.put(
                    name,
                    new Backend(
                        name, name.equals("ferm") ? "iptables-legacy" : "iptables", bundle)));
    return ImmutableMap.copyOf(out);
  }

  /** The names of {@link #backends()}, for {@code @MethodSource}. */
  static Set<String> backendNames() {
    return backends().keySet();
  }

  /**
   * Writes {@code backend}'s coexist bundle of {@code rs} under {@code dir}; returns its script.
   */
  static Path write(Backend backend, Ruleset rs, Path dir) {
    try {
      for (Map.Entry<String, String> f : backend.renderer().bundle(rs).files().entrySet()) {
        Path file = dir.resolve(f.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.resolve("apply.sh");
  }

  /**
   * Docker's rules exactly as {@link #open} loads them, parsed: what the evaluator puts a policy
   * over.
   */
  static Snapshot dockerSnapshot() {
    return IptablesParser.parse(dockerRules(PUBLISHED_TCP, PUBLISHED_UDP));
  }

  /**
   * Names the policy applied on the node: from now on every {@link #probe} also asks the evaluator
   * ({@code Evaluator.of(AfterApply.of(dockerSnapshot(), policy), NODE)}, as {@code trace --docker}
   * does) and {@link Answers#answerExactly} checks it gives the kernel's answers.
   */
  void policy(Ruleset policy) {
    evaluator = Optional.of(Evaluator.of(AfterApply.of(dockerSnapshot(), policy), NODE));
  }

  /** Runs an apply script in the node. */
  void apply(Path script) {
    node.run("sh", script.toString());
  }

  /** Everything the policy could change: both families' tables and the sets. */
  String state() {
    List<String> parts = new ArrayList<>();
    for (String save :
        List.of(
            "iptables-save", "ip6tables-save", "iptables-legacy-save", "ip6tables-legacy-save")) {
      parts.add(
          node.run(save)
              .lines()
              .filter(l -> !l.startsWith("#"))
              .map(l -> l.replaceAll(" \\[\\d+:\\d+\\]$", ""))
              .reduce("", (a, b) -> a + b + "\n"));
    }
    // a set swapped in is a new set: a new random initval, and its elements listed in a new order
    parts.add(
        node.run("ipset", "save")
            .replaceAll(" initval 0x[0-9a-f]+", "")
            .lines()
            .sorted()
            .reduce("", (a, b) -> a + b + "\n"));
    parts.add(node.run("nft", "-s", "list", "ruleset"));
    return String.join("\n", parts);
  }

  /** Docker's nat table (both flavours), to check the policy leaves it alone. */
  String dockerNat() {
    return node.run("iptables", "-t", "nat", "-S") + node.run("iptables-legacy", "-t", "nat", "-S");
  }

  /**
   * Which of {@link #PROBED_TCP} and {@link #PROBED_UDP} answer from {@code from} at {@code dst};
   * with a {@link #policy}, also what the evaluator says of the first packet of each probe.
   */
  Answers probe(Netns from, InetAddress dst) {
    Map<String, Boolean> all = new TreeMap<>();
    from.tcpAnswers(dst, PROBED_TCP).forEach((p, ok) -> all.put(p + "/tcp", ok));
    from.udpAnswers(dst, PROBED_UDP).forEach((p, ok) -> all.put(p + "/udp", ok));
    Map<String, Evaluation> evaluated = new TreeMap<>();
    evaluator.ifPresent(
        e -> {
          for (String probe : all.keySet()) {
            evaluated.put(probe, e.evaluate(packet(from, dst, probe)));
          }
        });
    return new Answers(all, evaluated);
  }

  /**
   * The first packet of probe {@code probe} ({@code 443/tcp}) from {@code from} to {@code dst}: its
   * source address and in interface are those the lab's routes give it.
   */
  private Packet packet(Netns from, InetAddress dst, String probe) {
    String source;
    String in;
    String to = InetAddresses.toAddrString(dst);
    if (from == client) {
      source = dst instanceof Inet6Address ? "2001:db8:1::10" : "203.0.113.10";
      in = "eth0";
    } else if (from == peer) {
      source =
          switch (to) {
            case "192.0.2.1" -> "192.0.2.20";
            case "172.20.0.1" -> "172.20.0.20";
            case "2001:db8:2::1" -> "2001:db8:2::20";
            case "10.10.10.1" -> "10.10.10.2";
            case "fd00:10::1" -> "fd00:10::2";
            default -> throw new IllegalArgumentException("swarm lab: peer has no route to: " + to);
          };
      in = source.startsWith("10.") || source.startsWith("fd00:") ? "ens11" : "eth0";
    } else {
      throw new IllegalArgumentException("swarm lab: not a prober: " + from);
    }
    int port = Integer.parseInt(probe.substring(0, probe.indexOf('/')));
    Packet p = probe.endsWith("/tcp") ? Packet.tcp() : Packet.udp();
    return p.from(source, 40000).to(to, port).in(in).state(ConnState.NEW);
  }

  /**
   * Whether the evaluator says the packet reaches a server: a node process on {@link #NODE_TCP} or
   * {@link #NODE_UDP}, or the sandbox's on a published port behind Docker's DNAT.
   */
  static boolean delivered(Evaluation e) {
    if (!e.isAccepted() || e.path().isEmpty()) {
      return false;
    }
    int port = e.destinationPort().orElse(-1);
    boolean tcp = e.packet().protocol().equals(Protocol.TCP);
    return switch (e.path().get()) {
      case INPUT -> (tcp ? NODE_TCP : NODE_UDP).contains(port);
      case FORWARD ->
          e.destination().equals(Optional.of(SANDBOX))
              && (tcp ? PUBLISHED_TCP : PUBLISHED_UDP).contains(port);
      case OUTPUT -> false;
    };
  }

  /**
   * The probe results, and the evaluator's verdicts on the same packets, checked against the exact
   * set of ports that must answer.
   */
  record Answers(Map<String, Boolean> results, Map<String, Evaluation> evaluated) {
    /**
     * Asserts that exactly {@code open} answer, every other probed port does not, and that the
     * evaluator, if asked, delivers exactly the packets of the probes that answered.
     */
    void answerExactly(String what, Collection<String> open) {
      Map<String, Boolean> expected = new TreeMap<>();
      results.keySet().forEach(k -> expected.put(k, open.contains(k)));
      assertThat(open)
          .as("%s: ports expected open but not probed", what)
          .isSubsetOf(results.keySet());
      assertThat(results).as(what).isEqualTo(expected);
      List<String> disagreements = new ArrayList<>();
      evaluated.forEach(
          (probe, e) -> {
            if (e.decision() == Evaluation.Decision.DEPENDS) {
              disagreements.add(
                  probe + ": the evaluator cannot decide (depends on " + e.dependsOn() + ")\n" + e);
            } else if (delivered(e) != results.get(probe)) {
              disagreements.add(
                  probe
                      + ": kernel "
                      + (results.get(probe) ? "answered" : "did not answer")
                      + ", evaluator "
                      + (delivered(e) ? "delivers" : "does not deliver")
                      + "\n"
                      + e);
            }
          });
      assertThat(disagreements).as("%s: the evaluator against the kernel", what).isEmpty();
      if (!evaluated.isEmpty()) {
        System.out.printf(
            "swarm lab: %s: the evaluator agrees on %d probes%n", what, evaluated.size());
      }
    }
  }

  private static InetAddress ip(String text) {
    return InetAddresses.forString(text);
  }
}
