package dev.rampart.core.target;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * Change the MSS option of TCP SYN packets, {@code -j TCPMSS --clamp-mss-to-pmtu} or {@code
 * --set-mss 1400}. Needs protocol tcp and a {@link dev.rampart.core.match.TcpFlagsMatch} with SYN
 * set; filter and mangle tables; clamping works in FORWARD, OUTPUT and POSTROUTING only.
 * Non-terminating.
 */
@Value.Immutable
public abstract non-sealed class TcpMss implements Target {
  TcpMss() {}

  /** The MSS to set; empty clamps to the path MTU minus the headers. */
  @Value.Parameter
  public abstract Optional<Integer> mss();

  /** Clamp the MSS to the path MTU, {@code --clamp-mss-to-pmtu}. */
  public static TcpMss clampToPmtu() {
    return ImmutableTcpMss.of(Optional.empty());
  }

  /** Set the MSS to {@code mss}, {@code --set-mss mss}. */
  public static TcpMss setMss(int mss) {
    return ImmutableTcpMss.of(Optional.of(mss));
  }

  @Override
  public final boolean terminating() {
    return false;
  }

  @Value.Check
  final void check() {
    mss()
        .ifPresent(
            m -> checkArgument(m >= 0 && m <= 65535, "tcp mss out of range [0, 65535]: %s", m));
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitTcpMss(this);
  }
}
