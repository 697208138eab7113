package dev.rampart.render.iptables;

import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.dsl.Rampart;
import dev.rampart.testing.DockerDump;
import dev.rampart.testing.Fixtures;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import org.junit.jupiter.api.Test;

/**
 * Docker's own swarm layout, written in the DSL rule by rule and rendered by this module, loads
 * into exactly what the real dump loads into: the DSL can say every rule Docker writes, and the
 * renderer writes each as the kernel reads it.
 */
@KernelTest(tools = {"ip", "iptables", "iptables-restore", "iptables-save"})
class DockerFixtureKernelTest {
  /** {@code swarm-portmap-28-S.txt}, filter and nat, in the DSL. */
  static Ruleset swarmPortmap() {
    String gw = "docker_gwbridge";
    return Rampart.ruleset()
        .filter(
            t ->
                t.chain(
                        "FORWARD",
                        c -> c.rule(r -> r.jump("DOCKER-USER")).rule(r -> r.jump("DOCKER-FORWARD")))
                    .chain(
                        "DOCKER",
                        c ->
                            c.rule(r -> r.notIn("docker0").out("docker0").drop())
                                .rule(r -> r.notIn(gw).out(gw).drop()))
                    .chain(
                        "DOCKER-BRIDGE",
                        c ->
                            c.rule(r -> r.out("docker0").jump("DOCKER"))
                                .rule(r -> r.out(gw).jump("DOCKER")))
                    .chain(
                        "DOCKER-CT",
                        c ->
                            c.rule(r -> r.out("docker0").ctstate(RELATED, ESTABLISHED).accept())
                                .rule(r -> r.out(gw).ctstate(RELATED, ESTABLISHED).accept()))
                    .chain(
                        "DOCKER-FORWARD",
                        c ->
                            c.rule(r -> r.jump("DOCKER-INGRESS"))
                                .rule(r -> r.jump("DOCKER-CT"))
                                .rule(r -> r.jump("DOCKER-INTERNAL"))
                                .rule(r -> r.jump("DOCKER-BRIDGE"))
                                .rule(r -> r.in("docker0").accept())
                                .rule(r -> r.in(gw).out(gw).drop())
                                .rule(r -> r.in(gw).notOut(gw).accept()))
                    .chain(
                        "DOCKER-INGRESS",
                        c ->
                            c.rule(r -> r.tcp().dport(8080).accept())
                                .rule(
                                    r -> r.tcp().sport(8080).ctstate(RELATED, ESTABLISHED).accept())
                                .rule(r -> r.returns()))
                    .chain("DOCKER-INTERNAL", c -> {})
                    .chain("DOCKER-USER", c -> {}))
        .nat(
            t ->
                t.chain(
                        "PREROUTING",
                        c ->
                            c.rule(r -> r.dstLocal().jump("DOCKER-INGRESS"))
                                .rule(r -> r.dstLocal().jump("DOCKER")))
                    .chain(
                        "OUTPUT",
                        c ->
                            c.rule(r -> r.dstLocal().jump("DOCKER-INGRESS"))
                                .rule(r -> r.notDst("127.0.0.0/8").dstLocal().jump("DOCKER")))
                    .chain(
                        "POSTROUTING",
                        c ->
                            c.rule(r -> r.out(gw).srcType(AddressTypeMatch.Type.LOCAL).masquerade())
                                .rule(r -> r.src("172.18.0.0/16").notOut(gw).masquerade())
                                .rule(r -> r.src("172.17.0.0/16").notOut("docker0").masquerade()))
                    .chain("DOCKER", c -> {})
                    .chain(
                        "DOCKER-INGRESS",
                        c ->
                            c.rule(r -> r.tcp().dport(8080).dnat("172.18.0.2", 8080))
                                .rule(r -> r.returns())))
        .build();
  }

  @Test
  void theDslModelOfDockersSwarmLayoutLoadsAsTheRealDump(KernelLab lab) {
    Netns docker = lab.namespace("docker");
    Netns ours = lab.namespace("dsl");
    DockerDump.load(docker, "iptables", Fixtures.read("docker/swarm-portmap-28-S.txt"));

    ours.runWithInput(
        IptablesRenderer.of(RenderMode.OWN).render(swarmPortmap()), "iptables-restore");

    for (String table : new String[] {"filter", "nat"}) {
      assertThat(ours.run("iptables", "-t", table, "-S"))
          .as(table)
          .isEqualTo(docker.run("iptables", "-t", table, "-S"));
    }
    assertThat(ours.iptablesSave(Family.IPV4))
        .contains(
            "-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080");
  }
}
