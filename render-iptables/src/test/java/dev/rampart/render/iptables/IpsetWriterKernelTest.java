package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.util.List;
import org.junit.jupiter.api.Test;

@KernelTest(tools = {"ip", "ipset"})
class IpsetWriterKernelTest {
  private static Ruleset sets(List<String> v4, List<String> v6) {
    return Ruleset.builder()
        .addSets(AddressSet.of("allow4", Family.IPV4, v4.stream().map(Cidr::parse).toList()))
        .addSets(
            AddressSet.builder()
                .name("hosts6")
                .family(Family.IPV6)
                .kind(AddressSet.Kind.IP)
                .addAllElements(v6.stream().map(Cidr::parse).toList())
                .build())
        .build();
  }

  /** The members of {@code set} as {@code ipset list} prints them, sorted. */
  private static List<String> members(Netns ns, String set) {
    String list = ns.run("ipset", "list", set);
    return list.substring(list.indexOf("Members:\n") + "Members:\n".length())
        .lines()
        .filter(l -> !l.isBlank())
        .sorted()
        .toList();
  }

  @Test
  void reapplyingLeavesExactlyTheModelsElements(KernelLab lab) {
    Netns ns = lab.namespace("ipset");
    ns.runWithInput(
        IpsetWriter.write(sets(List.of("10.0.0.0/8", "192.0.2.7"), List.of("2001:db8::1"))),
        "ipset",
        "restore",
        "-exist");
    String next =
        IpsetWriter.write(sets(List.of("192.0.2.0/24", "198.51.100.7"), List.of("2001:db8::2")));
    ns.runWithInput(next, "ipset", "restore", "-exist");
    ns.runWithInput(next, "ipset", "restore", "-exist");

    assertThat(members(ns, "allow4")).containsExactly("192.0.2.0/24", "198.51.100.7");
    assertThat(members(ns, "hosts6")).containsExactly("2001:db8::2");
    assertThat(ns.run("ipset", "list", "allow4")).contains("Type: hash:net\n", "family inet ");
    assertThat(ns.run("ipset", "list", "hosts6")).contains("Type: hash:ip\n", "family inet6 ");
  }

  @Test
  void anEmptySetIsCreatedAndEmptied(KernelLab lab) {
    Netns ns = lab.namespace("ipsetempty");
    ns.runWithInput(
        IpsetWriter.write(sets(List.of("10.0.0.0/8"), List.of())), "ipset", "restore", "-exist");
    ns.runWithInput(IpsetWriter.write(sets(List.of(), List.of())), "ipset", "restore", "-exist");
    assertThat(members(ns, "allow4")).isEmpty();
    assertThat(members(ns, "hosts6")).isEmpty();
  }
}
