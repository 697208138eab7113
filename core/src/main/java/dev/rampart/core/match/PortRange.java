package dev.rampart.core.match;

import dev.rampart.core.InvalidModelException;
import org.immutables.value.Value;

/** A port or an inclusive range of ports, each in [0, 65535]. */
@Value.Immutable
public abstract class PortRange implements Comparable<PortRange> {
  PortRange() {}

  /** The first port. */
  @Value.Parameter
  public abstract int first();

  /** The last port, {@code >= first()}. */
  @Value.Parameter
  public abstract int last();

  /** A single port. */
  public static PortRange of(int port) {
    return ImmutablePortRange.of(port, port);
  }

  /** The ports {@code first} to {@code last}, inclusive. */
  public static PortRange range(int first, int last) {
    return ImmutablePortRange.of(first, last);
  }

  /** Whether this is a single port. */
  public final boolean isSingle() {
    return first() == last();
  }

  /** Whether {@code port} lies in this range. */
  public final boolean contains(int port) {
    return port >= first() && port <= last();
  }

  @Value.Check
  final void check() {
    if (first() < 0 || first() > 65535) {
      throw InvalidModelException.of("port out of range [0, 65535]", first());
    }
    if (last() < 0 || last() > 65535) {
      throw InvalidModelException.of("port out of range [0, 65535]", last());
    }
    if (first() > last()) {
      throw InvalidModelException.of("port range is reversed", first() + "-" + last());
    }
  }

  @Override
  public final int compareTo(PortRange o) {
    return first() != o.first()
        ? Integer.compare(first(), o.first())
        : Integer.compare(last(), o.last());
  }

  /** Returns {@code 22} or {@code 1000-2000}. */
  @Override
  public final String toString() {
    return isSingle() ? Integer.toString(first()) : first() + "-" + last();
  }
}
