/**
 * Swarm-aware presets: {@link dev.rampart.dsl.swarm.SwarmHost} turns a few facts about a Docker
 * Swarm node into a complete policy, {@link dev.rampart.dsl.swarm.Cluster} turns one description of
 * a swarm into every node's policy, and the building blocks they are made of ({@link
 * dev.rampart.dsl.swarm.SourceSet}, {@link dev.rampart.dsl.swarm.IcmpEssentials}, {@link
 * dev.rampart.dsl.swarm.SwarmPorts}, {@link dev.rampart.dsl.swarm.DockerUserAllowList}, {@link
 * dev.rampart.dsl.swarm.HostChain}) are public so a policy the preset does not foresee can be
 * composed from them. Render swarm policies in coexist mode: Docker owns the rest of the tables.
 */
@NullMarked
@RampartStyle
package dev.rampart.dsl.swarm;

import dev.rampart.core.RampartStyle;
import org.jspecify.annotations.NullMarked;
