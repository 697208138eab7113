package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import dev.rampart.core.eval.Host;
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
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The interface alphabet of an analysis: no interface ({@code ""}), loopback, the host's
 * interfaces, every name the rules match, for every wildcard {@code eth+} one name only it matches
 * among the known ones ({@code eth*}), and one name nothing names ({@code *}): every real interface
 * behaves, for these rules, as one of them.
 */
final class Alphabet implements Match.Visitor<Optional<String>> {
  /** The representative of every interface no rule and no host address names. */
  static final String OTHER = "*";

  private Alphabet() {}

  /** The alphabet for {@code snapshot}'s rules of {@code family} on {@code host}. */
  static ImmutableList<String> of(Snapshot snapshot, Family family, Host host) {
    Set<String> names = new LinkedHashSet<>();
    names.add("");
    names.add("lo");
    names.addAll(host.interfaces());
    Set<String> wildcards = new LinkedHashSet<>();
    Alphabet visitor = new Alphabet();
    for (SnapshotTable t : snapshot.tables()) {
      if (t.family() != family) {
        continue;
      }
      for (SnapshotChain c : t.chains()) {
        for (SnapshotRule r : c.rules()) {
          for (Match m : r.rule().matches()) {
            m.accept(visitor).ifPresent(n -> (n.endsWith("+") ? wildcards : names).add(n));
          }
        }
      }
    }
    for (String w : wildcards) {
      names.add(w.substring(0, w.length() - 1) + "*");
    }
    names.add(OTHER);
    return ImmutableList.copyOf(names);
  }

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
    return Optional.of(m.name());
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
  public Optional<String> visitTcpFlags(TcpFlagsMatch m) {
    return Optional.empty();
  }

  @Override
  public Optional<String> visitRpFilter(RpFilterMatch m) {
    return Optional.empty();
  }
}
