/** JMH benchmarks of building, validating and rendering rulesets. */
@NullMarked
package dev.rampart.bench;

import org.jspecify.annotations.NullMarked;
