package dev.rampart.core;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.HashSet;
import java.util.Set;
import org.immutables.value.Value;

/**
 * How the administrator reaches the host: TCP ports (SSH's 22 by default), from which sources, on
 * which interfaces. Renderers refuse a ruleset whose INPUT would drop a new connection to an admin
 * port from an admin source, in a family it renders, unless the ruleset allows the lockout ({@link
 * Ruleset#lockoutAllowed()}).
 *
 * <p>Sources hold both families; a family with no source of its own is reached from anywhere (the
 * guides' IPv4-only policy that drops all of IPv6 is a lockout). A host the administrator reaches
 * over one family only says so with {@link #families()}. No interfaces means every interface: a
 * rule that accepts SSH on {@code eth0} only does not make the host reachable over {@code eth1}.
 *
 * <pre>{@code
 * AdminAccess admins = AdminAccess.builder()
 *     .addPorts(22)
 *     .addSources(Cidr.parse("203.0.113.0/24"), Cidr.parse("2001:db8:1::/48"))
 *     .addInterfaces("eth0")
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class AdminAccess {
  /** SSH's port. */
  public static final int SSH_PORT = 22;

  private static final AdminAccess SSH = builder().addPorts(SSH_PORT).build();

  AdminAccess() {}

  /** The TCP ports, at least one, each in [1, 65535]. */
  @Value.NaturalOrder
  public abstract ImmutableSortedSet<Integer> ports();

  /** The admin sources, of both families; a family with none of them is reached from anywhere. */
  @Value.NaturalOrder
  public abstract ImmutableSortedSet<Cidr> sources();

  /** The families the administrator comes in over; empty means both. */
  @Value.NaturalOrder
  public abstract ImmutableSortedSet<Family> families();

  /** The interfaces the administrator comes in on; empty means every interface. */
  public abstract ImmutableList<String> interfaces();

  /** The default: SSH (22/tcp) from anywhere, on every interface. */
  public static AdminAccess ssh() {
    return SSH;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The sources of {@code family}: none when the administrator does not come in over it, else the
   * declared ones of that family, else {@code 0.0.0.0/0} or {@code ::/0} (anywhere).
   */
  public final ImmutableList<Cidr> sources(Family family) {
    if (!families().isEmpty() && !families().contains(family)) {
      return ImmutableList.of();
    }
    ImmutableList<Cidr> own =
        sources().stream()
            .filter(c -> c.family() == family)
            .collect(ImmutableList.toImmutableList());
    return own.isEmpty()
        ? ImmutableList.of(Cidr.parse(family == Family.IPV4 ? "0.0.0.0/0" : "::/0"))
        : own;
  }

  /** Builds an {@link AdminAccess}. */
  public static final class Builder extends ImmutableAdminAccess.Builder {}

  @Value.Check
  final void check() {
    if (ports().isEmpty()) {
      throw InvalidModelException.of("admin access needs a port", "");
    }
    for (int port : ports()) {
      if (port < 1 || port > 65535) {
        throw InvalidModelException.of("admin port out of range [1, 65535]", port);
      }
    }
    for (Cidr source : sources()) {
      if (!families().isEmpty() && !families().contains(source.family())) {
        throw InvalidModelException.of(
            "admin source of a family the administrator does not come in over", source);
      }
    }
    Set<String> seen = new HashSet<>();
    for (String name : interfaces()) {
      Names.checkInterface(name);
      if (name.endsWith("+")) {
        throw InvalidModelException.of("an admin interface is one interface, not a prefix", name);
      }
      if (!seen.add(name)) {
        throw InvalidModelException.of("admin interface listed twice", name);
      }
    }
  }
}
