package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Link;
import dev.rampart.testing.Netns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the command line prints without arguments, loaded as the README says: a whole policy. */
@KernelTest(tools = {"ip", "iptables-restore", "iptables-save"})
class CliKernelTest {
  private static final List<Integer> PORTS = List.of(22, 8080);

  @Test
  void theDefaultOutputLoadedWithIptablesRestoreIsAnActivePolicy(KernelLab lab) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new Cli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(List.of());
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Netns host = lab.namespace("host");
    Netns client = lab.namespace("client");
    Link link = lab.link(host, client);
    host.listen(PORTS, List.of());

    // README: java -jar samples/target/rampart-samples.jar | iptables-restore
    host.runWithInput(out.toString(StandardCharsets.UTF_8), "iptables-restore");

    String saved = host.iptablesSave(Family.IPV4);
    assertThat(SaveText.chains(saved)).contains("filter :INPUT DROP");
    assertThat(SaveText.rules(saved, Set.of("INPUT")).values())
        .containsExactly("-A INPUT -j FILTERS");
    assertThat(client.tcpAnswers(link.address(host, Family.IPV4), PORTS))
        .isEqualTo(Map.of(22, true, 8080, false));
  }
}
