package dev.rampart.core.match;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Matches the source or destination address against a list of prefixes, {@code -s 10.0.0.0/8}. All
 * prefixes share one family. A negated list matches addresses in none of the prefixes; a negated
 * list of more than one prefix needs a named set in iptables.
 */
@Value.Immutable
public abstract non-sealed class AddressMatch implements Match {
  AddressMatch() {}

  /** Source or destination. */
  public abstract Direction direction();

  /** The prefixes, at least one, all of one family, no duplicates. */
  public abstract ImmutableList<Cidr> addresses();

  @Override
  @Value.Default
  public boolean negated() {
    return false;
  }

  /** The family of the prefixes. */
  public final Family family() {
    return addresses().get(0).family();
  }

  /** Matches the source address against {@code addresses}. */
  public static AddressMatch source(Iterable<Cidr> addresses) {
    return builder().direction(Direction.SOURCE).addAllAddresses(addresses).build();
  }

  /** Matches the destination address against {@code addresses}. */
  public static AddressMatch destination(Iterable<Cidr> addresses) {
    return builder().direction(Direction.DESTINATION).addAllAddresses(addresses).build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link AddressMatch}. */
  public static final class Builder extends ImmutableAddressMatch.Builder {}

  /** Returns this match negated. */
  public final AddressMatch negate() {
    return builder().from(this).negated(!negated()).build();
  }

  @Value.Check
  final void check() {
    if (addresses().isEmpty()) {
      throw InvalidModelException.of("address list is empty", "");
    }
    Family family = family();
    for (Cidr c : addresses()) {
      if (c.family() != family) {
        throw InvalidModelException.of("address list mixes ipv4 and ipv6", c);
      }
    }
    Optional<Cidr> duplicate = Duplicates.first(addresses());
    if (duplicate.isPresent()) {
      throw InvalidModelException.of("address list has a duplicate", duplicate.get());
    }
  }

  @Override
  public final Optional<HeaderField> headerField() {
    return Optional.of(
        direction() == Direction.SOURCE ? HeaderField.SOURCE : HeaderField.DESTINATION);
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitAddress(this);
  }
}
