package dev.rampart.testing;

import dev.rampart.core.eval.Host;
import dev.rampart.core.snapshot.Snapshot;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Snapshot} (a parsed dump, or a policy applied over one): choose the host
 * it runs on, then assert verdicts.
 */
public final class SnapshotAssert extends AbstractAssert<SnapshotAssert, Snapshot> {
  SnapshotAssert(Snapshot actual) {
    super(actual, SnapshotAssert.class);
  }

  /**
   * Asserts verdicts, or the exposure, of the snapshot's rules on {@code host} (its interfaces and
   * routes).
   */
  public VerdictAssert on(Host host) {
    isNotNull();
    return new VerdictAssert(actual, host);
  }
}
