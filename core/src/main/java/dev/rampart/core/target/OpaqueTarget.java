package dev.rampart.core.target;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.CharMatcher;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Names;
import dev.rampart.core.Printable;
import java.util.Locale;
import org.immutables.value.Value;

/**
 * A target the model does not interpret ({@code -j TRACE}, {@code -j NFQUEUE --queue-num 1}, ...),
 * kept as its name and option tokens so that the iptables backend can write it back as it was read.
 * Other backends refuse it; analyses treat what it does as unknown beyond {@link #kind()}.
 */
@Value.Immutable
public abstract non-sealed class OpaqueTarget implements Target {
  OpaqueTarget() {}

  /**
   * Targets whose kernel function always returns a verdict (accept, drop, queue, stolen), so that
   * traversal ends at them.
   */
  private static final ImmutableSet<String> TERMINATING =
      ImmutableSet.of(
          "ACCEPT",
          "DROP",
          "QUEUE",
          "NFQUEUE",
          "REJECT",
          "DNAT",
          "SNAT",
          "MASQUERADE",
          "REDIRECT",
          "NETMAP",
          "TPROXY");

  /** Targets whose kernel function always returns {@code XT_CONTINUE}. */
  private static final ImmutableSet<String> NON_TERMINATING =
      ImmutableSet.of(
          "AUDIT",
          "CHECKSUM",
          "CLASSIFY",
          "CONNMARK",
          "CONNSECMARK",
          "CT",
          "DNPT",
          "DSCP",
          "ECN",
          "HL",
          "HMARK",
          "IDLETIMER",
          "LED",
          "LOG",
          "MARK",
          "NFLOG",
          "NOTRACK",
          "RATEEST",
          "SECMARK",
          "SET",
          "SNPT",
          "TCPMSS",
          "TCPOPTSTRIP",
          "TEE",
          "TOS",
          "TRACE",
          "TTL",
          "ULOG");

  private static final CharMatcher NAME_CHARS =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("_-."))
          .precomputed();

  /** Whether traversal ends at a target. */
  public enum Kind {
    /** Always ends traversal: it accepts, drops, queues or steals the packet. */
    TERMINATING,
    /** Always continues with the next rule. */
    NON_TERMINATING,
    /**
     * Not known, or depends on the packet: {@code CLUSTERIP} and {@code SYNPROXY} continue for some
     * packets and drop others.
     */
    UNKNOWN
  }

  /** The target's name, as after {@code -j}: {@code TRACE}, {@code NFQUEUE}. */
  @Value.Parameter
  public abstract String name();

  /**
   * The option tokens after {@code -j NAME} as {@code iptables-save} prints them, unquoted: {@code
   * [--queue-num, 1]}.
   */
  @Value.Parameter
  public abstract ImmutableList<String> arguments();

  /** The target {@code name} with {@code arguments}. */
  public static OpaqueTarget of(String name, Iterable<String> arguments) {
    return ImmutableOpaqueTarget.of(name, arguments);
  }

  /** Whether traversal ends at this target, from a table of known target names. */
  public final Kind kind() {
    String upper = name().toUpperCase(Locale.ROOT);
    if (TERMINATING.contains(upper)) {
      return Kind.TERMINATING;
    }
    return NON_TERMINATING.contains(upper) ? Kind.NON_TERMINATING : Kind.UNKNOWN;
  }

  /** Whether {@link #kind()} is {@link Kind#TERMINATING}. */
  @Override
  public final boolean terminating() {
    return kind() == Kind.TERMINATING;
  }

  @Value.Check
  final void check() {
    checkArgument(!name().isEmpty(), "opaque target name is empty");
    checkArgument(
        NAME_CHARS.matchesAllOf(name()) && !name().startsWith("-"),
        "opaque target name may only hold letters, digits, '_', '-', '.' and not start with"
            + " '-': %s",
        Printable.of(name()));
    for (String a : arguments()) {
      checkArgument(!a.isEmpty(), "opaque target argument is empty: %s", arguments());
      checkArgument(
          Names.isPrintable(a),
          "opaque target argument may only hold printable ascii: %s",
          Printable.of(a));
    }
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitOpaque(this);
  }
}
