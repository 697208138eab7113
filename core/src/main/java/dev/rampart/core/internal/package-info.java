/**
 * Code the renderers share that is no public API: the frame of every backend's {@code apply.sh} and
 * its systemd units. Exported only to the renderer modules.
 */
@NullMarked
package dev.rampart.core.internal;

import org.jspecify.annotations.NullMarked;
