package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpsetLimitsTest {
  private static List<Cidr> hosts(int n) {
    List<Cidr> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Cidr.parse("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)));
    }
    return out;
  }

  @Test
  void acceptsASetOfExactlyTheDefaultMaxelem() {
    assertThatCode(() -> IpsetLimits.check(AddressSet.of("full", Family.IPV4, hosts(65536))))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesOneElementMoreThanTheDefaultMaxelem() {
    assertThatThrownBy(() -> IpsetLimits.check(AddressSet.of("big", Family.IPV4, hosts(65537))))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "set big: ipset cannot express a set of more than 65536 elements (its maxelem): 65537"
                + " elements");
  }

  @Test
  void usesTheSetsOwnMaxelem() {
    AddressSet small =
        AddressSet.builder()
            .name("small")
            .family(Family.IPV4)
            .maxElements(2)
            .addAllElements(hosts(3))
            .build();
    assertThatThrownBy(() -> IpsetLimits.check(small))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "set small: ipset cannot express a set of more than 2 elements (its maxelem): 3"
                + " elements");
    AddressSet large =
        AddressSet.builder()
            .name("large")
            .family(Family.IPV4)
            .maxElements(100_000)
            .addAllElements(hosts(70_000))
            .build();
    assertThatCode(() -> IpsetLimits.check(large)).doesNotThrowAnyException();
  }

  @Test
  void refusesAnElementOfLengthZeroInEitherFamily() {
    assertThatThrownBy(
            () ->
                IpsetLimits.check(
                    AddressSet.of("all", Family.IPV4, List.of(Cidr.parse("0.0.0.0/0")))))
        .hasMessage(
            "set all: ipset cannot express an element of length 0 (hash sets hold prefixes of"
                + " length 1 or more): 0.0.0.0/0");
    assertThatThrownBy(
            () ->
                IpsetLimits.check(AddressSet.of("all6", Family.IPV6, List.of(Cidr.parse("::/0")))))
        .hasMessage(
            "set all6: ipset cannot express an element of length 0 (hash sets hold prefixes of"
                + " length 1 or more): ::/0");
  }
}
