package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.Range;
import com.google.common.net.InetAddresses;
import dev.rampart.analysis.Exposure;
import dev.rampart.analysis.Reachable;
import dev.rampart.analysis.SourceClass;
import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import dev.rampart.testing.Seeds;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exposure map against real probes: for every sample scenario applied (iptables backend,
 * coexist) over Docker's rules in a {@link SwarmLab}, every TCP and UDP line {@link Exposure}
 * lists, from the internet client (IPv4 and IPv6) and from the trusted peer on the private network,
 * answers a real probe, and a sample of unlisted ports (fixed seed, {@code -Drampart.seed}) served
 * by the node does not.
 *
 * <p>The client is on the node's own subnet, so "the internet" here is its address arriving on
 * {@code eth0} ({@code SourceClass.cidr("203.0.113.10/32").on("eth0")}); each probe is the exact
 * packet the lab sends, put to {@link Exposure#reaches} first. Probed ports per line: the first
 * (from 1) and the last of each range. Lines of protocols without ports (ICMP, ESP) are not probed:
 * the lab probes by TCP connections and UDP echoes only.
 */
@KernelTest(
    tools = {
      "ip",
      "ipset",
      "iptables",
      "iptables-restore",
      "iptables-save",
      "ip6tables",
      "ip6tables-restore",
      "ip6tables-save",
      "iptables-legacy-save",
      "ip6tables-legacy-save",
      "nft",
      "sh"
    })
class SwarmExposureKernelTest {
  /** Unlisted TCP and UDP ports probed per source. */
  private static final int UNLISTED = 6;

  /** Draws per source and protocol before giving up on finding unlisted ports. */
  private static final int MAX_TRIES = 200;

  /** One source of probes: the namespace, the class the analysis takes, the address it probes. */
  private record Source(String what, Netns ns, SourceClass from, String address, InetAddress dst) {}

  static Stream<String> scenarios() {
    return Scenarios.all().stream().map(Scenario::name);
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void everyListedLineAnswersAndUnlistedPortsDoNot(String name, KernelLab lab, @TempDir Path dir) {
    Ruleset policy = Scenarios.named(name).orElseThrow().ruleset();
    SwarmLab.Backend backend = SwarmLab.backends().get("iptables");
    SwarmLab s = SwarmLab.open(lab, backend.dockerBinary());
    s.apply(SwarmLab.write(backend, policy, dir));
    Snapshot host = AfterApply.of(SwarmLab.dockerSnapshot(), policy);
    List<Source> sources =
        List.of(
            new Source(
                "client ipv4",
                s.client,
                SourceClass.cidr("203.0.113.10/32").on("eth0"),
                "203.0.113.10",
                SwarmLab.NODE_WAN),
            new Source(
                "client ipv6",
                s.client,
                SourceClass.cidr("2001:db8:1::10/128").on("eth0"),
                "2001:db8:1::10",
                SwarmLab.NODE_WAN6),
            new Source(
                "trusted peer on ens11",
                s.peer,
                SourceClass.cidr("10.10.10.2/32").on("ens11"),
                "10.10.10.2",
                SwarmLab.NODE_LAN));
    long seed = Seeds.seed();
    Random random = new Random(seed);
    List<String> problems = new ArrayList<>();
    List<String> unprobed = new ArrayList<>();
    int probed = 0;
    Set<Integer> servedTcp = new TreeSet<>(SwarmLab.NODE_TCP);
    Set<Integer> servedUdp = new TreeSet<>(SwarmLab.NODE_UDP);
    for (Source source : sources) {
      Exposure e = Exposure.of(host, SwarmLab.NODE, source.from());
      Map<String, Boolean> expected = new TreeMap<>();
      Set<Integer> serveTcp = new TreeSet<>();
      Set<Integer> serveUdp = new TreeSet<>();
      for (Reachable r : e.entries()) {
        for (String protocol : List.of("tcp", "udp")) {
          int number = protocol.equals("tcp") ? 6 : 17;
          if (!r.protocols().contains(number)) {
            continue;
          }
          if (!servedInTheLab(r, number)) {
            unprobed.add(name + ", " + source.what() + ": " + r);
            continue;
          }
          for (Range<Integer> range : r.ports().asRanges()) {
            // port 0 cannot be served or probed: a range from 0 is probed from 1
            int first = Math.max(1, range.lowerEndpoint());
            if (first > range.upperEndpoint()) {
              continue;
            }
            for (int port : List.of(first, range.upperEndpoint())) {
              if (!e.reaches(packet(source, protocol, port))) {
                problems.add(
                    name + ", " + source.what() + ": listed but the probe packet is not: " + r);
                continue;
              }
              expected.put(port + "/" + protocol, true);
              if (r.natDestination().isEmpty()) {
                (protocol.equals("tcp") ? serveTcp : serveUdp).add(port);
              }
            }
          }
        }
      }
      for (String protocol : List.of("tcp", "udp")) {
        int drawn = 0;
        // a source that reaches every port (the trusted peer, often) leaves none to draw
        for (int tries = 0; tries < MAX_TRIES && drawn < UNLISTED; tries++) {
          int port = 1024 + random.nextInt(60_000);
          if (expected.containsKey(port + "/" + protocol)
              || e.reaches(packet(source, protocol, port))) {
            continue;
          }
          expected.put(port + "/" + protocol, false);
          (protocol.equals("tcp") ? serveTcp : serveUdp).add(port);
          drawn++;
        }
      }
      // each port is served once per lab: a later source reuses the servers of earlier ones
      serveTcp.removeAll(servedTcp);
      serveUdp.removeAll(servedUdp);
      if (!serveTcp.isEmpty() || !serveUdp.isEmpty()) {
        s.node.listen(serveTcp, serveUdp);
        servedTcp.addAll(serveTcp);
        servedUdp.addAll(serveUdp);
      }
      Map<String, Boolean> answered = new TreeMap<>();
      List<Integer> tcp = ports(expected, "tcp");
      List<Integer> udp = ports(expected, "udp");
      source.ns().tcpAnswers(source.dst(), tcp).forEach((p, ok) -> answered.put(p + "/tcp", ok));
      source.ns().udpAnswers(source.dst(), udp).forEach((p, ok) -> answered.put(p + "/udp", ok));
      probed += answered.size();
      expected.forEach(
          (probe, open) -> {
            if (!open.equals(answered.get(probe))) {
              problems.add(
                  name
                      + ", "
                      + source.what()
                      + ": "
                      + probe
                      + (open ? " is listed but did not answer" : " is not listed but answered"));
            }
          });
    }
    assertThat(problems)
        .as("exposure against the kernel (seed %d, -Drampart.seed), %d probes", seed, probed)
        .isEmpty();
    System.out.printf("swarm exposure: %s: %d probes agree (seed %d)%n", name, probed, seed);
    unprobed.forEach(
        u -> System.out.println("swarm exposure: not probed (no server behind it): " + u));
  }

  /**
   * Whether the lab has a server behind line {@code r}: the node itself (a listener is started on
   * any port), or the sandbox on a published port behind Docker's DNAT. A line forwarded elsewhere
   * (to a container address the lab has no namespace for) is not probed, and printed.
   */
  private static boolean servedInTheLab(Reachable r, int protocol) {
    if (r.natDestination().isEmpty()) {
      return r.outInterface().isEmpty();
    }
    List<Integer> published = protocol == 6 ? SwarmLab.PUBLISHED_TCP : SwarmLab.PUBLISHED_UDP;
    return r.natDestination().get().equals(SwarmLab.SANDBOX)
        && r.natPort().map(published::contains).orElse(false)
        && r.ports().asRanges().stream()
            .allMatch(range -> range.lowerEndpoint().equals(range.upperEndpoint()));
  }

  private static List<Integer> ports(Map<String, Boolean> expected, String protocol) {
    List<Integer> out = new ArrayList<>();
    expected.keySet().stream()
        .filter(k -> k.endsWith("/" + protocol))
        .forEach(k -> out.add(Integer.parseInt(k.substring(0, k.indexOf('/')))));
    return out;
  }

  /** The first packet of a probe, as the lab sends it. */
  private static Packet packet(Source source, String protocol, int port) {
    Packet p = protocol.equals("tcp") ? Packet.tcp() : Packet.udp();
    String in = source.address().startsWith("10.") ? "ens11" : "eth0";
    return p.from(source.address(), 40000)
        .to(InetAddresses.toAddrString(source.dst()), port)
        .in(in)
        .state(ConnState.NEW);
  }
}
