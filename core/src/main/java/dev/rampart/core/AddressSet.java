package dev.rampart.core;

import com.google.common.collect.ImmutableSortedSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * A named set of addresses of one family, matched in O(1) per packet. Rendered as an ipset ({@code
 * hash:net} or {@code hash:ip}), a ferm list or an nft set.
 */
@Value.Immutable
public abstract class AddressSet {
  AddressSet() {}

  /** What the set holds. */
  public enum Kind {
    /** Networks of any prefix length ({@code hash:net}, nft {@code flags interval}). */
    NET,
    /** Single addresses only ({@code hash:ip}). */
    IP
  }

  /** The name, 1-31 characters of {@code [A-Za-z0-9_.-]}. */
  public abstract String name();

  /** The family of every element. */
  public abstract Family family();

  /** Networks or single addresses. */
  @Value.Default
  public Kind kind() {
    return Kind.NET;
  }

  /** The largest timeout ipset takes, in seconds. */
  public static final long MAX_TIMEOUT = 2147483;

  /**
   * ipset's initial hash size ({@code hashsize}, a power of two from 64); a sizing hint of ipset
   * only: nft sizes its sets itself, so the nftables backend does not write it.
   */
  public abstract OptionalInt hashSize();

  /**
   * The most elements the set holds ({@code maxelem}, nft {@code size}); ipset's default is {@link
   * IpsetLimits#DEFAULT_MAXELEM}.
   */
  public abstract OptionalInt maxElements();

  /**
   * The default lifetime of an element in seconds ({@code timeout}, nft {@code flags timeout;
   * timeout Ns}): the set's elements, and those added at run time, expire after it.
   */
  public abstract OptionalLong timeout();

  /** The elements, sorted, no duplicates; may be empty (filled at run time). */
  @Value.NaturalOrder
  public abstract ImmutableSortedSet<Cidr> elements();

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A set of networks named {@code name} holding {@code elements}, all of {@code family}. */
  public static AddressSet of(String name, Family family, Iterable<Cidr> elements) {
    return builder().name(name).family(family).addAllElements(elements).build();
  }

  /** Builds an {@link AddressSet}. */
  public static final class Builder extends ImmutableAddressSet.Builder {}

  @Value.Check
  final void check() {
    Names.checkSet(name());
    Optional<Cidr> wrong = elements().stream().filter(c -> c.family() != family()).findFirst();
    if (wrong.isPresent()) {
      throw InvalidModelException.of(
          SetRef.of(name()),
          wrong.get().family().label() + " element in an " + family().label() + " set",
          wrong.get());
    }
    SetRef place = SetRef.of(name());
    if (hashSize().isPresent()) {
      int h = hashSize().getAsInt();
      if (h < 64 || Integer.bitCount(h) != 1) {
        throw InvalidModelException.of(place, "hashsize is not a power of two from 64", h);
      }
    }
    if (maxElements().isPresent() && maxElements().getAsInt() < 1) {
      throw InvalidModelException.of(place, "maxelem below 1", maxElements().getAsInt());
    }
    if (timeout().isPresent()) {
      long t = timeout().getAsLong();
      if (t < 1 || t > MAX_TIMEOUT) {
        throw InvalidModelException.of(
            place, "timeout out of range [1, " + MAX_TIMEOUT + "] seconds", t);
      }
    }
    if (kind() == Kind.IP) {
      Optional<Cidr> net = elements().stream().filter(c -> !c.isHost()).findFirst();
      if (net.isPresent()) {
        throw InvalidModelException.of(
            SetRef.of(name()),
            "a set of kind ip holds single addresses, use kind net for",
            net.get());
      }
    }
  }
}
