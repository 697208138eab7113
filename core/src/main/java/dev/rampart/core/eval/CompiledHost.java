package dev.rampart.core.eval;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.match.AddressTypeMatch;
import java.util.List;

/** {@link Host}'s routing and address types over addresses as two 64-bit halves. */
final class CompiledHost {
  private final boolean[] ipv6;
  private final long[] addrHi;
  private final long[] addrLo;
  private final long[] maskHi;
  private final long[] maskLo;
  private final long[] bcastLo;
  private final int[] prefix;
  private final String[] iface;
  private final String defaultRoute;

  CompiledHost(Host host) {
    List<Host.Address> all = host.addresses();
    int n = all.size();
    ipv6 = new boolean[n];
    addrHi = new long[n];
    addrLo = new long[n];
    maskHi = new long[n];
    maskLo = new long[n];
    bcastLo = new long[n];
    prefix = new int[n];
    iface = new String[n];
    for (int i = 0; i < n; i++) {
      Host.Address a = all.get(i);
      ipv6[i] = a.family() == Family.IPV6;
      addrHi[i] = AddressRanges.high(a.address());
      addrLo[i] = AddressRanges.low(a.address());
      int bits = Cidr.maxLength(a.family());
      int hostBits = bits - a.prefixLength();
      long hostHi = hostBits <= 64 ? 0 : (hostBits >= 128 ? -1L : (1L << (hostBits - 64)) - 1);
      long hostLo = hostBits >= 64 ? -1L : (1L << hostBits) - 1;
      if (!ipv6[i]) {
        hostLo &= 0xffffffffL;
      }
      maskHi[i] = ~hostHi;
      maskLo[i] = ipv6[i] ? ~hostLo : ~hostLo & 0xffffffffL;
      bcastLo[i] = !ipv6[i] && a.prefixLength() < 31 ? (addrLo[i] | hostLo) : -1;
      prefix[i] = a.prefixLength();
      iface[i] = a.iface();
    }
    defaultRoute = host.defaultRoute().orElse("");
  }

  boolean isLocal(boolean v6, long hi, long lo) {
    if (v6 ? hi == 0 && lo == 1 : (lo >>> 24) == 127) {
      return true;
    }
    for (int i = 0; i < ipv6.length; i++) {
      if (ipv6[i] == v6 && addrHi[i] == hi && addrLo[i] == lo) {
        return true;
      }
    }
    return false;
  }

  AddressTypeMatch.Type type(boolean v6, long hi, long lo) {
    if (isLocal(v6, hi, lo)) {
      return AddressTypeMatch.Type.LOCAL;
    }
    if (v6 ? (hi >>> 56) == 0xff : (lo >>> 28) == 0xe) {
      return AddressTypeMatch.Type.MULTICAST;
    }
    if (!v6) {
      if (lo == 0xffffffffL) {
        return AddressTypeMatch.Type.BROADCAST;
      }
      for (int i = 0; i < ipv6.length; i++) {
        if (!ipv6[i] && bcastLo[i] == lo) {
          return AddressTypeMatch.Type.BROADCAST;
        }
      }
    }
    return AddressTypeMatch.Type.UNICAST;
  }

  /** The output interface for the address, "" when there is no route (and no fallback). */
  String route(boolean v6, long hi, long lo, String fallback) {
    if (isLocal(v6, hi, lo)) {
      return "lo";
    }
    int best = -1;
    for (int i = 0; i < ipv6.length; i++) {
      if (ipv6[i] == v6
          && (hi & maskHi[i]) == (addrHi[i] & maskHi[i])
          && (lo & maskLo[i]) == (addrLo[i] & maskLo[i])
          && (best < 0 || prefix[i] > prefix[best])) {
        best = i;
      }
    }
    if (best >= 0) {
      return iface[best];
    }
    return defaultRoute.isEmpty() ? fallback : defaultRoute;
  }

  /** The interface names routing can produce. */
  String[] interfaces() {
    return iface.clone();
  }

  String defaultRoute() {
    return defaultRoute;
  }
}
