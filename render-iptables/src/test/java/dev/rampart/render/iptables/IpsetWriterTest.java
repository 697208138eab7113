package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SetRef;
import dev.rampart.core.UnsupportedFeatureException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpsetWriterTest {
  @Test
  void createsFlushesAndFillsEachSet() {
    Ruleset rs =
        Ruleset.builder()
            .addSets(
                AddressSet.of(
                    "allow4",
                    Family.IPV4,
                    List.of(Cidr.parse("198.51.100.7"), Cidr.parse("192.0.2.0/24"))))
            .addSets(
                AddressSet.builder()
                    .name("hosts6")
                    .family(Family.IPV6)
                    .kind(AddressSet.Kind.IP)
                    .addElements(Cidr.parse("2001:db8::1"))
                    .build())
            .addSets(AddressSet.of("empty", Family.IPV4, List.of()))
            .build();
    assertThat(IpsetWriter.write(rs))
        .isEqualTo(
            """
            create allow4 hash:net family inet -exist
            flush allow4
            add allow4 192.0.2.0/24 -exist
            add allow4 198.51.100.7 -exist
            create hosts6 hash:ip family inet6 -exist
            flush hosts6
            add hosts6 2001:db8::1 -exist
            create empty hash:net family inet -exist
            flush empty
            """);
  }

  @Test
  void writesNothingWithoutSets() {
    assertThat(IpsetWriter.write(Ruleset.builder().build())).isEmpty();
  }

  @Test
  void rejectsAnElementOfLengthZero() {
    Ruleset rs =
        Ruleset.builder()
            .addSets(AddressSet.of("all", Family.IPV4, List.of(Cidr.parse("0.0.0.0/0"))))
            .build();
    assertThatThrownBy(() -> IpsetWriter.write(rs))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> assertThat(e.place()).isEqualTo(SetRef.of("all")))
        .hasMessage(
            "set all: ipset cannot express an element of length 0 (hash sets hold prefixes of"
                + " length 1 or more): 0.0.0.0/0");
  }

  /** A 70,000-element set left 65,536 loaded and the apply failed half way. */
  @Test
  void rejectsASetLargerThanTheIpsetsMaxelem() {
    List<Cidr> many = new java.util.ArrayList<>();
    for (int i = 0; i <= 65536; i++) {
      many.add(Cidr.parse("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)));
    }
    Ruleset rs = Ruleset.builder().addSets(AddressSet.of("big", Family.IPV4, many)).build();
    assertThatThrownBy(() -> IpsetWriter.write(rs))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "set big: ipset cannot express a set of more than 65536 elements (its maxelem): 65537"
                + " elements");
  }
}
