/**
 * What a host holds, as opposed to a policy we write: {@link dev.rampart.core.snapshot.Snapshot}
 * with its tables, chains and rules (counters and dump lines optional), checked only as the kernel
 * checks.
 */
@NullMarked
@RampartStyle
package dev.rampart.core.snapshot;

import dev.rampart.core.RampartStyle;
import org.jspecify.annotations.NullMarked;
