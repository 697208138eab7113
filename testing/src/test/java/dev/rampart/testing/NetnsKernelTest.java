package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Family;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@KernelTest(
    tools = {"ip", "iptables-save", "iptables-restore", "ip6tables-save", "ip6tables-restore"})
class NetnsKernelTest {

  private static String rootSave(String binary) {
    return Exec.check("", List.of(binary));
  }

  private static String dropInput(int port) {
    return "*filter\n"
        + ":INPUT ACCEPT [0:0]\n"
        + ":FORWARD ACCEPT [0:0]\n"
        + ":OUTPUT ACCEPT [0:0]\n"
        + "-A INPUT -p tcp -m tcp --dport "
        + port
        + " -j DROP\n"
        + "COMMIT\n";
  }

  @Test
  void dropRuleInsideTheNamespaceStopsThePortAndLeavesTheRootFirewallAlone(KernelLab lab) {
    String root4 = rootSave("iptables-save");
    String root6 = rootSave("ip6tables-save");
    Netns client = lab.namespace("client");
    Netns server = lab.namespace("server");
    Link link = lab.link(client, server);
    server.listen(List.of(7001, 7002), List.of());
    InetAddress v4 = link.address(server, Family.IPV4);
    InetAddress v6 = link.address(server, Family.IPV6);
    assertThat(client.tcpAnswers(v4, List.of(7001, 7002)))
        .isEqualTo(Map.of(7001, true, 7002, true));

    server.runWithInput(dropInput(7001), "iptables-restore");
    server.runWithInput(dropInput(7001), "ip6tables-restore");

    assertThat(client.tcpAnswers(v4, List.of(7001, 7002)))
        .isEqualTo(Map.of(7001, false, 7002, true));
    assertThat(client.tcpAnswers(v6, List.of(7001, 7002)))
        .isEqualTo(Map.of(7001, false, 7002, true));
    assertThat(server.iptablesSave(Family.IPV4))
        .contains("-A INPUT -p tcp -m tcp --dport 7001 -j DROP");
    assertThat(rootSave("iptables-save")).isEqualTo(root4);
    assertThat(rootSave("ip6tables-save")).isEqualTo(root6);
  }

  @Test
  void commandsRunWithARunDirectoryOfTheNamespacesOwnThatTheLabDeletes() {
    Netns a;
    Netns b;
    try (KernelLab own = KernelLab.open()) {
      a = own.namespace("a");
      b = own.namespace("b");
      String script = "printf %s \"$RAMPART_RUN_DIR\"; mkdir -p \"$RAMPART_RUN_DIR\"/x";

      assertThat(a.run("sh", "-c", script)).isEqualTo(a.runDir().toString());
      assertThat(b.exec("", "sh", "-c", script).stdout()).isEqualTo(b.runDir().toString());
      assertThat(a.runDir()).isNotEqualTo(b.runDir()).isDirectory();
      assertThat(a.runDir().resolve("x")).isDirectory();
      assertThat(a.runDir().toString()).doesNotStartWith("/run");
      assertThat(
              a.run(
                  "env",
                  "RAMPART_RUN_DIR=/tmp/other",
                  "sh",
                  "-c",
                  "printf %s \"$RAMPART_RUN_DIR\""))
          .isEqualTo("/tmp/other");
    }
    assertThat(a.runDir()).doesNotExist();
    assertThat(b.runDir()).doesNotExist();
  }

  @Test
  void udpDropRuleStopsTheEcho(KernelLab lab) {
    Netns client = lab.namespace("client");
    Netns server = lab.namespace("server");
    Link link = lab.link(client, server);
    server.listen(List.of(), List.of(7001, 7002));
    String drop =
        "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p udp -m udp --dport 7002 -j DROP\nCOMMIT\n";

    server.runWithInput(drop, "iptables-restore");

    assertThat(client.udpAnswers(link.address(server, Family.IPV4), List.of(7001, 7002)))
        .isEqualTo(Map.of(7001, true, 7002, false));
    assertThat(client.udpAnswers(link.address(server, Family.IPV6), List.of(7001, 7002)))
        .isEqualTo(Map.of(7001, true, 7002, true));
  }

  @Test
  void iptablesSaveLeavesOutCommentLines(KernelLab lab) {
    Netns ns = lab.namespace("save");
    ns.runWithInput("*filter\n:INPUT DROP [0:0]\nCOMMIT\n", "iptables-restore");

    String save = ns.iptablesSave(Family.IPV4);

    assertThat(save).contains("*filter").contains(":INPUT DROP [0:0]").contains("COMMIT");
    assertThat(save.lines()).noneMatch(line -> line.startsWith("#"));
    assertThat(rootSave("iptables-save")).doesNotContain(ns.name());
  }

  @Test
  void execReportsExitCodeAndOutputWithoutThrowing(KernelLab lab) {
    Netns ns = lab.namespace("exec");

    ExecResult result = ns.exec("in", "sh", "-c", "cat; echo out; echo err >&2; exit 3");

    assertThat(result).isEqualTo(new ExecResult(3, "inout\n", "err\n"));
  }

  @Test
  void runNamesCommandExitCodeAndStderrOnFailure(KernelLab lab) {
    Netns ns = lab.namespace("run");

    assertThatThrownBy(() -> ns.run("sh", "-c", "echo boom >&2; exit 4"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "command failed (exit code 4): ip netns exec "
                + ns.name()
                + " sh -c echo boom >&2; exit 4\nboom");
  }

  @Test
  void runWithInputFeedsStandardInput(KernelLab lab) {
    Netns ns = lab.namespace("stdin");

    assertThat(ns.runWithInput("a\nb\n", "wc", "-l")).isEqualTo("2\n");
  }

  @Test
  void sysctlSetsTheValueInsideTheNamespaceOnly(KernelLab lab) {
    Netns ns = lab.namespace("sysctl");
    String rootValue = Exec.check("", List.of("cat", "/proc/sys/net/ipv4/ip_forward"));

    ns.sysctl("net.ipv4.ip_forward", rootValue.strip().equals("1") ? "0" : "1");

    assertThat(ns.run("cat", "/proc/sys/net/ipv4/ip_forward"))
        .isEqualTo(rootValue.strip().equals("1") ? "0\n" : "1\n");
    assertThat(Exec.check("", List.of("cat", "/proc/sys/net/ipv4/ip_forward")))
        .isEqualTo(rootValue);
  }

  @Test
  void linkIsNamedAndAddressedInsideEachNamespace(KernelLab lab) {
    Netns a = lab.namespace("a");
    Netns b = lab.namespace("b");

    Link link = lab.link(a, b);

    assertThat(a.run("ip", "-o", "addr", "show", "dev", link.interfaceName(a)))
        .contains("inet 10.201.1.1/24")
        .contains("inet6 fd00:201:1::1/64");
    assertThat(b.run("ip", "-o", "addr", "show", "dev", link.interfaceName(b)))
        .contains("inet 10.201.1.2/24")
        .contains("inet6 fd00:201:1::2/64");
    assertThat(Exec.check("", List.of("ip", "-o", "link", "show")))
        .doesNotContain(link.interfaceName(a) + "@")
        .doesNotContain(link.interfaceName(b) + "@");
  }
}
