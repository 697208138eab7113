/**
 * Exact analyses of rulesets and host snapshots: {@link dev.rampart.analysis.Exposure} (what a
 * class of sources can reach, through DNAT and forwarding included), {@link
 * dev.rampart.analysis.DeadRules} (dead and redundant rules, unreachable chains), {@link
 * dev.rampart.analysis.RuleOrder} (whether two adjacent rules commute) and {@link
 * dev.rampart.analysis.Invariants} (ordering invariants: replies first, DOCKER-USER neutral, no
 * plain VXLAN, IPv6 parity, swarm ports, lockout, our jump first).
 *
 * <p><b>Header space.</b> A set of packets is a list of pairwise disjoint cubes; a cube is a
 * product of one value set per header field (source and destination address as unsigned 128-bit
 * values, protocol, ports, ICMP type and code, input and output interface as indexes into an
 * alphabet of the names the rules and the host mention, conntrack state, DNAT flag, IPsec in and
 * out, mark, original destination and port), each value set a sorted list of disjoint intervals.
 * Every match the model has is one cube or a union of two (a negation complements one field), so a
 * rule's condition is exact, and splitting the packets that reach a rule into "matched" and "not
 * matched" is an intersection and a difference. Cubes were chosen over a BDD because the fields are
 * intervals and prefixes: a firewall's rules split the space along few boundaries per field, an
 * interval set holds a port list or a prefix list in a few words, and no Java BDD library resolves
 * from Maven Central. Matches the space does not track (rate limits, opaque modules, sets whose
 * contents are unknown, MAC addresses, TCP flags, partial mark masks) are "unknown": packets
 * reaching such a rule follow both outcomes, each tagged with the place it depends on, and results
 * say so rather than guess.
 *
 * <p><b>Dead rules in one pass.</b> {@code DeadRules} enters every built-in chain once with every
 * packet its hook can see and records, per rule, the packets that reached it, matched it and did
 * not go on; a rule whose match is empty is dead. Redundancy follows only the packets a verdict
 * rule matched, from the next rule on, and stops at the first rule that would decide them
 * otherwise, so no rule causes a walk of the whole ruleset again.
 *
 * <p><b>Invariants.</b> The ordering invariants follow sets of packets along the whole incoming
 * path ({@code IncomingPath}: raw, mangle, nat for new connections, routing, filter), so that a
 * finding's witness packet is one the evaluator decides the same way: replies first walks the new
 * packets the host accepts again as established ones; DOCKER-USER neutral walks what an ACCEPT in
 * DOCKER-USER takes through FORWARD with DOCKER-USER emptied; parity compares two exposure maps.
 */
@NullMarked
@RampartStyle
package dev.rampart.analysis;

import dev.rampart.core.RampartStyle;
import org.jspecify.annotations.NullMarked;
