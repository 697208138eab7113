/** What Rampart knows about Docker's iptables rules, in one place for every module. */
@NullMarked
package dev.rampart.core.docker;

import org.jspecify.annotations.NullMarked;
