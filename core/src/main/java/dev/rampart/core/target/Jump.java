package dev.rampart.core.target;

import dev.rampart.core.Names;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Continue in a user chain: {@code -j CHAIN} returns here when that chain ends or returns; {@code
 * -g CHAIN} (goto) returns to this chain's caller instead.
 */
@Value.Immutable
public abstract non-sealed class Jump implements Target {
  Jump() {}

  /** The name of the user chain this jumps (or goes) to. */
  @Value.Parameter
  public abstract String chainName();

  /** Whether this is a goto ({@code -g}) rather than a jump ({@code -j}). */
  @Override
  @Value.Parameter
  public abstract boolean isGoto();

  /** Jump to {@code chain}. */
  public static Jump to(String chain) {
    return ImmutableJump.of(chain, false);
  }

  /** Go to {@code chain}. */
  public static Jump goTo(String chain) {
    return ImmutableJump.of(chain, true);
  }

  @Override
  public final Optional<String> chain() {
    return Optional.of(chainName());
  }

  @Override
  public final boolean terminating() {
    return true;
  }

  /** A jump comes back when the called chain ends or returns; a goto does not. */
  @Override
  public final boolean mayContinue() {
    return !isGoto();
  }

  @Value.Check
  final void check() {
    Names.checkChain(chainName());
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitJump(this);
  }
}
