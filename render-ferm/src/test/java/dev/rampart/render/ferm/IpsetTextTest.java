package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
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
}
