package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.UnsupportedFeatureException;
import org.junit.jupiter.api.Test;

/** Loaded by ipset in FermLab / PreservesKernelTest (apply.sh). */
class IpsetTextTest {
  @Test
  void createsEachSetThenAddsItsElements() {
    Ruleset rs =
        Ruleset.builder()
            .addSets(
                AddressSet.of("nets", Family.IPV4, Rulesets.cidrs("192.0.2.0/24", "198.51.100.7")),
                AddressSet.builder()
                    .name("hosts6")
                    .family(Family.IPV6)
                    .kind(AddressSet.Kind.IP)
                    .addElements(dev.rampart.core.Cidr.parse("2001:db8::1"))
                    .build())
            .build();
    assertThat(IpsetText.of(rs))
        .isEqualTo(
            """
            create nets hash:net family inet -exist
            add nets 192.0.2.0/24 -exist
            add nets 198.51.100.7 -exist
            create hosts6 hash:ip family inet6 -exist
            add hosts6 2001:db8::1 -exist
            """);
  }

  @Test
  void rejectsAnElementOfLengthZeroAsTheIptablesRendererDoes() {
    Ruleset rs =
        Ruleset.builder()
            .addSets(AddressSet.of("all6", Family.IPV6, Rulesets.cidrs("::/0")))
            .build();
    assertThatThrownBy(() -> IpsetText.of(rs))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "set all6: ipset cannot express an element of length 0 (hash sets hold prefixes of"
                + " length 1 or more): ::/0");
  }

  @Test
  void rejectsASetLargerThanTheIpsetsMaxelem() {
    java.util.List<dev.rampart.core.Cidr> many = new java.util.ArrayList<>();
    for (int i = 0; i <= 65536; i++) {
      many.add(
          dev.rampart.core.Cidr.parse(
              "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)));
    }
    Ruleset rs = Ruleset.builder().addSets(AddressSet.of("big", Family.IPV4, many)).build();
    assertThatThrownBy(() -> FermRenderer.provider().bundle(rs))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "set big: ipset cannot express a set of more than 65536 elements (its maxelem): 65537"
                + " elements");
  }
}
