package dev.rampart.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Ascii;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableMap;
import com.google.common.primitives.Ints;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.Protocol;
import java.util.List;

/** Reads the one-line form of {@link Packet#toString()}. */
final class PacketParser {
  private static final ImmutableMap<String, Protocol> NAMES =
      ImmutableMap.<String, Protocol>builder()
          .put("tcp", Protocol.TCP)
          .put("udp", Protocol.UDP)
          .put("icmp", Protocol.ICMP)
          .put("icmpv6", Protocol.ICMPV6)
          .put("ipv6-icmp", Protocol.ICMPV6)
          .put("esp", Protocol.ESP)
          .put("sctp", Protocol.SCTP)
          .buildOrThrow();

  private PacketParser() {}

  /** An address and an optional port (-1). */
  private record Endpoint(String address, int port) {}

  static Packet parse(String text) {
    List<String> t = Splitter.on(' ').omitEmptyStrings().trimResults().splitToList(text);
    checkArgument(
        t.size() >= 4 && t.get(2).equals(">"),
        "packet: expected PROTOCOL SOURCE > DESTINATION [...]: %s",
        text);
    Packet p = Packet.of(protocol(t.get(0)));
    Endpoint src = endpoint(t.get(1));
    Endpoint dst = endpoint(t.get(3));
    p = src.port() < 0 ? p.from(src.address()) : p.from(src.address(), src.port());
    p = dst.port() < 0 ? p.to(dst.address()) : p.to(dst.address(), dst.port());
    int type = p.icmpType().orElse(-1);
    int code = p.icmpCode().orElse(-1);
    for (int i = 4; i < t.size(); i++) {
      String key = t.get(i);
      switch (key) {
        case "local" -> p = p.local();
        case "ipsec-in" -> p = p.ipsecIn();
        case "ipsec-out" -> p = p.ipsecOut();
        default -> {
          checkArgument(i + 1 < t.size(), "packet: %s needs a value: %s", key, text);
          String value = t.get(++i);
          switch (key) {
            case "in" -> p = p.in(value);
            case "out" -> p = p.out(value);
            case "state" -> p = p.state(state(value));
            case "type" -> type = number("icmp type", value);
            case "code" -> code = number("icmp code", value);
            case "mark" -> p = p.mark(mark(value));
            case "origdst" -> {
              Endpoint o = endpoint(value);
              checkArgument(o.port() >= 0, "packet: origdst needs a port: %s", value);
              p = p.originalDestination(o.address(), o.port());
            }
            default -> throw new IllegalArgumentException("packet: unknown word: " + key);
          }
        }
      }
    }
    if (type >= 0 || code >= 0) {
      checkArgument(
          p.icmpType().isPresent(), "packet: icmp type needs icmp or icmpv6: %s", p.protocol());
      p = p.icmpType(Math.max(type, 0), Math.max(code, 0));
    }
    return p;
  }

  private static Protocol protocol(String word) {
    Protocol named = NAMES.get(Ascii.toLowerCase(word));
    if (named != null) {
      return named;
    }
    Integer n = Ints.tryParse(word);
    checkArgument(n != null, "packet: unknown protocol: %s", word);
    return Protocol.of(n);
  }

  private static ConnState state(String word) {
    for (ConnState s : ConnState.values()) {
      if (s.name().equalsIgnoreCase(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException("packet: unknown state: " + word);
  }

  private static int number(String what, String word) {
    Integer n = Ints.tryParse(word);
    checkArgument(n != null && n >= 0 && n <= 255, "packet: %s not in [0, 255]: %s", what, word);
    return n;
  }

  private static long mark(String word) {
    try {
      return word.startsWith("0x") ? Long.parseLong(word.substring(2), 16) : Long.parseLong(word);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("packet: not a mark: " + word, e);
    }
  }

  private static Endpoint endpoint(String word) {
    if (word.startsWith("[")) {
      int close = word.indexOf(']');
      checkArgument(
          close > 0 && (close == word.length() - 1 || word.charAt(close + 1) == ':'),
          "packet: not an address: %s",
          word);
      String port = close == word.length() - 1 ? "" : word.substring(close + 2);
      return new Endpoint(word.substring(1, close), port.isEmpty() ? -1 : port(port, word));
    }
    int colon = word.indexOf(':');
    if (colon < 0 || word.indexOf(':', colon + 1) >= 0) {
      return new Endpoint(word, -1); // IPv4 without a port, or IPv6 without brackets
    }
    return new Endpoint(word.substring(0, colon), port(word.substring(colon + 1), word));
  }

  private static int port(String digits, String word) {
    Integer n = Ints.tryParse(digits);
    checkArgument(n != null && n >= 0 && n <= 65535, "packet: not a port: %s", word);
    return n;
  }
}
