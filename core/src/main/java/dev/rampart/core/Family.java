package dev.rampart.core;

/** An address family a rule or set applies to. */
public enum Family {
  /** IPv4, rendered by {@code iptables}, ferm's {@code ip} domain, nft's {@code ip} family. */
  IPV4,
  /** IPv6, rendered by {@code ip6tables}, ferm's {@code ip6} domain, nft's {@code ip6} family. */
  IPV6;

  /** Returns the lowercase name used in messages: {@code ipv4} or {@code ipv6}. */
  public String label() {
    return this == IPV4 ? "ipv4" : "ipv6";
  }
}
