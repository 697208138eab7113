package dev.rampart.analysis;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AdminAccess;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.Place;
import dev.rampart.core.RuleText;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.LockoutCheck;
import dev.rampart.core.eval.SwarmPortCheck;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import java.util.List;
import java.util.Optional;

/**
 * Ordering invariants of a policy or a host snapshot, each a reusable check returning the {@link
 * Finding}s that break it, with their places. The lockout and swarm-port invariants are core's
 * exact checks ({@link LockoutCheck}, {@link SwarmPortCheck}), the ones the renderers and the swarm
 * presets run, turned into findings.
 *
 * <pre>{@code
 * Invariants.lockout(policy);                          // [] when SSH stays reachable
 * Invariants.swarmPorts(snapshot, host.swarmAccess()); // 2377/tcp from outside, ...
 * Invariants.hostJumpFirst(snapshot, "RAMPART-INPUT"); // our jump ahead of Docker's rules
 * }</pre>
 */
public final class Invariants {
  private static final ImmutableList<Family> BOTH = ImmutableList.copyOf(Family.values());

  private Invariants() {}

  /**
   * The lockout of {@code policy}'s {@linkplain Ruleset#adminAccess() admin access}, in both
   * families, whether or not the policy allows it: one {@link Finding.Kind#LOCKOUT} finding at the
   * family's INPUT, or none.
   */
  public static ImmutableList<Finding> lockout(Ruleset policy) {
    checkNotNull(policy, "policy");
    return lockoutFinding(LockoutCheck.findLockout(policy, BOTH));
  }

  /**
   * The lockout of {@code admin} on a host holding {@code snapshot} (a dump, or {@link
   * dev.rampart.core.snapshot.AfterApply#of} of one and a policy), in the snapshot's families.
   */
  public static ImmutableList<Finding> lockout(Snapshot snapshot, AdminAccess admin) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(admin, "admin");
    return lockoutFinding(LockoutCheck.findLockout(snapshot, admin, snapshot.families()));
  }

  /**
   * Swarm's ports reachable from the trusted nodes and from nothing else ({@link SwarmPortCheck}),
   * in both families: {@link Finding.Kind#SWARM_PORT_CLOSED} and {@link
   * Finding.Kind#SWARM_PORT_UNTRUSTED} findings.
   */
  public static ImmutableList<Finding> swarmPorts(Ruleset policy, SwarmAccess access) {
    checkNotNull(policy, "policy");
    checkNotNull(access, "access");
    return swarmFindings(SwarmPortCheck.violations(policy, access, BOTH));
  }

  /** Swarm's ports on a host holding {@code snapshot}, in the snapshot's families. */
  public static ImmutableList<Finding> swarmPorts(Snapshot snapshot, SwarmAccess access) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(access, "access");
    return swarmFindings(SwarmPortCheck.violations(snapshot, access, snapshot.families()));
  }

  /**
   * Our host chain's jump ahead of every other rule in filter INPUT, in every family of {@code
   * snapshot} that has an INPUT with rules: a {@link Finding.Kind#HOST_JUMP_NOT_FIRST} finding at
   * the jump (related: the rules ahead of it), or at INPUT when there is no jump to {@code chain}.
   * For coexist mode, {@code chain} is {@code Coexist.chainFor("INPUT")}; for the swarm presets,
   * their host chain.
   */
  public static ImmutableList<Finding> hostJumpFirst(Snapshot snapshot, String chain) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(chain, "chain");
    ImmutableList.Builder<Finding> out = ImmutableList.builder();
    for (Family family : snapshot.families()) {
      Optional<SnapshotChain> input =
          snapshot.table(family, TableName.FILTER).flatMap(t -> t.chain("INPUT"));
      if (input.isEmpty() || input.get().rules().isEmpty()) {
        continue;
      }
      ChainRef ref = ChainRef.of(family, TableName.FILTER, "INPUT");
      List<SnapshotRule> rules = input.get().rules();
      int at = -1;
      for (int i = 0; i < rules.size() && at < 0; i++) {
        if (rules.get(i).rule().target().chain().filter(chain::equals).isPresent()) {
          at = i;
        }
      }
      if (at < 0) {
        out.add(
            Finding.of(Finding.Kind.HOST_JUMP_NOT_FIRST, ref, "no jump to our chain: " + chain));
      } else if (at > 0) {
        Finding.Builder f =
            Finding.builder()
                .kind(Finding.Kind.HOST_JUMP_NOT_FIRST)
                .place(ref.rule(at + 1))
                .message(
                    "our jump is not the first rule of INPUT: "
                        + at
                        + (at == 1 ? " rule" : " rules")
                        + " ahead of it, the first "
                        + RuleText.of(rules.get(0).rule()));
        for (int i = 0; i < at; i++) {
          f.addRelated(ref.rule(i + 1));
        }
        out.add(f.build());
      }
    }
    return out.build();
  }

  private static ImmutableList<Finding> lockoutFinding(Optional<InvalidModelException> found) {
    return found
        .map(e -> ImmutableList.of(finding(Finding.Kind.LOCKOUT, e)))
        .orElse(ImmutableList.of());
  }

  private static ImmutableList<Finding> swarmFindings(List<SwarmPortCheck.Violation> found) {
    ImmutableList.Builder<Finding> out = ImmutableList.builder();
    for (SwarmPortCheck.Violation v : found) {
      out.add(
          finding(
              v.problem() == SwarmPortCheck.Problem.CLOSED
                  ? Finding.Kind.SWARM_PORT_CLOSED
                  : Finding.Kind.SWARM_PORT_UNTRUSTED,
              v.error()));
    }
    return out.build();
  }

  private static Finding finding(Finding.Kind kind, InvalidModelException e) {
    Place place = e.place().orElseThrow(() -> new IllegalStateException("no place: " + e));
    return Finding.of(kind, place, e.problem() + ": " + e.value());
  }
}
