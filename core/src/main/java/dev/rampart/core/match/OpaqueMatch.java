package dev.rampart.core.match;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.CharMatcher;
import com.google.common.collect.ImmutableList;
import dev.rampart.core.Names;
import dev.rampart.core.Printable;
import org.immutables.value.Value;

/**
 * A match module the model does not interpret ({@code -m u32 --u32 ...}, {@code recent}, {@code
 * hashlimit}, {@code string}, ...), kept as its module name and option tokens so that the iptables
 * backend can write it back as it was read. Other backends refuse it; analyses treat it as unknown.
 */
@Value.Immutable
public abstract non-sealed class OpaqueMatch implements Match {
  OpaqueMatch() {}

  private static final CharMatcher MODULE_CHARS =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("_-"))
          .precomputed();

  /** The module's name, as after {@code -m}: {@code u32}, {@code recent}. */
  @Value.Parameter
  public abstract String module();

  /**
   * The option tokens after {@code -m MODULE} as {@code iptables-save} prints them, unquoted, with
   * {@code !} tokens included: {@code [--string, GET /, --algo, bm]}.
   */
  @Value.Parameter
  public abstract ImmutableList<String> arguments();

  /** Whether the arguments hold a {@code !} token. */
  @Override
  public final boolean negated() {
    return arguments().contains("!");
  }

  /** The module {@code module} with {@code arguments}. */
  public static OpaqueMatch of(String module, Iterable<String> arguments) {
    return ImmutableOpaqueMatch.of(module, arguments);
  }

  @Value.Check
  final void check() {
    checkArgument(!module().isEmpty(), "opaque match module is empty");
    checkArgument(
        MODULE_CHARS.matchesAllOf(module()) && !module().startsWith("-"),
        "opaque match module may only hold letters, digits, '_', '-' and not start with '-': %s",
        Printable.of(module()));
    for (String a : arguments()) {
      checkArgument(!a.isEmpty(), "opaque match argument is empty: %s", arguments());
      checkArgument(
          Names.isPrintable(a),
          "opaque match argument may only hold printable ascii: %s",
          Printable.of(a));
    }
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitOpaque(this);
  }
}
