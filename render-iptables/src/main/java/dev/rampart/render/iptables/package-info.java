/**
 * The iptables backend: {@link dev.rampart.render.iptables.IptablesRenderer} writes {@code
 * iptables-restore} / {@code ip6tables-restore} text in the canonical form {@code iptables-save}
 * prints back, {@code ipset restore} text for the address sets, and a POSIX shell apply script.
 */
@NullMarked
package dev.rampart.render.iptables;

import org.jspecify.annotations.NullMarked;
