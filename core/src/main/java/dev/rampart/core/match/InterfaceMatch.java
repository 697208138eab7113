package dev.rampart.core.match;

import dev.rampart.core.Names;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Matches the input ({@code -i}) or output ({@code -o}) interface. A name ending in {@code +}
 * matches every interface with that prefix.
 */
@Value.Immutable
public abstract non-sealed class InterfaceMatch implements Match {
  InterfaceMatch() {}

  /** Whether the packet's input or output interface is matched. */
  public enum Side {
    /** The interface the packet arrived on, {@code -i}. */
    IN,
    /** The interface the packet leaves on, {@code -o}. */
    OUT
  }

  /** Input or output. */
  @Value.Parameter
  public abstract Side side();

  /** The interface name, possibly ending in {@code +}. */
  @Value.Parameter
  public abstract String name();

  @Override
  @Value.Parameter
  public abstract boolean negated();

  /** Matches packets arriving on {@code name}. */
  public static InterfaceMatch in(String name) {
    return ImmutableInterfaceMatch.of(Side.IN, name, false);
  }

  /** Matches packets leaving on {@code name}. */
  public static InterfaceMatch out(String name) {
    return ImmutableInterfaceMatch.of(Side.OUT, name, false);
  }

  /** Returns this match negated. */
  public final InterfaceMatch negate() {
    return ImmutableInterfaceMatch.of(side(), name(), !negated());
  }

  /** Whether the name ends in {@code +}. */
  public final boolean isWildcard() {
    return name().endsWith("+");
  }

  @Value.Check
  final void check() {
    Names.checkInterface(name());
  }

  @Override
  public final Optional<HeaderField> headerField() {
    return Optional.of(side() == Side.IN ? HeaderField.IN_INTERFACE : HeaderField.OUT_INTERFACE);
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitInterface(this);
  }
}
