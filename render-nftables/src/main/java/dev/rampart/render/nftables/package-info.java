/**
 * The nftables backend: {@link dev.rampart.render.nftables.NftablesRenderer} turns a ruleset into
 * one atomic {@code nft -f} script that replaces only Rampart's own tables, and {@link
 * dev.rampart.render.nftables.DockerBackend} says which Docker firewall the host runs beside it.
 */
@NullMarked
package dev.rampart.render.nftables;

import org.jspecify.annotations.NullMarked;
