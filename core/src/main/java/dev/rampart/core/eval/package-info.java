/**
 * What netfilter does with a packet, and why: {@link dev.rampart.core.eval.Packet}, {@link
 * dev.rampart.core.eval.Host}, the tracing {@link dev.rampart.core.eval.Evaluator} and its fast
 * {@link dev.rampart.core.eval.CompiledEvaluator}.
 */
@NullMarked
package dev.rampart.core.eval;

import org.jspecify.annotations.NullMarked;
