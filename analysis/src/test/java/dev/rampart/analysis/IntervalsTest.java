package dev.rampart.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalsTest {
  private static final int MAX = 63;

  /**
   * The project's seed ({@code -Drampart.seed=N}, as rampart-testing's {@code Seeds} reads it),
   * else this test's fixed one: this module's tests cannot use rampart-testing (it depends on this
   * module).
   */
  private static long seed() {
    String value = System.getProperty("rampart.seed", "").strip();
    return value.isEmpty() ? 20_260_501L : Long.parseLong(value);
  }

  @Test
  void algebraAgreesWithMembershipOnRandomSets() {
    long seed = seed();
    Random random = new Random(seed);
    for (int round = 0; round < 500; round++) {
      BitSet a = randomBits(random);
      BitSet b = randomBits(random);
      Intervals ia = of(a);
      Intervals ib = of(b);
      String where = "seed " + seed + ", round " + round + ": " + a + " " + b;
      BitSet and = (BitSet) a.clone();
      and.and(b);
      BitSet or = (BitSet) a.clone();
      or.or(b);
      BitSet andNot = (BitSet) a.clone();
      andNot.andNot(b);
      BitSet not = (BitSet) a.clone();
      not.flip(0, MAX + 1);
      assertThat(ia.intersect(ib)).as(where).isEqualTo(of(and));
      assertThat(ia.union(ib)).as(where).isEqualTo(of(or));
      assertThat(ia.minus(ib, 0, MAX)).as(where).isEqualTo(of(andNot));
      assertThat(ia.complement(0, MAX)).as(where).isEqualTo(of(not));
      assertThat(ia.containsAll(ib)).as(where).isEqualTo(andNot(b, a).isEmpty());
      assertThat(ia.intersects(ib)).as(where).isEqualTo(a.intersects(b));
      for (int v = 0; v <= MAX; v++) {
        assertThat(ia.contains(v)).as(where + " contains " + v).isEqualTo(a.get(v));
      }
    }
  }

  @Test
  void intersectionWithASetCoveringItIsTheSetItself() {
    Intervals some = Intervals.of(3, 5).union(Intervals.of(9, 12));
    assertThat(some.intersect(Intervals.of(0, 63))).isSameAs(some);
    assertThat(Intervals.of(0, 63).intersect(some)).isSameAs(some);
    assertThat(some.intersect(Intervals.of(4, 63)))
        .isEqualTo(Intervals.of(4, 5).union(Intervals.of(9, 12)));
  }

  @Test
  void mergesAdjacentIntervals() {
    assertThat(Intervals.of(1, 3).union(Intervals.of(4, 6))).isEqualTo(Intervals.of(1, 6));
    assertThat(Intervals.of(1, 3).union(Intervals.of(4, 6)).size()).isEqualTo(1);
  }

  @Test
  void handlesTheWholeUnsigned128BitRange() {
    Intervals all = Intervals.of(0, 0, -1L, -1L);
    assertThat(all.complement(-1L, -1L).isEmpty()).isTrue();
    Intervals top = Intervals.of(-1L, 0, -1L, -1L);
    assertThat(top.complement(-1L, -1L)).isEqualTo(Intervals.of(0, 0, -2L, -1L));
    assertThat(all.contains(0x8000_0000_0000_0000L, 5)).isTrue();
    assertThat(top.contains(0x7fff_ffff_ffff_ffffL, -1L)).isFalse();
    assertThat(Intervals.of(0, -1L, 0, -1L).union(Intervals.of(1, 0, 1, 0)))
        .isEqualTo(Intervals.of(0, -1L, 1, 0));
  }

  @Test
  void rejectsAnIntervalThatEndsBeforeItStarts() {
    assertThatThrownBy(() -> Intervals.of(5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval start after its end: 5-4");
  }

  private static BitSet andNot(BitSet x, BitSet y) {
    BitSet r = (BitSet) x.clone();
    r.andNot(y);
    return r;
  }

  private static BitSet randomBits(Random random) {
    BitSet b = new BitSet();
    int runs = random.nextInt(6);
    for (int i = 0; i < runs; i++) {
      int start = random.nextInt(MAX + 1);
      int end = Math.min(MAX, start + random.nextInt(12));
      b.set(start, end + 1);
    }
    return b;
  }

  private static Intervals of(BitSet bits) {
    Intervals out = Intervals.EMPTY;
    for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
      out = out.union(Intervals.point(i));
    }
    return out;
  }
}
