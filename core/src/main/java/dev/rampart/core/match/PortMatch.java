package dev.rampart.core.match;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.InvalidModelException;
import org.immutables.value.Value;

/**
 * Matches source or destination ports: one port, a range, or a list of up to 15 ports and ranges
 * (the limit of iptables' {@code multiport}). Needs a tcp, udp or sctp protocol match in the same
 * rule.
 */
@Value.Immutable
public abstract non-sealed class PortMatch implements Match {
  PortMatch() {}

  /** The most ports and ranges one match holds (a range counts twice, as in multiport). */
  public static final int MAX_PORTS = 15;

  /** Source or destination. */
  public abstract Direction direction();

  /** The ports and ranges, at least one, no duplicates. */
  public abstract ImmutableList<PortRange> ports();

  @Override
  @Value.Default
  public boolean negated() {
    return false;
  }

  /** Matches destination ports. */
  public static PortMatch destination(Iterable<PortRange> ports) {
    return builder().direction(Direction.DESTINATION).addAllPorts(ports).build();
  }

  /** Matches source ports. */
  public static PortMatch source(Iterable<PortRange> ports) {
    return builder().direction(Direction.SOURCE).addAllPorts(ports).build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PortMatch}. */
  public static final class Builder extends ImmutablePortMatch.Builder {}

  /** Returns this match negated. */
  public final PortMatch negate() {
    return builder().from(this).negated(!negated()).build();
  }

  /** Whether this is a single port or a single range (no multiport needed). */
  public final boolean isSingleRange() {
    return ports().size() == 1;
  }

  @Value.Check
  final void check() {
    if (ports().isEmpty()) {
      throw InvalidModelException.of("port list is empty", "");
    }
    int weight = 0;
    for (PortRange p : ports()) {
      weight += p.isSingle() ? 1 : 2;
    }
    if (weight > MAX_PORTS) {
      throw InvalidModelException.of(
          "port list longer than " + MAX_PORTS + " ports (a range counts twice)", ports());
    }
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitPort(this);
  }
}
