/** The immutable model of a firewall ruleset: tables, chains, rules, address sets. */
@NullMarked
@RampartStyle
package dev.rampart.core;

import org.jspecify.annotations.NullMarked;
