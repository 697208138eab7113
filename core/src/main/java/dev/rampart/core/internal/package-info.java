/**
 * Code the renderers share that is no public API: the {@code ipset restore} text ({@code
 * IpsetRestore}), the frame of every backend's {@code apply.sh} and its systemd units ({@code
 * ApplyFrame}). Exported only to the renderer modules that use them ({@code exports ... to}), so no
 * renderer depends on another's public API.
 */
@NullMarked
package dev.rampart.core.internal;

import org.jspecify.annotations.NullMarked;
