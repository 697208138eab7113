package dev.rampart.testing.gen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QtGeneratorsTest {
  @Test
  void aFixedSeedDrawsTheSameValuesInEveryRun() {
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();

    Seeds.qt().withExamples(50).forAll(QtGenerators.of(Generators::port)).check(first::add);
    Seeds.qt().withExamples(50).forAll(QtGenerators.of(Generators::port)).check(second::add);

    assertThat(first).hasSize(50).isEqualTo(second);
    assertThat(first).allSatisfy(p -> assertThat(p).isBetween(1, 65_535));
  }
}
