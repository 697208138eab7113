/**
 * What a host holds, as opposed to a policy we write: {@link dev.rampart.core.snapshot.Snapshot}
 * with its tables, chains and rules (counters and dump lines optional), checked only as the kernel
 * checks, and {@link dev.rampart.core.snapshot.AfterApply}, what a host holds after a policy is
 * applied to it beside Docker.
 */
@NullMarked
@RampartStyle
package dev.rampart.core.snapshot;

import dev.rampart.core.RampartStyle;
import org.jspecify.annotations.NullMarked;
