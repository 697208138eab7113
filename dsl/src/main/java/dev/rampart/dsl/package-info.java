/**
 * A fluent DSL that reads like the policy it builds and produces plain {@link
 * dev.rampart.core.Ruleset} values. Start at {@link dev.rampart.dsl.Rampart#ruleset()}.
 */
@NullMarked
package dev.rampart.dsl;

import org.jspecify.annotations.NullMarked;
