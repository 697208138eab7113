package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import java.util.Arrays;

/**
 * The frame packet sets of one analysis live in: the family (address width) and the interface
 * alphabet (every interface name the ruleset and the host mention, plus representatives of the
 * names nobody mentions), so that each field has a finite largest value.
 */
final class Space {
  private final Family family;
  private final ImmutableList<String> interfaces;
  private final long[] maxHi = new long[Field.ALL.length];
  private final long[] maxLo = new long[Field.ALL.length];
  private final Cube universe;

  Space(Family family, Iterable<String> interfaces) {
    this.family = family;
    this.interfaces = ImmutableList.copyOf(interfaces);
    if (this.interfaces.isEmpty()) {
      throw new IllegalArgumentException("an interface alphabet needs at least one name");
    }
    for (Field f : Field.ALL) {
      maxHi[f.index()] = f.maxHi(family);
      maxLo[f.index()] = f.maxLo(family, this.interfaces.size());
    }
    Intervals[] all = new Intervals[Field.ALL.length];
    for (Field f : Field.ALL) {
      all[f.index()] = all(f);
    }
    this.universe = Cube.of(all);
  }

  Family family() {
    return family;
  }

  /** The interface names, index = the value of fields {@link Field#IN} and {@link Field#OUT}. */
  ImmutableList<String> interfaces() {
    return interfaces;
  }

  long maxHi(Field f) {
    return maxHi[f.index()];
  }

  long maxLo(Field f) {
    return maxLo[f.index()];
  }

  /** Every value of {@code f}. */
  Intervals all(Field f) {
    return Intervals.of(0, 0, maxHi(f), maxLo(f));
  }

  /** The cube of every packet. */
  Cube universe() {
    return universe;
  }

  /** The cube of every packet whose field {@code f} lies in {@code values}. */
  Cube where(Field f, Intervals values) {
    return universe().with(f, values);
  }

  /** The values of {@code f} not in {@code values}. */
  Intervals not(Field f, Intervals values) {
    return values.complement(maxHi(f), maxLo(f));
  }

  @Override
  public String toString() {
    return family + " " + interfaces + " " + Arrays.toString(maxLo);
  }
}
