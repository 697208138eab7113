/** Helper programs that the kernel lab runs in a separate JVM inside a network namespace. */
@NullMarked
package dev.rampart.testing.internal;

import org.jspecify.annotations.NullMarked;
