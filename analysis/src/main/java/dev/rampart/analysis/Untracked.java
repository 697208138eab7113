package dev.rampart.analysis;

import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The matches of one family's rules that the header space does not split exactly but core's
 * evaluator decides from the packet: source MAC addresses, socket owners, TCP flags, link-layer
 * packet types and mark masks with holes. Each gives a variant of a packet that the match holds
 * for; trying a packet and each variant in turn tries every such match both ways, one at a time.
 * (Rate limits, opaque matches and sets filled at run time need no variant: the evaluator runs each
 * of their outcomes.)
 */
final class Untracked {
  private final List<UnaryOperator<Packet>> variants;

  private Untracked(List<UnaryOperator<Packet>> variants) {
    this.variants = variants;
  }

  /** The untracked matches of the rules {@code reach} walked. */
  static Untracked of(RuleReach reach) {
    return of(reach.tables().values());
  }

  /** The untracked matches of the rules of {@code tables}. */
  static Untracked of(Collection<SnapshotTable> tables) {
    Map<String, UnaryOperator<Packet>> out = new LinkedHashMap<>();
    for (SnapshotTable t : tables) {
      for (SnapshotChain c : t.chains()) {
        for (SnapshotRule rule : c.rules()) {
          for (Match m : rule.rule().matches()) {
            add(out, m);
          }
        }
      }
    }
    return new Untracked(List.copyOf(out.values()));
  }

  private static void add(Map<String, UnaryOperator<Packet>> out, Match m) {
    if (m instanceof MacMatch mac) {
      out.put("mac " + mac.address(), p -> p.mac(mac.address()));
    } else if (m instanceof OwnerMatch o && o.kind() == OwnerMatch.Kind.UID) {
      out.put("uid " + o.low(), p -> p.uid(o.low()));
      out.put("uid none " + o.low(), p -> p.uid(o.low() == 0 ? o.high() + 1 : 0));
    } else if (m instanceof OwnerMatch o && o.kind() == OwnerMatch.Kind.GID) {
      out.put("gid " + o.low(), p -> p.gid(o.low()));
      out.put("gid none " + o.low(), p -> p.gid(o.low() == 0 ? o.high() + 1 : 0));
    } else if (m instanceof TcpFlagsMatch f) {
      out.put("flags " + f.set(), p -> p.tcpFlags(f.set()));
      out.put("flags none", p -> p.tcpFlags(List.of()));
    } else if (m instanceof MarkMatch mark) {
      long mask = mark.mask() & 0xffffffffL;
      long low = ~mask & 0xffffffffL;
      if ((low & (low + 1)) != 0) { // a mask with holes: not one interval of the header space
        long value = mark.value() & mask;
        out.put("mark " + value + "/" + mask, p -> p.mark((p.mark() & ~mask) | value));
      }
    }
  }

  /**
   * {@code p}, its variants by packet type and TCP flags ({@link Candidates#variants}) and by each
   * untracked match, each packet the model takes.
   */
  List<Packet> of(Packet p) {
    List<Packet> all = new ArrayList<>();
    all.add(p);
    all.addAll(Candidates.variants(p));
    for (UnaryOperator<Packet> v : variants) {
      try {
        all.add(v.apply(p));
      } catch (IllegalArgumentException e) {
        // not for this packet (TCP flags of a UDP packet, say)
      }
    }
    return all;
  }
}
