package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import dev.rampart.core.match.Protocol;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@KernelTest(tools = {"ip", "iptables-restore", "iptables-save"})
class ProtocolNamesKernelTest {
  @Test
  void everyProtocolNumberReadsBackWithTheNameWeWrite(KernelLab lab) {
    Netns ns = lab.namespace("protocols");
    StringBuilder restore = new StringBuilder("*filter\n:P - [0:0]\n");
    List<String> expected = new ArrayList<>();
    for (int n = 1; n <= 255; n++) {
      restore.append("-A P -p ").append(n).append(" -j ACCEPT\n");
      expected.add("-A P -p " + ProtocolNames.of(Protocol.of(n)) + " -j ACCEPT");
    }
    ns.runWithInput(restore.append("COMMIT\n").toString(), "iptables-restore");
    assertThat(KernelSave.rules(ns, Family.IPV4, TableName.FILTER, "P"))
        .containsExactlyElementsOf(expected);
  }
}
