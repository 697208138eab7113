package dev.rampart.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SetRef;
import dev.rampart.core.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpsetRestoreTest {
  private static final Ruleset TWO =
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
          .build();

  @Test
  void fillsATemporarySetAndSwapsItForTheLiveOne() {
    assertThat(IpsetRestore.of(TWO))
        .isEqualTo(
            """
            create allow4 hash:net family inet -exist
            destroy rampart.swap
            create rampart.swap hash:net family inet
            add rampart.swap 192.0.2.0/24
            add rampart.swap 198.51.100.7
            swap rampart.swap allow4
            destroy rampart.swap
            create hosts6 hash:ip family inet6 -exist
            destroy rampart.swap
            create rampart.swap hash:ip family inet6
            add rampart.swap 2001:db8::1
            swap rampart.swap hosts6
            destroy rampart.swap
            """);
  }

  /** The structural proof that no moment leaves a live set empty: nothing but a swap touches it. */
  @Test
  void neverFlushesDestroysOrAddsToALiveSet() {
    for (String line : IpsetRestore.of(TWO).split("\n")) {
      List<String> words = List.of(line.split(" "));
      if (words.contains("allow4") || words.contains("hosts6")) {
        assertThat(words.get(0)).as(line).isIn("create", "swap");
      }
      if (words.get(0).equals("create") && !words.get(1).equals("rampart.swap")) {
        assertThat(words).as("a live set is only created if absent").endsWith("-exist");
      }
    }
  }

  @Test
  void writesTheSetsOptionsInIpsetSaveOrder() {
    Ruleset rs =
        Ruleset.builder()
            .addSets(
                AddressSet.builder()
                    .name("banned")
                    .family(Family.IPV4)
                    .timeout(600)
                    .maxElements(1000)
                    .hashSize(4096)
                    .build())
            .build();
    assertThat(IpsetRestore.of(rs).lines().findFirst())
        .contains(
            "create banned hash:net family inet hashsize 4096 maxelem 1000 timeout 600 -exist");
  }

  @Test
  void picksATemporaryNameNoSetOfTheRulesetHas() {
    Ruleset rs =
        Ruleset.builder()
            .addSets(AddressSet.of("rampart.swap", Family.IPV4, List.of()))
            .addSets(AddressSet.of("rampart.swap.1", Family.IPV4, List.of()))
            .build();
    assertThat(IpsetRestore.temporaryName(rs)).isEqualTo("rampart.swap.2");
    assertThat(IpsetRestore.of(rs)).contains("swap rampart.swap.2 rampart.swap\n");
  }

  @Test
  void writesNothingWithoutSets() {
    assertThat(IpsetRestore.of(Ruleset.builder().build())).isEmpty();
  }

  @Test
  void refusesAnElementOfLengthZero() {
    Ruleset rs =
        Ruleset.builder()
            .addSets(AddressSet.of("all", Family.IPV4, List.of(Cidr.parse("0.0.0.0/0"))))
            .build();
    assertThatThrownBy(() -> IpsetRestore.of(rs))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> assertThat(e.place()).isEqualTo(SetRef.of("all")));
  }

  /** 70,000 elements against ipset's default maxelem: refused at render, with the place. */
  @Test
  void refusesSeventyThousandElementsAgainstTheDefaultMaxelem() {
    List<Cidr> many = new ArrayList<>();
    for (int i = 0; i < 70_000; i++) {
      many.add(Cidr.parse("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)));
    }
    Ruleset rs = Ruleset.builder().addSets(AddressSet.of("big", Family.IPV4, many)).build();
    assertThatThrownBy(() -> IpsetRestore.of(rs))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "set big: ipset cannot express a set of more than 65536 elements (its maxelem): 70000"
                + " elements");
  }
}
