package dev.rampart.core.eval;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Cidr;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.OpaqueMatch;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches compiled to predicates over a {@link Scratch}: the same decisions as {@link MatchTruth},
 * on primitive fields. A predicate answers {@link #FALSE}, {@link #TRUE} or {@link #UNKNOWN}.
 */
final class CompiledMatch implements Match.Visitor<CompiledMatch.Pred> {
  static final int FALSE = 0;
  static final int TRUE = 1;
  static final int UNKNOWN = 2;

  /**
   * A match the compiled form leaves to the tracing evaluator (which reads packet fields the
   * compiled form does not carry): unknown here, so that evaluation hands over.
   */
  private static final Pred HANDOVER =
      new Pred() {
        @Override
        int test(Scratch s) {
          return UNKNOWN;
        }
      };

  /** One compiled match. */
  abstract static class Pred {
    abstract int test(Scratch s);

    static int of(boolean b, boolean negated) {
      return b != negated ? TRUE : FALSE;
    }
  }

  private final EvalModel model;
  private final CompiledHost host;

  /** Each known set's ranges, built once however many rules test the set. */
  private final Map<String, AddressRanges> setRanges = new HashMap<>();

  /** Each interface name or pattern's bit in the masks: its index in {@code patterns}. */
  private final Map<String, Integer> bits = new HashMap<>();

  CompiledMatch(EvalModel model, CompiledHost host, List<String> patterns) {
    this.model = model;
    this.host = host;
    for (int k = 0; k < patterns.size(); k++) {
      bits.putIfAbsent(patterns.get(k), k);
    }
  }

  @Override
  public Pred visitProtocol(ProtocolMatch m) {
    int n = m.protocol().number();
    boolean neg = m.negated();
    return new Pred() {
      @Override
      int test(Scratch s) {
        return of(s.protocol == n, neg);
      }
    };
  }

  private static Pred addresses(Direction d, AddressRanges r, boolean neg) {
    return d == Direction.SOURCE
        ? new Pred() {
          @Override
          int test(Scratch s) {
            return of(r.contains(s.srcHi, s.srcLo), neg);
          }
        }
        : new Pred() {
          @Override
          int test(Scratch s) {
            return of(r.contains(s.dstHi, s.dstLo), neg);
          }
        };
  }

  @Override
  public Pred visitAddress(AddressMatch m) {
    return addresses(m.direction(), AddressRanges.of(m.addresses()), m.negated());
  }

  @Override
  public Pred visitSet(SetMatch m) {
    Optional<ImmutableList<Cidr>> contents = model.sets.getOrDefault(m.setName(), Optional.empty());
    if (contents.isEmpty()) {
      return new Pred() {
        @Override
        int test(Scratch s) {
          return UNKNOWN;
        }
      };
    }
    AddressRanges ranges =
        setRanges.computeIfAbsent(m.setName(), name -> AddressRanges.of(contents.get()));
    return addresses(m.direction(), ranges, m.negated());
  }

  @Override
  public Pred visitPort(PortMatch m) {
    int n = m.ports().size();
    int[] first = new int[n];
    int[] last = new int[n];
    for (int i = 0; i < n; i++) {
      first[i] = m.ports().get(i).first();
      last[i] = m.ports().get(i).last();
    }
    boolean src = m.direction() == Direction.SOURCE;
    boolean neg = m.negated();
    return new Pred() {
      @Override
      int test(Scratch s) {
        if (!s.hasPorts()) {
          return FALSE;
        }
        int p = src ? s.sourcePort : s.destinationPort;
        for (int i = 0; i < first.length; i++) {
          if (p >= first[i] && p <= last[i]) {
            return of(true, neg);
          }
        }
        return of(false, neg);
      }
    };
  }

  @Override
  public Pred visitInterface(InterfaceMatch m) {
    int k = bits.getOrDefault(m.name(), -1);
    int word = k >>> 6;
    long bit = 1L << (k & 63);
    boolean in = m.side() == InterfaceMatch.Side.IN;
    boolean neg = m.negated();
    return new Pred() {
      @Override
      int test(Scratch s) {
        long[] mask = in ? s.inMask : s.outMask;
        return of((mask[word] & bit) != 0, neg);
      }
    };
  }

  @Override
  public Pred visitConntrackState(ConntrackStateMatch m) {
    EnumSet<ConnState> states = EnumSet.copyOf(m.states());
    boolean dnat = m.states().contains(ConnState.DNAT);
    boolean neg = m.negated();
    return new Pred() {
      @Override
      int test(Scratch s) {
        boolean any =
            (s.state != ConnState.DNAT && s.state != ConnState.SNAT && states.contains(s.state))
                || (dnat && s.dnat && s.state != ConnState.UNTRACKED);
        return of(any, neg);
      }
    };
  }

  @Override
  public Pred visitConntrackOriginal(ConntrackOriginalMatch m) {
    AddressRanges dst = m.destination().map(c -> AddressRanges.of(List.of(c))).orElse(null);
    PortRange port = m.destinationPort().orElse(null);
    boolean neg = m.negated();
    return new Pred() {
      @Override
      int test(Scratch s) {
        if (s.state == ConnState.UNTRACKED || s.state == ConnState.INVALID) {
          return FALSE;
        }
        boolean ok = dst == null || dst.contains(s.origHi, s.origLo);
        if (port != null) {
          if (s.origPort < 0) {
            return FALSE;
          }
          ok &= s.origPort >= port.first() && s.origPort <= port.last();
        }
        return of(ok, neg);
      }
    };
  }

  @Override
  public Pred visitIcmpType(IcmpTypeMatch m) {
    int proto = m.protocol().number();
    int type = m.type();
    int code = m.code().orElse(-1);
    boolean neg = m.negated();
    return new Pred() {
      @Override
      int test(Scratch s) {
        if (s.protocol != proto || s.icmpType < 0) {
          return FALSE;
        }
        return of(s.icmpType == type && (code < 0 || code == s.icmpCode), neg);
      }
    };
  }

  @Override
  public Pred visitLimit(LimitMatch m) {
    return new Pred() {
      @Override
      int test(Scratch s) {
        return UNKNOWN;
      }
    };
  }

  @Override
  public Pred visitPolicy(PolicyMatch m) {
    boolean in = m.dir() == PolicyMatch.Dir.IN;
    boolean ipsec = m.processing() == PolicyMatch.Processing.IPSEC;
    return new Pred() {
      @Override
      int test(Scratch s) {
        return of((in ? s.ipsecIn : s.ipsecOut) == ipsec, false);
      }
    };
  }

  @Override
  public Pred visitAddressType(AddressTypeMatch m) {
    AddressTypeMatch.Type type = m.type();
    boolean src = m.direction() == Direction.SOURCE;
    boolean neg = m.negated();
    return new Pred() {
      @Override
      int test(Scratch s) {
        AddressTypeMatch.Type t =
            src ? host.type(s.ipv6, s.srcHi, s.srcLo) : host.type(s.ipv6, s.dstHi, s.dstLo);
        return of(t == type, neg);
      }
    };
  }

  @Override
  public Pred visitMark(MarkMatch m) {
    long value = m.value();
    long mask = m.mask();
    boolean neg = m.negated();
    return new Pred() {
      @Override
      int test(Scratch s) {
        return of((s.mark & mask) == value, neg);
      }
    };
  }

  @Override
  public Pred visitOpaque(OpaqueMatch m) {
    return HANDOVER;
  }

  @Override
  public Pred visitIpRange(IpRangeMatch m) {
    return HANDOVER;
  }

  @Override
  public Pred visitMac(MacMatch m) {
    return HANDOVER;
  }

  @Override
  public Pred visitPacketType(PacketTypeMatch m) {
    return HANDOVER;
  }

  @Override
  public Pred visitOwner(OwnerMatch m) {
    return HANDOVER;
  }

  @Override
  public Pred visitTcpFlags(TcpFlagsMatch m) {
    return HANDOVER;
  }

  @Override
  public Pred visitRpFilter(RpFilterMatch m) {
    return HANDOVER;
  }
}
