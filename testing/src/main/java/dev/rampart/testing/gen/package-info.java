/**
 * Generators of realistic firewall inputs as plain functions of a seeded {@link
 * java.util.random.RandomGenerator} (any engine can drive them), and {@link QtGenerators}, their
 * QuickTheories adapters.
 */
@NullMarked
package dev.rampart.testing.gen;

import org.jspecify.annotations.NullMarked;
