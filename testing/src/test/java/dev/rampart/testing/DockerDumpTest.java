package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerDumpTest {

  @Test
  void splitsOnBlanks() {
    assertThat(DockerDump.splitArgs("-A  FORWARD\t-j DOCKER-USER"))
        .containsExactly("-A", "FORWARD", "-j", "DOCKER-USER");
  }

  @Test
  void keepsQuotedBlanksInOneArgument() {
    assertThat(DockerDump.splitArgs("-A INPUT -m comment --comment \"ssh from office\" -j ACCEPT"))
        .containsExactly(
            "-A", "INPUT", "-m", "comment", "--comment", "ssh from office", "-j", "ACCEPT");
  }

  @Test
  void unescapesQuotesAndBackslashesInsideQuotes() {
    assertThat(DockerDump.splitArgs("--comment \"say \\\"hi\\\" \\\\ bye\""))
        .containsExactly("--comment", "say \"hi\" \\ bye");
  }

  @Test
  void keepsAnEmptyQuotedArgument() {
    assertThat(DockerDump.splitArgs("--comment \"\" -j ACCEPT"))
        .containsExactly("--comment", "", "-j", "ACCEPT");
  }

  @Test
  void rejectsAnUnterminatedQuote() {
    assertThatThrownBy(() -> DockerDump.splitArgs("--comment \"open"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unterminated quote: --comment \"open");
  }

  @Test
  void parsesTableSectionsSkippingCommentsAndBlankLines() {
    String dump =
        "# Source: somewhere\n"
            + "# ---- table filter (iptables -t filter -S) ----\n"
            + "-P INPUT ACCEPT\n"
            + "\n"
            + "# a remark\n"
            + "-N DOCKER\n"
            + "# ---- table nat (iptables -t nat -S) ----\n"
            + "-A PREROUTING -j DOCKER\n";

    assertThat(DockerDump.parse(dump))
        .containsExactly(
            new DockerDump.Section(
                "filter",
                ImmutableList.of(
                    new DockerDump.Line(
                        3, "-P INPUT ACCEPT", ImmutableList.of("-P", "INPUT", "ACCEPT")),
                    new DockerDump.Line(6, "-N DOCKER", ImmutableList.of("-N", "DOCKER")))),
            new DockerDump.Section(
                "nat",
                ImmutableList.of(
                    new DockerDump.Line(
                        8,
                        "-A PREROUTING -j DOCKER",
                        ImmutableList.of("-A", "PREROUTING", "-j", "DOCKER")))));
  }

  @Test
  void rejectsARuleBeforeAnyTableHeader() {
    assertThatThrownBy(() -> DockerDump.parse("# Source: x\n-A INPUT -j ACCEPT\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("line 2: rule before any table header: -A INPUT -j ACCEPT");
  }

  @Test
  void rejectsALineThatIsNotARule() {
    String dump = "# ---- table filter ----\n-P INPUT ACCEPT\n-I INPUT -j DROP\n";

    assertThatThrownBy(() -> DockerDump.parse(dump))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("line 3: not -P, -N or -A: -I INPUT -j DROP");
  }

  @Test
  void rejectsAPolicyLineWithoutAPolicy() {
    assertThatThrownBy(() -> DockerDump.parse("# ---- table filter ----\n-P INPUT\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("line 2: -P takes 2 argument(s): -P INPUT");
  }

  @Test
  void namesTheLineOfAnUnterminatedQuote() {
    assertThatThrownBy(
            () -> DockerDump.parse("# ---- table filter ----\n-A X -m comment --comment \"cut"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("line 2: unterminated quote: -A X -m comment --comment \"cut");
  }

  @Test
  void convertsADumpToRestoreText() {
    String dump =
        "# ---- table filter (iptables -t filter -S) ----\n"
            + "-P INPUT ACCEPT\n"
            + "-P FORWARD DROP\n"
            + "-N DOCKER-USER\n"
            + "-A FORWARD -j DOCKER-USER\n"
            + "-A DOCKER-USER -m comment --comment \"a b\" -j RETURN\n"
            + "# ---- table nat (iptables -t nat -S) ----\n"
            + "-N DOCKER\n"
            + "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n";

    // The kernel check that this text loads like the dump itself is in DockerDumpKernelTest.
    assertThat(DockerDump.toRestore(dump))
        .isEqualTo(
            """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :DOCKER-USER - [0:0]
            -A FORWARD -j DOCKER-USER
            -A DOCKER-USER -m comment --comment "a b" -j RETURN
            COMMIT
            *nat
            :DOCKER - [0:0]
            -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
            COMMIT
            """);
  }

  @Test
  void rejectsABinaryThatIsNotIptables() {
    try (KernelLab lab = KernelLab.open()) {
      // Never created in the kernel: load() rejects the binary before running anything.
      Netns unused = new Netns(lab, "unused");

      assertThatThrownBy(() -> DockerDump.load(unused, "sh", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not an iptables binary: sh");
    }
  }

  @Test
  void parsesTheSwarmFixtureIntoFilterAndNat() {
    List<DockerDump.Section> sections =
        DockerDump.parse(Fixtures.read("docker/swarm-portmap-28-S.txt"));

    assertThat(sections).extracting(DockerDump.Section::table).containsExactly("filter", "nat");
    assertThat(sections.get(0).lines()).hasSize(28);
    assertThat(sections.get(1).lines()).hasSize(15);
  }
}
