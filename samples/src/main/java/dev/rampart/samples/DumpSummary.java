package dev.rampart.samples;

import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
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
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import dev.rampart.core.target.ConnMark;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one-screen summary {@code check} prints for a parsed dump: per family and table its chains
 * and rules, the sets rules reference, and the opaque matches and targets by name with counts.
 */
final class DumpSummary {
  private DumpSummary() {}

  /** The summary of {@code snapshot}, read from a dump in {@code format}. */
  static String of(String format, Snapshot snapshot) {
    StringBuilder out = new StringBuilder("format: ").append(format).append('\n');
    TreeSet<String> sets = new TreeSet<>();
    Map<String, Integer> opaqueMatches = new TreeMap<>();
    Map<String, Integer> opaqueTargets = new TreeMap<>();
    for (SnapshotTable t : snapshot.tables()) {
      int rules = 0;
      for (SnapshotChain c : t.chains()) {
        for (SnapshotRule r : c.rules()) {
          rules++;
          for (Match m : r.rule().matches()) {
            m.accept(SETS).ifPresent(sets::add);
            m.accept(OPAQUE_MATCHES).ifPresent(n -> opaqueMatches.merge(n, 1, Integer::sum));
          }
          r.rule()
              .target()
              .accept(OPAQUE_TARGETS)
              .ifPresent(n -> opaqueTargets.merge(n, 1, Integer::sum));
        }
      }
      out.append(t.family().label())
          .append(' ')
          .append(t.name().label())
          .append(": ")
          .append(t.chains().size())
          .append(" chains, ")
          .append(rules)
          .append(" rules\n");
    }
    out.append("sets referenced: ").append(sets.isEmpty() ? "none" : String.join(", ", sets));
    out.append("\nopaque matches: ").append(counts(opaqueMatches));
    out.append("\nopaque targets: ").append(counts(opaqueTargets)).append('\n');
    return out.toString();
  }

  private static String counts(Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return b.toString();
  }

  /** The name of a match's set, if it is a set match. */
  private static final Match.Visitor<Optional<String>> SETS =
      new MatchName() {
        @Override
        public Optional<String> visitSet(SetMatch m) {
          return Optional.of(m.setName());
        }
      };

  /** The module of an opaque match. */
  private static final Match.Visitor<Optional<String>> OPAQUE_MATCHES =
      new MatchName() {
        @Override
        public Optional<String> visitOpaque(OpaqueMatch m) {
          return Optional.of(m.module());
        }
      };

  /** A visitor that names nothing; subclasses name the kinds they care about. */
  private static class MatchName implements Match.Visitor<Optional<String>> {
    @Override
    public Optional<String> visitProtocol(ProtocolMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitAddress(AddressMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitSet(SetMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitPort(PortMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitInterface(InterfaceMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitConntrackState(ConntrackStateMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitConntrackOriginal(ConntrackOriginalMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitIcmpType(IcmpTypeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitLimit(LimitMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitPolicy(PolicyMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitAddressType(AddressTypeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitMark(MarkMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitOpaque(OpaqueMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitIpRange(IpRangeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitMac(MacMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitPacketType(PacketTypeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitOwner(OwnerMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitRpFilter(RpFilterMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<String> visitTcpFlags(TcpFlagsMatch m) {
      return Optional.empty();
    }
  }

  /** The name of an opaque target. */
  private static final Target.Visitor<Optional<String>> OPAQUE_TARGETS =
      new Target.Visitor<>() {
        @Override
        public Optional<String> visitVerdict(Verdict t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitReject(Reject t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitJump(Jump t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitLog(Log t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitDnat(Dnat t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitSnat(Snat t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitMasquerade(Masquerade t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitMark(Mark t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitConnMark(ConnMark t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitCt(Ct t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitNotrack(Notrack t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitRedirect(Redirect t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitNflog(Nflog t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitTcpMss(TcpMss t) {
          return Optional.empty();
        }

        @Override
        public Optional<String> visitOpaque(OpaqueTarget t) {
          return Optional.of(t.name());
        }
      };
}
