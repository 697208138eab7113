package dev.rampart.analysis;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import java.util.Optional;

/**
 * Where connections come from: {@link #internet()} (every address outside the private and special
 * ranges and the host's own networks), a prefix, a named address set, or anywhere; optionally only
 * on some input interfaces.
 *
 * <pre>{@code
 * SourceClass.internet();
 * SourceClass.cidr("203.0.113.0/24").on("eth0");
 * SourceClass.set("swarm_nodes");
 * }</pre>
 */
public final class SourceClass {
  /** Ranges that are not the internet: private, shared, loopback, link-local, multicast, etc. */
  static final ImmutableList<Cidr> NOT_INTERNET =
      ImmutableList.of(
          Cidr.parse("0.0.0.0/8"),
          Cidr.parse("10.0.0.0/8"),
          Cidr.parse("100.64.0.0/10"),
          Cidr.parse("127.0.0.0/8"),
          Cidr.parse("169.254.0.0/16"),
          Cidr.parse("172.16.0.0/12"),
          Cidr.parse("192.168.0.0/16"),
          Cidr.parse("224.0.0.0/3"),
          Cidr.parse("::/128"),
          Cidr.parse("::1/128"),
          Cidr.parse("fc00::/7"),
          Cidr.parse("fe80::/10"),
          Cidr.parse("ff00::/8"));

  enum Kind {
    INTERNET,
    CIDR,
    SET,
    ANY
  }

  private final Kind kind;
  private final Optional<Cidr> cidr;
  private final Optional<String> set;
  private final ImmutableSet<String> interfaces;

  private SourceClass(
      Kind kind, Optional<Cidr> cidr, Optional<String> set, ImmutableSet<String> interfaces) {
    this.kind = kind;
    this.cidr = cidr;
    this.set = set;
    this.interfaces = interfaces;
  }

  /**
   * Every address outside the private, shared, loopback, link-local and multicast ranges and the
   * host's own subnets, arriving on the interface of the host's default route (on every interface
   * but loopback when it has none, or on those {@link #on} names).
   */
  public static SourceClass internet() {
    return new SourceClass(Kind.INTERNET, Optional.empty(), Optional.empty(), ImmutableSet.of());
  }

  /** Every address. */
  public static SourceClass any() {
    return new SourceClass(Kind.ANY, Optional.empty(), Optional.empty(), ImmutableSet.of());
  }

  /** The addresses of {@code prefix}, e.g. {@code 203.0.113.0/24}. */
  public static SourceClass cidr(String prefix) {
    return new SourceClass(
        Kind.CIDR, Optional.of(Cidr.parse(prefix)), Optional.empty(), ImmutableSet.of());
  }

  /** The addresses of the address set {@code name} (its contents must be known). */
  public static SourceClass set(String name) {
    checkNotNull(name, "name");
    return new SourceClass(Kind.SET, Optional.empty(), Optional.of(name), ImmutableSet.of());
  }

  /**
   * This class, arriving only on {@code interfaces} (by default: every interface but loopback, for
   * the internet the default route's).
   */
  public SourceClass on(String... interfaces) {
    return on(ImmutableList.copyOf(interfaces));
  }

  /** This class, arriving only on {@code interfaces}. */
  public SourceClass on(Iterable<String> interfaces) {
    return new SourceClass(kind, cidr, set, ImmutableSet.copyOf(interfaces));
  }

  /** The interfaces connections arrive on; empty for every interface but loopback. */
  public ImmutableSet<String> interfaces() {
    return interfaces;
  }

  Kind kind() {
    return kind;
  }

  Optional<Cidr> cidr() {
    return cidr;
  }

  Optional<String> setName() {
    return set;
  }

  /** Whether the class has addresses of {@code family} at all. */
  boolean covers(Family family) {
    return cidr.map(c -> c.family() == family).orElse(true);
  }

  @Override
  public String toString() {
    String what =
        switch (kind) {
          case INTERNET -> "internet";
          case ANY -> "any";
          case CIDR -> cidr.orElseThrow().toString();
          case SET -> "set " + set.orElseThrow();
        };
    return interfaces.isEmpty() ? what : what + " on " + String.join(",", interfaces);
  }
}
