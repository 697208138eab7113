package dev.rampart.core.target;

import static com.google.common.base.Preconditions.checkArgument;

import dev.rampart.core.Names;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Pass the packet to a netlink logging group, {@code -j NFLOG --nflog-group 5}, and continue with
 * the next rule. Non-terminating.
 */
@Value.Immutable
public abstract non-sealed class Nflog implements Target {
  Nflog() {}

  /** The netlink group, 0 to 65535. */
  @Value.Default
  public int group() {
    return 0;
  }

  /** The log prefix, checked as {@link Names#checkNflogPrefix(String)}. */
  public abstract Optional<String> prefix();

  /** How many packets the kernel queues before sending them to userspace, 1 to 65535. */
  public abstract Optional<Integer> threshold();

  /** How many bytes of each packet are copied to userspace. */
  public abstract Optional<Integer> size();

  /** Logs to netlink group {@code group}. */
  public static Nflog group(int group) {
    return builder().group(group).build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Nflog}. */
  public static final class Builder extends ImmutableNflog.Builder {}

  @Override
  public final boolean terminating() {
    return false;
  }

  @Value.Check
  final void check() {
    checkArgument(
        group() >= 0 && group() <= 65535, "nflog group out of range [0, 65535]: %s", group());
    prefix().ifPresent(Names::checkNflogPrefix);
    threshold()
        .ifPresent(
            t ->
                checkArgument(
                    t >= 1 && t <= 65535, "nflog threshold out of range [1, 65535]: %s", t));
    size().ifPresent(s -> checkArgument(s >= 0, "nflog size out of range [0, 2147483647]: %s", s));
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitNflog(this);
  }
}
