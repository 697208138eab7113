package dev.rampart.core.match;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Splitter;
import dev.rampart.core.Printable;
import java.util.Locale;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * Matches the source MAC address of an Ethernet frame, {@code -m mac --mac-source
 * 52:54:00:ab:cd:ef}. Only packets that arrived on an interface carry one: the kernel allows it in
 * PREROUTING, INPUT and FORWARD.
 */
@Value.Immutable
public abstract non-sealed class MacMatch implements Match {
  MacMatch() {}

  private static final Pattern MAC =
      Pattern.compile("[0-9A-Fa-f]{1,2}(:[0-9A-Fa-f]{1,2}){5}|[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}");

  private static final Pattern CANONICAL = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

  /** The address as {@code iptables-save} prints it: six lower-case hex pairs joined by colons. */
  @Value.Parameter
  public abstract String address();

  @Override
  @Value.Parameter
  public abstract boolean negated();

  /**
   * Matches the source MAC {@code address}, written {@code 52:54:00:ab:cd:ef}, {@code
   * 52-54-00-AB-CD-EF} or with one-digit groups ({@code 2:0:0:0:0:1}).
   *
   * @throws IllegalArgumentException when {@code address} is not a MAC address
   */
  public static MacMatch source(String address) {
    checkArgument(MAC.matcher(address).matches(), "not a mac address: %s", Printable.of(address));
    StringBuilder canonical = new StringBuilder();
    for (String group : Splitter.onPattern("[:-]").split(address)) {
      canonical.append(canonical.length() == 0 ? "" : ":");
      canonical.append(group.length() == 1 ? "0" : "").append(group.toLowerCase(Locale.ROOT));
    }
    return ImmutableMacMatch.of(canonical.toString(), false);
  }

  /** Returns this match negated. */
  public final MacMatch negate() {
    return ImmutableMacMatch.of(address(), !negated());
  }

  @Value.Check
  final void check() {
    checkArgument(
        CANONICAL.matcher(address()).matches(),
        "mac address is not in canonical form: %s",
        Printable.of(address()));
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitMac(this);
  }
}
