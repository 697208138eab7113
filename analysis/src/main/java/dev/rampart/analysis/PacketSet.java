package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of packets as a list of pairwise disjoint {@link Cube}s in one {@link Space}: exact union,
 * intersection and difference, no sampling. Immutable.
 */
final class PacketSet {
  private final Space space;
  private final ImmutableList<Cube> cubes;

  private PacketSet(Space space, ImmutableList<Cube> cubes) {
    this.space = space;
    this.cubes = cubes;
  }

  /** No packet. */
  static PacketSet empty(Space space) {
    return new PacketSet(space, ImmutableList.of());
  }

  /** Every packet. */
  static PacketSet all(Space space) {
    return of(space, space.universe());
  }

  /** The packets of {@code cube}. */
  static PacketSet of(Space space, Cube cube) {
    return cube.isEmpty() ? empty(space) : new PacketSet(space, ImmutableList.of(cube));
  }

  /** The packets of any of {@code cubes} (which may overlap). */
  static PacketSet union(Space space, Iterable<Cube> cubes) {
    PacketSet out = empty(space);
    for (Cube c : cubes) {
      out = out.union(of(space, c));
    }
    return out;
  }

  Space space() {
    return space;
  }

  /** The disjoint cubes. */
  ImmutableList<Cube> cubes() {
    return cubes;
  }

  boolean isEmpty() {
    return cubes.isEmpty();
  }

  /** The packets in this set and in {@code cube}. */
  PacketSet intersect(Cube cube) {
    ImmutableList.Builder<Cube> out = ImmutableList.builder();
    for (Cube c : cubes) {
      Cube i = c.intersect(cube);
      if (!i.isEmpty()) {
        out.add(i);
      }
    }
    return new PacketSet(space, out.build());
  }

  /** The packets in both sets. */
  PacketSet intersect(PacketSet o) {
    ImmutableList.Builder<Cube> out = ImmutableList.builder();
    for (Cube c : cubes) {
      for (Cube d : o.cubes) {
        Cube i = c.intersect(d);
        if (!i.isEmpty()) {
          out.add(i);
        }
      }
    }
    return new PacketSet(space, out.build());
  }

  /** The packets in this set and not in {@code cube} (this set when none is in both). */
  PacketSet minus(Cube cube) {
    if (!intersects(cube)) {
      return this;
    }
    ImmutableList.Builder<Cube> out = ImmutableList.builder();
    for (Cube c : cubes) {
      out.addAll(c.minus(cube, space));
    }
    return new PacketSet(space, out.build());
  }

  /** Whether some packet of this set is in {@code cube}; allocates nothing. */
  boolean intersects(Cube cube) {
    for (Cube c : cubes) {
      if (c.intersects(cube)) {
        return true;
      }
    }
    return false;
  }

  /** Whether some packet is in both sets; allocates nothing. */
  boolean intersects(PacketSet o) {
    for (Cube d : o.cubes) {
      if (intersects(d)) {
        return true;
      }
    }
    return false;
  }

  /** The packets in this set and not in {@code o}. */
  PacketSet minus(PacketSet o) {
    PacketSet out = this;
    for (Cube d : o.cubes) {
      out = out.minus(d);
      if (out.isEmpty()) {
        break;
      }
    }
    return out;
  }

  /** The packets in either set. */
  PacketSet union(PacketSet o) {
    List<Cube> out = new ArrayList<>(cubes);
    out.addAll(o.minus(this).cubes);
    return new PacketSet(space, ImmutableList.copyOf(out));
  }

  @Override
  public String toString() {
    return cubes.toString();
  }
}
