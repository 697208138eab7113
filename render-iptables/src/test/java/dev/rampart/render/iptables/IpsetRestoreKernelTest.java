package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.internal.IpsetRestore;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.util.List;
import org.junit.jupiter.api.Test;

@KernelTest(tools = {"ip", "ipset", "iptables"})
/** {@link IpsetRestore}'s text, as the iptables bundle writes it, loaded by the real ipset. */
class IpsetRestoreKernelTest {
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
        IpsetRestore.of(sets(List.of("10.0.0.0/8", "192.0.2.7"), List.of("2001:db8::1"))),
        "ipset",
        "restore",
        "-exist");
    String next =
        IpsetRestore.of(sets(List.of("192.0.2.0/24", "198.51.100.7"), List.of("2001:db8::2")));
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
        IpsetRestore.of(sets(List.of("10.0.0.0/8"), List.of())), "ipset", "restore", "-exist");
    ns.runWithInput(IpsetRestore.of(sets(List.of(), List.of())), "ipset", "restore", "-exist");
    assertThat(members(ns, "allow4")).isEmpty();
    assertThat(members(ns, "hosts6")).isEmpty();
  }

  @Test
  void aSetWithOptionsLoadsAndIpsetListShowsThem(KernelLab lab) {
    Netns ns = lab.namespace("ipsetopts");
    Ruleset rs =
        Ruleset.builder()
            .addSets(
                AddressSet.builder()
                    .name("banned")
                    .family(Family.IPV4)
                    .kind(AddressSet.Kind.IP)
                    .hashSize(4096)
                    .maxElements(1000)
                    .timeout(600)
                    .addElements(Cidr.parse("192.0.2.7"))
                    .build())
            .build();
    ns.runWithInput(IpsetRestore.of(rs), "ipset", "restore", "-exist");
    ns.runWithInput(IpsetRestore.of(rs), "ipset", "restore", "-exist");

    assertThat(ns.run("ipset", "list", "banned"))
        .contains("Type: hash:ip\n", "hashsize 4096 ", "maxelem 1000 ", "timeout 600 ");
    assertThat(members(ns, "banned")).singleElement().asString().startsWith("192.0.2.7 timeout ");
    assertThat(ns.run("ipset", "list", "-n")).isEqualTo("banned\n");
  }

  /**
   * A set referenced by a rule is replaced while the rule holds it; the text never flushes the live
   * set ({@code IpsetRestoreTest}), and the kernel takes the swap under the rule's reference.
   */
  @Test
  void replacesASetARuleReferencesWithoutLeavingATemporarySet(KernelLab lab) {
    Netns ns = lab.namespace("ipsetswap");
    ns.runWithInput(
        IpsetRestore.of(sets(List.of("10.0.0.0/8"), List.of())), "ipset", "restore", "-exist");
    ns.run("iptables", "-A", "INPUT", "-m", "set", "--match-set", "allow4", "src", "-j", "ACCEPT");
    ns.runWithInput(
        IpsetRestore.of(sets(List.of("192.0.2.0/24"), List.of())), "ipset", "restore", "-exist");

    assertThat(members(ns, "allow4")).containsExactly("192.0.2.0/24");
    assertThat(ns.run("ipset", "list", "allow4")).contains("References: 1\n");
    assertThat(ns.run("ipset", "list", "-n").lines()).containsExactlyInAnyOrder("allow4", "hosts6");
  }
}
