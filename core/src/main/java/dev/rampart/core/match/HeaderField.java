package dev.rampart.core.match;

/**
 * A field of the fixed header of an iptables rule ({@code struct ipt_ip}), tested without a match
 * module. Declared in the order {@code iptables-save} prints them: {@code -s -d -i -o -p}.
 */
public enum HeaderField {
  /** The source address, {@code -s}. */
  SOURCE,
  /** The destination address, {@code -d}. */
  DESTINATION,
  /** The input interface, {@code -i}. */
  IN_INTERFACE,
  /** The output interface, {@code -o}. */
  OUT_INTERFACE,
  /** The protocol, {@code -p}. */
  PROTOCOL
}
