/**
 * The ferm backend: {@link dev.rampart.render.ferm.FermRenderer} turns a {@link
 * dev.rampart.core.Ruleset} into a ferm configuration (one file or {@code ferm.conf} plus {@code
 * ferm.d/}), an ipset file and an apply script.
 */
@NullMarked
package dev.rampart.render.ferm;

import org.jspecify.annotations.NullMarked;
