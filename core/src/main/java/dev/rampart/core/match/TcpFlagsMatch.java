package dev.rampart.core.match;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import java.util.EnumSet;
import org.immutables.value.Value;

/**
 * Matches TCP flags: of the flags in {@link #mask()}, exactly those in {@link #set()} are set,
 * {@code -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN}. Needs a tcp protocol match in the same
 * rule.
 */
@Value.Immutable
public abstract non-sealed class TcpFlagsMatch implements Match {
  TcpFlagsMatch() {}

  /** The flags examined, at least one. */
  @Value.Parameter
  public abstract ImmutableSet<TcpFlag> mask();

  /** The flags that must be set, a subset of {@link #mask()}; the others in the mask are clear. */
  @Value.Parameter
  public abstract ImmutableSet<TcpFlag> set();

  @Override
  @Value.Parameter
  public abstract boolean negated();

  /** Matches packets whose flags in {@code mask} are exactly {@code set}. */
  public static TcpFlagsMatch of(Iterable<TcpFlag> mask, Iterable<TcpFlag> set) {
    return ImmutableTcpFlagsMatch.of(sorted(mask), sorted(set), false);
  }

  /** Matches the first packet of a connection, {@code --syn}: FIN,SYN,RST,ACK with only SYN. */
  public static TcpFlagsMatch syn() {
    return of(
        ImmutableSet.of(TcpFlag.FIN, TcpFlag.SYN, TcpFlag.RST, TcpFlag.ACK),
        ImmutableSet.of(TcpFlag.SYN));
  }

  /** Returns this match negated. */
  public final TcpFlagsMatch negate() {
    return ImmutableTcpFlagsMatch.of(mask(), set(), !negated());
  }

  /** Whether this (non-negated) match requires SYN set, as TCPMSS needs. */
  public final boolean requiresSyn() {
    return !negated() && set().contains(TcpFlag.SYN);
  }

  private static ImmutableSet<TcpFlag> sorted(Iterable<TcpFlag> flags) {
    EnumSet<TcpFlag> s = EnumSet.noneOf(TcpFlag.class);
    flags.forEach(s::add);
    return ImmutableSet.copyOf(s);
  }

  @Value.Check
  final void check() {
    checkArgument(!mask().isEmpty(), "tcp flags mask is empty");
    checkArgument(
        mask().containsAll(set()),
        "tcp flags set outside the mask %s: %s",
        mask(),
        Sets.difference(set(), mask()));
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitTcpFlags(this);
  }
}
