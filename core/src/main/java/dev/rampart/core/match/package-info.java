/**
 * The closed family of rule matches ({@link dev.rampart.core.match.Match}) with its visitor. A
 * rule's matches form a conjunction.
 */
@NullMarked
@RampartStyle
package dev.rampart.core.match;

import dev.rampart.core.RampartStyle;
import org.jspecify.annotations.NullMarked;
