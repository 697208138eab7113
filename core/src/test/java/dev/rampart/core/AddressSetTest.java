package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressSetTest {

  @Test
  void holdsNetworksSortedWithoutDuplicates() {
    AddressSet s =
        AddressSet.of(
            "trusted",
            Family.IPV4,
            List.of(
                Cidr.parse("192.0.2.0/24"), Cidr.parse("10.0.0.0/8"), Cidr.parse("10.0.0.0/8")));
    assertThat(s.kind()).isEqualTo(AddressSet.Kind.NET);
    assertThat(s.elements())
        .extracting(Cidr::toString)
        .containsExactly("10.0.0.0/8", "192.0.2.0/24");
  }

  @Test
  void mayBeEmpty() {
    assertThat(AddressSet.of("later", Family.IPV6, List.of()).elements()).isEmpty();
  }

  @Test
  void rejectsAnElementOfTheOtherFamily() {
    assertThatThrownBy(
            () ->
                AddressSet.of(
                    "v4",
                    Family.IPV4,
                    List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("set v4: ipv6 element in an ipv4 set: 2001:db8::/32");
  }

  @Test
  void rejectsAnIpv4ElementInAnIpv6Set() {
    assertThatThrownBy(() -> AddressSet.of("v6", Family.IPV6, List.of(Cidr.parse("192.0.2.1"))))
        .hasMessage("set v6: ipv4 element in an ipv6 set: 192.0.2.1/32");
  }

  @Test
  void rejectsAPrefixInASetOfKindIp() {
    assertThatThrownBy(
            () ->
                AddressSet.builder()
                    .name("hosts")
                    .family(Family.IPV4)
                    .kind(AddressSet.Kind.IP)
                    .addElements(Cidr.parse("192.0.2.1"), Cidr.parse("10.0.0.0/8"))
                    .build())
        .hasMessage(
            "set hosts: a set of kind ip holds single addresses, use kind net for: 10.0.0.0/8");
  }

  @Test
  void acceptsSingleAddressesInASetOfKindIp() {
    AddressSet s =
        AddressSet.builder()
            .name("hosts")
            .family(Family.IPV6)
            .kind(AddressSet.Kind.IP)
            .addElements(Cidr.parse("2001:db8::1"))
            .build();
    assertThat(s.kind()).isEqualTo(AddressSet.Kind.IP);
  }

  @Test
  void checksTheName() {
    assertThatThrownBy(() -> AddressSet.of("x".repeat(32), Family.IPV4, List.of()))
        .hasMessage("set name longer than 31 characters: " + "x".repeat(32));
    assertThatThrownBy(() -> AddressSet.of("a b", Family.IPV4, List.of()))
        .hasMessageEndingWith(": a b");
  }

  @Test
  void holdsIpsetOptions() {
    AddressSet s =
        AddressSet.builder()
            .name("banned")
            .family(Family.IPV4)
            .hashSize(1024)
            .maxElements(500)
            .timeout(60)
            .build();
    assertThat(s.hashSize()).hasValue(1024);
    assertThat(s.maxElements()).hasValue(500);
    assertThat(s.timeout()).hasValue(60);
  }

  @Test
  void rejectsAHashsizeThatIsNoPowerOfTwo() {
    assertThatThrownBy(
            () -> AddressSet.builder().name("s").family(Family.IPV4).hashSize(1000).build())
        .isInstanceOf(InvalidModelException.class)
        .hasMessage("set s: hashsize is not a power of two from 64: 1000");
  }

  @Test
  void rejectsAMaxelemBelowOne() {
    assertThatThrownBy(
            () -> AddressSet.builder().name("s").family(Family.IPV4).maxElements(0).build())
        .hasMessage("set s: maxelem below 1: 0");
  }

  @Test
  void rejectsATimeoutOutOfRange() {
    assertThatThrownBy(() -> AddressSet.builder().name("s").family(Family.IPV4).timeout(0).build())
        .hasMessage("set s: timeout out of range [1, 2147483] seconds: 0");
  }
}
