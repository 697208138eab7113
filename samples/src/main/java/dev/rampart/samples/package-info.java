/** Sample policies (scenarios) and the {@code rampart-samples} command line. */
@NullMarked
package dev.rampart.samples;

import org.jspecify.annotations.NullMarked;
