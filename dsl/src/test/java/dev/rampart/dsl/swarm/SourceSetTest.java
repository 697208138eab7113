package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceSetTest {
  @Test
  void rendersOneAddressSetPerFamilyWithASixForIpv6() {
    SourceSet s = SourceSet.parse("nodes", "fd00::1", "10.0.0.0/8", "192.0.2.7");
    assertThat(s.addressSets())
        .containsExactly(
            AddressSet.of(
                "nodes", Family.IPV4, List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.7"))),
            AddressSet.of("nodes6", Family.IPV6, List.of(Cidr.parse("fd00::1"))));
    assertThat(s.setName(Family.IPV6)).isEqualTo("nodes6");
  }

  @Test
  void buildsItsAddressSetsOnce() {
    SourceSet s = SourceSet.parse("nodes", "fd00::1", "10.0.0.0/8");
    assertThat(s.addressSets()).isSameAs(s.addressSets());
  }

  @Test
  void rendersOnlyTheFamiliesItHolds() {
    SourceSet s = SourceSet.parse("v6only", "2001:db8::/32");
    assertThat(s.families()).containsExactly(Family.IPV6);
    assertThat(s.has(Family.IPV4)).isFalse();
    assertThat(s.addressSets()).extracting(AddressSet::name).containsExactly("v6only6");
  }

  @Test
  void containsAddressesInsideItsNetworks() {
    SourceSet s = SourceSet.trustedNodes("10.10.10.0/24");
    assertThat(s.name()).isEqualTo("swarm-nodes");
    assertThat(s.contains(Cidr.parse("10.10.10.9"))).isTrue();
    assertThat(s.contains(Cidr.parse("10.10.11.9"))).isFalse();
    assertThat(s.contains(Cidr.parse("10.10.0.0/16"))).isFalse();
  }

  @Test
  void extendsIntoANewGroup() {
    SourceSet s = SourceSet.parse("a", "10.0.0.1").with("b", List.of(Cidr.parse("10.0.0.2")));
    assertThat(s).isEqualTo(SourceSet.parse("b", "10.0.0.2", "10.0.0.1"));
  }

  @Test
  void rejectsAnEmptyGroup() {
    assertThatThrownBy(() -> SourceSet.of("empty", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("source set empty is empty");
  }

  @Test
  void rejectsTextThatIsNotAnAddress() {
    assertThatThrownBy(() -> SourceSet.parse("admins", "10.0.0.0/8", "example.com"))
        .hasMessage("source set admins: not an IPv4 or IPv6 address or prefix: example.com");
  }

  @Test
  void rejectsANameWithoutRoomForTheIpv6Suffix() {
    String name = "a".repeat(31);
    assertThatThrownBy(() -> SourceSet.parse(name, "10.0.0.1"))
        .hasMessage("source set name longer than 30 characters (the ipv6 set adds a 6): " + name);
  }

  @Test
  void rejectsAHostileName() {
    assertThatThrownBy(() -> SourceSet.parse("x -j ACCEPT", "10.0.0.1"))
        .hasMessage(
            "set name may only hold letters, digits, '_', '-', '.' and start with a letter or '_':"
                + " x -j ACCEPT");
  }

  @Test
  void isAValueOfItsNameAndMembers() {
    assertThat(SourceSet.trustedNodes(List.of("10.0.0.1", "fd00::1")))
        .isEqualTo(SourceSet.trustedNodes("fd00::1", "10.0.0.1"))
        .hasSameHashCodeAs(SourceSet.trustedNodes("fd00::1", "10.0.0.1"))
        .isNotEqualTo(SourceSet.parse("other", "10.0.0.1", "fd00::1"));
  }

  @Test
  void namesTheNullParameter() {
    assertThatThrownBy(() -> SourceSet.of(nothing(), List.of(Cidr.parse("10.0.0.1"))))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> SourceSet.of("s", nothing())).hasMessage("members");
    assertThatThrownBy(() -> SourceSet.parse("s", Arrays.asList("10.0.0.1", nothing())))
        .hasMessage("members element");
  }

  @SuppressWarnings("NullAway") // the point: a caller without null checks passes null
  private static <T> T nothing() {
    return null;
  }
}
