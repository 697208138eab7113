/** Test helpers that read nft's JSON listing and rendered scripts as comparable structures. */
@NullMarked
package dev.rampart.render.nftables.listing;

import org.jspecify.annotations.NullMarked;
