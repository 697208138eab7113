/**
 * Text formats more than one renderer writes, shared without making one renderer depend on another:
 * exported only to the renderer modules that use them ({@code exports ... to}), not an API for
 * users.
 */
@NullMarked
package dev.rampart.core.internal;

import org.jspecify.annotations.NullMarked;
