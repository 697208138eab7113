package dev.rampart.samples;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;
import static dev.rampart.dsl.Rampart.INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.LockoutCheck;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.RulesetBuilder;
import dev.rampart.dsl.swarm.IcmpEssentials;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Link;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lockout check against the kernel: a policy it accepts lets SSH from the admin sources connect
 * over both families, and the guides' policy it refuses, rendered with {@code allowLockout()},
 * really drops it. Each backend's own-mode bundle is loaded into a namespace.
 */
@KernelTest(tools = {"ip", "iptables-restore", "ip6tables-restore", "ipset", "nft", "ferm"})
class LockoutCheckKernelTest {
  private static final List<Family> BOTH = List.of(Family.IPV4, Family.IPV6);

  /** INPUT drops; replies, loopback and ICMP essentials pass; SSH from {@code sshFrom} only. */
  private static RulesetBuilder policy(String... sshFrom) {
    return Rampart.ruleset()
        .filter(
            t ->
                t.chain(
                    INPUT,
                    c -> {
                      c.policy(DROP)
                          .rule(r -> r.ctstate(ESTABLISHED, RELATED).accept())
                          .rule(r -> r.in("lo").accept())
                          .rules(IcmpEssentials.rules());
                      for (String source : sshFrom) {
                        c.rule(r -> r.src(source).tcp().dport(22).comment("ssh").accept());
                      }
                    }));
  }

  @ParameterizedTest
  @ValueSource(strings = {"iptables", "ferm", "nftables"})
  void sshFromTheAdminSourcesConnectsWhereTheCheckAccepts(
      String backend, KernelLab lab, @TempDir Path dir) throws IOException {
    Netns node = lab.namespace("lo-node");
    Netns client = lab.namespace("lo-client");
    Link link = lab.link(node, client);
    String v4 = InetAddresses.toAddrString(link.address(client, Family.IPV4));
    String v6 = InetAddresses.toAddrString(link.address(client, Family.IPV6));
    Ruleset rs = policy(v4, v6).adminSources(v4, v6).build();
    assertThat(LockoutCheck.findLockout(rs, BOTH)).isEmpty();
    node.listen(List.of(22), List.of());

    FamilyPoliciesKernelTest.apply(node, backend, rs, dir);
    client.run("ip", "neigh", "flush", "all");

    for (Family f : BOTH) {
      assertThat(client.tcpAnswers(link.address(node, f), 22)).as(backend + ", " + f).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"iptables", "ferm", "nftables"})
  void sshReallyFailsWhereTheCheckRefuses(String backend, KernelLab lab, @TempDir Path dir)
      throws IOException {
    Netns node = lab.namespace("lo-node");
    Netns client = lab.namespace("lo-client");
    Link link = lab.link(node, client);
    // The guides' policy: SSH from the office's IPv4 network only, INPUT DROP in both families.
    Ruleset refused = policy("203.0.113.0/24").adminSources("203.0.113.0/24").build();
    assertThat(LockoutCheck.findLockout(refused, BOTH).orElseThrow().place())
        .hasValueSatisfying(p -> assertThat(p.family()).contains(Family.IPV6));
    // allowLockout(): this test proves the drop.
    Ruleset rs = policy("203.0.113.0/24").adminSources("203.0.113.0/24").allowLockout().build();
    node.listen(List.of(22), List.of());

    FamilyPoliciesKernelTest.apply(node, backend, rs, dir);
    client.run("ip", "neigh", "flush", "all");

    assertThat(client.tcpAnswers(link.address(node, Family.IPV6), 22)).as(backend).isFalse();
  }
}
