package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeedsTest {
  @Test
  void usesTheDefaultWhenThePropertyIsAbsent() {
    assertThat(Seeds.parse(Optional.empty())).isEqualTo(Seeds.DEFAULT);
  }

  @Test
  void usesTheDefaultWhenThePropertyIsEmpty() {
    assertThat(Seeds.parse(Optional.of(" "))).isEqualTo(Seeds.DEFAULT);
  }

  @Test
  void readsANegativeSeed() {
    assertThat(Seeds.parse(Optional.of("-6839360905236451269"))).isEqualTo(-6839360905236451269L);
  }

  @Test
  void rejectsASeedThatIsNoLong() {
    assertThatThrownBy(() -> Seeds.parse(Optional.of("abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rampart.seed: not a long: abc");
  }

  @Test
  void twoPropertiesDrawTheSameExamples() {
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    Seeds.qt().withExamples(20).forAll(longs().all()).checkAssert(first::add);
    Seeds.qt().withExamples(20).forAll(longs().all()).checkAssert(second::add);

    assertThat(first).hasSize(20).isEqualTo(second);
  }

  @Test
  void aFalsifiedPropertyPrintsTheSeedItUsed() {
    assertThatThrownBy(
            () ->
                Seeds.qt()
                    .withExamples(5)
                    .forAll(longs().all())
                    .checkAssert(l -> assertThat(l).isNull()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Seed was " + Seeds.seed());
  }

  @Test
  void twoRandomsDrawTheSameNumbers() {
    assertThat(Seeds.random().nextLong()).isEqualTo(Seeds.random().nextLong());
  }
}
