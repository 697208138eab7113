package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.eval.Packet;
import java.net.InetAddress;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * One line of an exposure map: new connections of these protocols to these destination ports get
 * through, to the host itself or (after DNAT) to a container, with a packet that proves it and the
 * place that let it through.
 */
@Value.Immutable
public abstract class Reachable {
  Reachable() {}

  /** The family. */
  public abstract Family family();

  /** The IP protocol numbers (6 tcp, 17 udp, 132 sctp, ...). */
  public abstract ImmutableRangeSet<Integer> protocols();

  /**
   * The destination ports the connection is opened to (as sent, before any DNAT); empty for
   * protocols without ports.
   */
  public abstract ImmutableRangeSet<Integer> ports();

  /** Where the connection ends up after DNAT; empty when it is delivered to the host itself. */
  public abstract Optional<InetAddress> natDestination();

  /** The port after DNAT, when it was rewritten to one port. */
  public abstract Optional<Integer> natPort();

  /** The interface a forwarded connection leaves on; empty when delivered to the host. */
  public abstract Optional<String> outInterface();

  /** One new connection of this line, as sent: the evaluator accepts it. */
  public abstract Packet witness();

  /** The place that accepted it (the filter table's rule or policy). */
  public abstract Optional<Place> decidedBy();

  /** The places whose unknown outcome this line depends on; empty when it is certain. */
  public abstract ImmutableList<Place> dependsOn();

  /** Whether the line is certain (depends on no rate limit, opaque match or unknown set). */
  public final boolean isCertain() {
    return dependsOn().isEmpty();
  }

  /**
   * The deciding place as a person reads it: {@code filter INPUT #3}, {@code no rule decided}, and
   * for an uncertain line {@code ... (depends on <place>; <place>)}.
   */
  public final String via() {
    String via = decidedBy().map(Place::toString).orElse("no rule decided");
    if (isCertain()) {
      return via;
    }
    return via
        + " (depends on "
        + dependsOn().stream().map(Place::toString).collect(Collectors.joining("; "))
        + ")";
  }

  static Builder builder() {
    return new Builder();
  }

  static final class Builder extends ImmutableReachable.Builder {}
}
