package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Place;
import dev.rampart.core.eval.Packet;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One problem an analysis found in a ruleset or snapshot, at a place: a dead or redundant rule, a
 * broken ordering invariant, a lockout. {@code toString()} is the line the {@code check} command
 * prints: {@code <place>: <problem>: <value>}.
 *
 * <pre>{@code
 * Finding f = ...;
 * f.kind();    // DEAD_RULE
 * f.place();   // table filter, chain INPUT, rule 7
 * f.related(); // the earlier rules that cover it
 * }</pre>
 */
@Value.Immutable
public abstract class Finding {
  Finding() {}

  /** What kind of problem a finding is. */
  public enum Kind {
    /** A rule no packet reaches: earlier rules decide every packet it could match. */
    DEAD_RULE,
    /** A rule whose removal changes no verdict. */
    REDUNDANT_RULE,
    /** A user chain with rules that no packet enters: nothing jumps to it, or no jump is live. */
    UNREACHABLE_CHAIN,
    /** Replies (ESTABLISHED, RELATED) can be dropped before they are accepted. */
    LATE_REPLIES,
    /** Our host chain's jump is not the first rule of INPUT. */
    HOST_JUMP_NOT_FIRST,
    /** DOCKER-USER does not end policy-neutral (RETURN) although Docker's chains follow it. */
    DOCKER_USER_NOT_NEUTRAL,
    /**
     * Plain VXLAN (4789/udp without IPsec) is accepted ahead of Docker's encrypted-overlay drop.
     */
    PLAIN_VXLAN,
    /** A swarm port is reachable from sources outside the trusted nodes. */
    SWARM_PORT_UNTRUSTED,
    /** A swarm port is not reachable from the trusted nodes. */
    SWARM_PORT_CLOSED,
    /** A port is reachable on one family and not on the other. */
    FAMILY_PARITY,
    /** The admin port is not reachable from the admin sources on a family the host has. */
    LOCKOUT
  }

  /** What kind of problem this is. */
  public abstract Kind kind();

  /** Where it is: the rule, chain or table at fault. */
  public abstract Place place();

  /**
   * The problem and its value, e.g. {@code shadowed by earlier rules: -p tcp --dport 22 -j ACCEPT}.
   */
  public abstract String message();

  /** Other places that explain it, e.g. the earlier rules that cover a dead rule. */
  public abstract ImmutableList<Place> related();

  /**
   * A packet that shows the problem, where one exists: the evaluator, given it, shows the claimed
   * behaviour (e.g. an established packet a late-replies finding's rule drops).
   */
  public abstract Optional<Packet> witness();

  /** A finding of {@code kind} at {@code place} with {@code message} and no related places. */
  public static Finding of(Kind kind, Place place, String message) {
    return builder().kind(kind).place(place).message(message).build();
  }

  /** A builder of a finding. */
  public static Builder builder() {
    return new Builder();
  }

  /** The line the {@code check} command prints: {@code <place>: <message>}. */
  @Override
  public final String toString() {
    return place() + ": " + message();
  }

  /** Builds a {@link Finding}. */
  public static final class Builder extends ImmutableFinding.Builder {
    Builder() {}
  }
}
