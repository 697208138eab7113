package dev.rampart.testing;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.rampart.analysis.DeadRules;
import dev.rampart.analysis.Finding;
import dev.rampart.analysis.Invariants;
import dev.rampart.core.AdminAccess;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.LockoutCheck;
import dev.rampart.core.snapshot.Snapshot;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Ruleset}: choose the host it runs on, then assert verdicts or the
 * exposure; or assert that it keeps the administrator's access, or has no dead rules.
 */
public final class RulesetAssert extends AbstractAssert<RulesetAssert, Ruleset> {
  RulesetAssert(Ruleset actual) {
    super(actual, RulesetAssert.class);
  }

  /** Asserts verdicts, or the exposure, of the ruleset loaded on {@code host}. */
  public VerdictAssert on(Host host) {
    isNotNull();
    return new VerdictAssert(Snapshot.of(actual), host);
  }

  /**
   * Asserts that the ruleset keeps its own {@link Ruleset#adminAccess()} in both families, as the
   * renderers' {@link LockoutCheck} checks it (whether or not the ruleset allows a lockout).
   */
  public RulesetAssert keepsAdminAccess() {
    isNotNull();
    return keepsAdminAccess(actual.adminAccess());
  }

  /**
   * Asserts that the ruleset keeps {@code admin} (ports, sources, interfaces, families) in both
   * families, as {@link LockoutCheck} checks it; a failure shows the lockout, e.g. {@code ipv6
   * table filter, chain INPUT: admin access would be dropped (...): port 22/tcp from admin source
   * ::/0 on ...}.
   */
  public RulesetAssert keepsAdminAccess(AdminAccess admin) {
    isNotNull();
    checkNotNull(admin, "admin");
    Ruleset withAdmin = Ruleset.builder().from(actual).adminAccess(admin).build();
    Optional<InvalidModelException> lockout =
        LockoutCheck.findLockout(withAdmin, List.of(Family.IPV4, Family.IPV6));
    if (lockout.isPresent()) {
      failWithMessage(
          "%s", "expected the ruleset to keep " + admin + "\nbut " + lockout.get().getMessage());
    }
    return this;
  }

  /**
   * The host {@link #hasNoDeadRules()} assumes: one uplink {@code eth0} with {@code
   * 198.51.100.1/24} and the default route. Dead rules depend on the host only through address
   * types ({@code -m addrtype}) and routing; give the real host with {@link #hasNoDeadRules(Host)}
   * when the rules test those.
   */
  public static final String DEFAULT_HOST = "eth0=198.51.100.1/24,default=eth0";

  /**
   * Asserts that no rule of the ruleset is dead (no packet reaches and matches it), redundant
   * (removing it changes no verdict) or in a chain no packet enters, as {@link DeadRules} finds
   * them exactly on the host {@link #DEFAULT_HOST}; a failure lists each finding with its place and
   * the rules that cover it.
   */
  public RulesetAssert hasNoDeadRules() {
    return hasNoDeadRules(Host.parse(DEFAULT_HOST));
  }

  /** Asserts {@link #hasNoDeadRules()} on {@code host}. */
  public RulesetAssert hasNoDeadRules(Host host) {
    isNotNull();
    checkNotNull(host, "host");
    ImmutableList<Finding> findings = DeadRules.of(actual, host).findings();
    if (!findings.isEmpty()) {
      StringBuilder text = new StringBuilder("expected no dead or redundant rules but found:");
      for (Finding f : findings) {
        text.append("\n  ").append(f);
        if (!f.related().isEmpty()) {
          text.append("\n    covered by: ").append(f.related());
        }
      }
      failWithMessage("%s", text);
    }
    return this;
  }

  /**
   * Asserts that no later packet of a connection the ruleset allows is dropped, as {@link
   * Invariants#repliesFirst(Ruleset, Host)} checks it exactly on the host {@link #DEFAULT_HOST}:
   * established packets of connections it lets in new (DNATed to containers too), ICMP errors
   * related to them or to the host's own connections, and the replies to connections the host's
   * OUTPUT lets out; a failure lists each dropping place with its witness packet.
   */
  public RulesetAssert repliesAcceptedFirst() {
    return repliesAcceptedFirst(Host.parse(DEFAULT_HOST));
  }

  /** Asserts {@link #repliesAcceptedFirst()} on {@code host}. */
  public RulesetAssert repliesAcceptedFirst(Host host) {
    isNotNull();
    checkNotNull(host, "host");
    ImmutableList<Finding> findings = Invariants.repliesFirst(actual, host);
    if (!findings.isEmpty()) {
      StringBuilder text = new StringBuilder("expected replies accepted first but found:");
      for (Finding f : findings) {
        text.append("\n  ").append(f);
      }
      failWithMessage("%s", text);
    }
    return this;
  }
}
