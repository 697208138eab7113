package dev.rampart.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A product of one value set per {@link Field}: the packets whose every field lies in its set.
 * Immutable; a cube with an empty field is empty.
 */
final class Cube {
  private final Intervals[] fields;

  /** A cube over {@code fields}, which the caller hands over and never changes again. */
  private Cube(Intervals[] fields) {
    if (fields.length != Field.ALL.length) {
      throw new IllegalArgumentException("a cube has one set per field: " + fields.length);
    }
    this.fields = fields;
  }

  /** The cube of one set per field, in {@link Field#ALL}'s order (copied). */
  static Cube of(Intervals[] fields) {
    return new Cube(fields.clone());
  }

  /** The value set of {@code f}. */
  Intervals get(Field f) {
    return fields[f.index()];
  }

  /** This cube with field {@code f} replaced by {@code values}. */
  Cube with(Field f, Intervals values) {
    Intervals[] copy = fields.clone();
    copy[f.index()] = values;
    return new Cube(copy);
  }

  /** Whether no packet lies in the cube. */
  boolean isEmpty() {
    for (Intervals i : fields) {
      if (i.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The packets in both cubes (possibly empty; this cube itself when it lies in {@code o}). */
  @SuppressWarnings("ReferenceEquality") // Intervals.intersect returns a field itself, unchanged
  Cube intersect(Cube o) {
    Intervals[] out = null;
    for (int i = 0; i < fields.length; i++) {
      Intervals both = fields[i].intersect(o.fields[i]);
      if (both.isEmpty()) {
        return with(Field.ALL[i], Intervals.EMPTY);
      }
      if (both != fields[i] && out == null) {
        out = Arrays.copyOf(fields, fields.length);
      }
      if (out != null) {
        out[i] = both;
      }
    }
    return out == null ? this : new Cube(out);
  }

  /** Whether some packet lies in both cubes; allocates nothing. */
  boolean intersects(Cube o) {
    for (int i = 0; i < fields.length; i++) {
      if (!fields[i].intersects(o.fields[i])) {
        return false;
      }
    }
    return true;
  }

  /** Whether every packet of {@code o} is in this cube. */
  boolean containsAll(Cube o) {
    if (o.isEmpty()) {
      return true;
    }
    for (int i = 0; i < fields.length; i++) {
      if (!fields[i].containsAll(o.fields[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The packets of this cube not in {@code o}, as disjoint cubes: for each field in turn, the part
   * that differs in that field and agrees with {@code o} on the fields before it.
   */
  List<Cube> minus(Cube o, Space space) {
    if (!intersects(o)) {
      return List.of(this);
    }
    Cube common = intersect(o);
    List<Cube> out = new ArrayList<>();
    Intervals[] prefix = fields.clone();
    for (int i = 0; i < fields.length; i++) {
      Field f = Field.ALL[i];
      Intervals rest = fields[i].minus(o.fields[i], space.maxHi(f), space.maxLo(f));
      if (!rest.isEmpty()) {
        Intervals[] part = prefix.clone();
        part[i] = rest;
        out.add(new Cube(part));
      }
      prefix[i] = common.fields[i];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cube c && Arrays.equals(fields, c.fields);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fields);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(Field.ALL[i].name().toLowerCase(java.util.Locale.ROOT))
          .append('=')
          .append(fields[i]);
    }
    return b.append(']').toString();
  }
}
