package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicatesTest {

  @Test
  void findsTheFirstRepeatedElement() {
    assertThat(Duplicates.first(List.of(1, 2, 3, 2, 1))).contains(2);
  }

  @Test
  void findsNothingInADistinctList() {
    assertThat(Duplicates.first(List.of(1, 2, 3))).isEmpty();
    assertThat(Duplicates.first(List.of())).isEmpty();
  }
}
