/** The closed family of rule targets ({@link dev.rampart.core.target.Target}) with its visitor. */
@NullMarked
@RampartStyle
package dev.rampart.core.target;

import dev.rampart.core.RampartStyle;
import org.jspecify.annotations.NullMarked;
