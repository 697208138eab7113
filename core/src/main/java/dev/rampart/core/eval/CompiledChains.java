package dev.rampart.core.eval;

import com.google.common.collect.Iterables;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.EvalModel.EvalChain;
import dev.rampart.core.eval.EvalModel.EvalRule;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
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
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The chains of one family compiled to arrays: rules as predicates plus a target code, chains
 * numbered, built-in chains found by table and hook, and per large chain an index on one field
 * (protocol, destination port, or an IPv4 address) giving the rules a packet can match.
 */
final class CompiledChains {
  static final int CONTINUE = 0;
  static final int ACCEPT = 1;
  static final int DROP = 2;
  static final int REJECT = 3;
  static final int RETURN = 4;
  static final int JUMP = 5;
  static final int GOTO = 6;
  static final int DNAT = 7;

  /** A target the compiled form does not model (state changes): the tracing evaluator decides. */
  static final int HANDOVER = 8;

  /** A compiled rule. */
  static final class CRule {
    final CompiledMatch.Pred[] preds;
    final int kind;
    int target = -1;
    final @Nullable InetAddress dnatAddress;
    final long dnatHi;
    final long dnatLo;
    final int dnatPort;

    CRule(CompiledMatch.Pred[] preds, int kind, @Nullable Dnat dnat) {
      this.preds = preds;
      this.kind = kind;
      this.dnatAddress = dnat == null ? null : dnat.address().address();
      this.dnatHi = dnat == null ? 0 : AddressRanges.high(dnat.address().address());
      this.dnatLo = dnat == null ? 0 : AddressRanges.low(dnat.address().address());
      this.dnatPort = dnat == null ? -1 : dnat.port().map(PortRange::first).orElse(-1);
    }
  }

  /**
   * The rules a packet can match, by the class of one of its fields: the field's values are cut
   * into segments; each segment lists the narrow rules that need the field in it, and every segment
   * shares the wide rules (those that test the field not at all, or over many segments). The
   * candidates of a packet are its segment's list merged with the wide rules, in rule order. A rule
   * is listed in at most {@code 2 * intervals + }{@value #SLACK} segments, so an index holds
   * O(rules + intervals) entries, whatever the rules.
   */
  static final class Index {
    static final int PROTOCOL = 0;
    static final int DPORT = 1;
    static final int SRC4 = 2;
    static final int DST4 = 3;

    /** Segments a rule may span beyond two per interval and still be listed per segment. */
    static final int SLACK = 8;

    final int field;
    final long[] bounds;
    final int[][] lists;
    final int[] wide;

    Index(int field, long[] bounds, int[][] lists, int[] wide) {
      this.field = field;
      this.bounds = bounds;
      this.lists = lists;
      this.wide = wide;
    }

    static long value(int field, Scratch s) {
      return switch (field) {
        case PROTOCOL -> s.protocol;
        case DPORT -> s.hasPorts() ? s.destinationPort + 1 : 0;
        case SRC4 -> s.srcLo;
        default -> s.dstLo;
      };
    }

    /** The narrow rules of the packet's segment, in rule order (merge with {@link #wide}). */
    int[] candidates(Scratch s) {
      long v = value(field, s);
      int l = 0;
      int h = bounds.length - 1;
      while (l < h) {
        int m = (l + h + 1) >>> 1;
        if (bounds[m] <= v) {
          l = m;
        } else {
          h = m - 1;
        }
      }
      return lists[l];
    }

    /** The number of rule numbers the index holds: every segment's list and the wide rules. */
    long entries() {
      long n = wide.length;
      for (int[] l : lists) {
        n += l.length;
      }
      return n;
    }
  }

  /** A compiled chain. */
  static final class CChain {
    final CRule[] rules;
    final boolean known;
    final boolean policyDrop;
    @Nullable Index index;

    CChain(CRule[] rules, boolean known, boolean policyDrop) {
      this.rules = rules;
      this.known = known;
      this.policyDrop = policyDrop;
    }
  }

  final CChain[] chains;
  final int rawPrerouting;
  final int manglePrerouting;
  final int natPrerouting;
  final int mangleInput;
  final int filterInput;
  final int natInput;
  final int mangleForward;
  final int filterForward;
  final int manglePostrouting;
  final int natPostrouting;
  final int rawOutput;
  final int mangleOutput;
  final int natOutput;
  final int filterOutput;
  private final Map<TableName, Map<String, Integer>> ids = new HashMap<>();

  CompiledChains(EvalModel model, CompiledHost host, List<String> patterns) {
    CompiledMatch compiler = new CompiledMatch(model, host, patterns);
    List<CChain> list = new ArrayList<>();
    List<List<EvalRule>> sources = new ArrayList<>();
    for (var t : model.tables.entrySet()) {
      Map<String, Integer> byName = new HashMap<>();
      for (EvalChain c : t.getValue().values()) {
        byName.put(c.ref().name(), list.size());
        CRule[] rules = new CRule[c.rules().size()];
        for (int i = 0; i < rules.length; i++) {
          rules[i] = rule(c.rules().get(i), compiler);
        }
        CChain cc =
            new CChain(rules, c.known(), c.policy().orElse(ChainPolicy.ACCEPT) == ChainPolicy.DROP);
        list.add(cc);
        sources.add(c.rules());
      }
      ids.put(t.getKey(), byName);
    }
    for (var t : model.tables.entrySet()) {
      Map<String, Integer> byName = ids.getOrDefault(t.getKey(), Map.of());
      for (EvalChain c : t.getValue().values()) {
        CChain cc = list.get(byName.getOrDefault(c.ref().name(), -1));
        for (int i = 0; i < cc.rules.length; i++) {
          Target target = c.rules().get(i).rule().target();
          String jump = target.chain().orElse(null);
          if (jump != null) {
            Integer id = byName.get(jump);
            if (id == null) {
              throw new IllegalStateException(
                  c.rules().get(i).ref() + ": unknown jump target: " + jump);
            }
            cc.rules[i].target = id;
          }
        }
      }
    }
    chains = list.toArray(new CChain[0]);
    rawPrerouting = builtin(TableName.RAW, "PREROUTING");
    manglePrerouting = builtin(TableName.MANGLE, "PREROUTING");
    natPrerouting = builtin(TableName.NAT, "PREROUTING");
    mangleInput = builtin(TableName.MANGLE, "INPUT");
    filterInput = builtin(TableName.FILTER, "INPUT");
    natInput = builtin(TableName.NAT, "INPUT");
    mangleForward = builtin(TableName.MANGLE, "FORWARD");
    filterForward = builtin(TableName.FILTER, "FORWARD");
    manglePostrouting = builtin(TableName.MANGLE, "POSTROUTING");
    natPostrouting = builtin(TableName.NAT, "POSTROUTING");
    rawOutput = builtin(TableName.RAW, "OUTPUT");
    mangleOutput = builtin(TableName.MANGLE, "OUTPUT");
    natOutput = builtin(TableName.NAT, "OUTPUT");
    filterOutput = builtin(TableName.FILTER, "OUTPUT");
    ChainIndexer indexer = new ChainIndexer(model);
    for (int i = 0; i < chains.length; i++) {
      chains[i].index = indexer.index(sources.get(i));
    }
  }

  /** The id of built-in {@code chain} of {@code table}, or -1 if absent. */
  private int builtin(TableName table, String chain) {
    Map<String, Integer> byName = ids.get(table);
    Integer id = byName == null ? null : byName.get(chain);
    return id == null ? -1 : id;
  }

  private static CRule rule(EvalRule rule, CompiledMatch compiler) {
    List<Match> matches = rule.rule().matches();
    CompiledMatch.Pred[] preds = new CompiledMatch.Pred[matches.size()];
    for (int i = 0; i < preds.length; i++) {
      preds[i] = matches.get(i).accept(compiler);
    }
    Target t = rule.rule().target();
    int kind = t.accept(KIND);
    return new CRule(preds, kind, t.accept(DNAT_OF).orElse(null));
  }

  private static final Target.Visitor<Integer> KIND =
      new Target.Visitor<>() {
        @Override
        public Integer visitVerdict(Verdict t) {
          return switch (t) {
            case ACCEPT -> ACCEPT;
            case DROP -> DROP;
            case RETURN -> RETURN;
          };
        }

        @Override
        public Integer visitReject(Reject t) {
          return REJECT;
        }

        @Override
        public Integer visitJump(Jump t) {
          return t.isGoto() ? GOTO : JUMP;
        }

        @Override
        public Integer visitLog(Log t) {
          return CONTINUE;
        }

        @Override
        public Integer visitDnat(Dnat t) {
          return DNAT;
        }

        @Override
        public Integer visitSnat(Snat t) {
          return ACCEPT;
        }

        @Override
        public Integer visitMasquerade(Masquerade t) {
          return ACCEPT;
        }

        @Override
        public Integer visitMark(Mark t) {
          return HANDOVER;
        }

        @Override
        public Integer visitConnMark(ConnMark t) {
          return HANDOVER;
        }

        @Override
        public Integer visitCt(Ct t) {
          return t.isNotrack() ? HANDOVER : CONTINUE;
        }

        @Override
        public Integer visitNotrack(Notrack t) {
          return HANDOVER;
        }

        @Override
        public Integer visitRedirect(Redirect t) {
          return HANDOVER;
        }

        @Override
        public Integer visitNflog(Nflog t) {
          return CONTINUE;
        }

        @Override
        public Integer visitTcpMss(TcpMss t) {
          return CONTINUE;
        }

        @Override
        public Integer visitOpaque(OpaqueTarget t) {
          return t.kind() == OpaqueTarget.Kind.NON_TERMINATING ? CONTINUE : HANDOVER;
        }
      };

  private static final Target.Visitor<Optional<Dnat>> DNAT_OF =
      new Target.Visitor<>() {
        @Override
        public Optional<Dnat> visitVerdict(Verdict t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitReject(Reject t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitJump(Jump t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitLog(Log t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitDnat(Dnat t) {
          return Optional.of(t);
        }

        @Override
        public Optional<Dnat> visitSnat(Snat t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitMasquerade(Masquerade t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitMark(Mark t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitConnMark(ConnMark t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitCt(Ct t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitNotrack(Notrack t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitRedirect(Redirect t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitNflog(Nflog t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitTcpMss(TcpMss t) {
          return Optional.empty();
        }

        @Override
        public Optional<Dnat> visitOpaque(OpaqueTarget t) {
          return Optional.empty();
        }
      };

  /** Chooses and builds the index of one chain. */
  static final class ChainIndexer {
    private static final int MIN_RULES = 12;
    private static final int[] NONE = new int[0];

    private final EvalModel model;

    /** Each set's intervals per field and direction, computed once however many rules test it. */
    private final Map<SetKey, Optional<long[]>> setIntervals = new HashMap<>();

    ChainIndexer(EvalModel model) {
      this.model = model;
    }

    /** The index of the chain holding {@code rules}, or null when none pays. */
    @Nullable Index index(List<EvalRule> rules) {
      if (rules.size() < MIN_RULES) {
        return null;
      }
      int bestField = -1;
      double bestCost = rules.size() / 2.0;
      long[] bestBounds = null;
      List<long @Nullable []> bestIntervals = null;
      int[] fields =
          model.family == Family.IPV4
              ? new int[] {Index.PROTOCOL, Index.DPORT, Index.SRC4, Index.DST4}
              : new int[] {Index.PROTOCOL, Index.DPORT};
      for (int field : fields) {
        FieldIntervals visitor = new FieldIntervals(field, model, setIntervals);
        List<long @Nullable []> intervals = new ArrayList<>(rules.size());
        for (EvalRule r : rules) {
          intervals.add(intervals(r, visitor));
        }
        long[] bounds = bounds(intervals);
        long narrow = 0;
        int wide = 0;
        for (long[] iv : intervals) {
          int span = span(iv, bounds);
          if (span < 0) {
            wide++;
          } else {
            narrow += span;
          }
        }
        double cost = (double) narrow / bounds.length + wide;
        if (cost < bestCost) {
          bestCost = cost;
          bestField = field;
          bestBounds = bounds;
          bestIntervals = intervals;
        }
      }
      return bestBounds == null || bestIntervals == null
          ? null
          : build(bestField, bestBounds, bestIntervals);
    }

    /** Flattened [lo, hi, lo, hi, ...] the rule needs the field in, or null for any value. */
    private static long @Nullable [] intervals(EvalRule rule, FieldIntervals visitor) {
      for (Match m : rule.rule().matches()) {
        if (m.negated()) {
          continue;
        }
        Optional<long[]> r = m.accept(visitor);
        if (r.isPresent()) {
          return r.get();
        }
      }
      return null;
    }

    /** The first value of every segment: 0 and each interval's ends, sorted, once each. */
    private static long[] bounds(List<long @Nullable []> intervals) {
      int n = 1;
      for (long[] iv : intervals) {
        n += iv == null ? 0 : iv.length;
      }
      long[] cuts = new long[n];
      int k = 1;
      for (long[] iv : intervals) {
        if (iv != null) {
          for (int i = 0; i < iv.length; i += 2) {
            cuts[k++] = iv[i];
            cuts[k++] = iv[i + 1] + 1;
          }
        }
      }
      Arrays.sort(cuts);
      int m = 0;
      for (int i = 0; i < cuts.length; i++) {
        if (i == 0 || cuts[i] != cuts[m - 1]) {
          cuts[m++] = cuts[i];
        }
      }
      return Arrays.copyOf(cuts, m);
    }

    /** The segments of {@code bounds} an interval list covers, or -1 when it is wide. */
    private static int span(long @Nullable [] iv, long[] bounds) {
      if (iv == null) {
        return -1;
      }
      long span = 0;
      for (int i = 0; i < iv.length; i += 2) {
        span += to(iv, i, bounds) - Arrays.binarySearch(bounds, iv[i]);
      }
      return span > iv.length + Index.SLACK ? -1 : (int) span;
    }

    /** The segment after the last one interval {@code i} of {@code iv} covers. */
    private static int to(long[] iv, int i, long[] bounds) {
      int to = Arrays.binarySearch(bounds, iv[i + 1] + 1);
      return to < 0 ? bounds.length : to;
    }

    private static Index build(int field, long[] bounds, List<long @Nullable []> intervals) {
      int[] sizes = new int[bounds.length];
      int wideCount = 0;
      for (long[] iv : intervals) {
        if (iv == null || span(iv, bounds) < 0) {
          wideCount++;
          continue;
        }
        for (int i = 0; i < iv.length; i += 2) {
          for (int k = Arrays.binarySearch(bounds, iv[i]); k < to(iv, i, bounds); k++) {
            sizes[k]++;
          }
        }
      }
      int[][] lists = new int[bounds.length][];
      for (int k = 0; k < bounds.length; k++) {
        lists[k] = sizes[k] == 0 ? NONE : new int[sizes[k]];
      }
      int[] fill = new int[bounds.length];
      int[] wide = new int[wideCount];
      int w = 0;
      for (int r = 0; r < intervals.size(); r++) {
        long[] iv = intervals.get(r);
        if (iv == null || span(iv, bounds) < 0) {
          wide[w++] = r;
          continue;
        }
        for (int i = 0; i < iv.length; i += 2) {
          for (int k = Arrays.binarySearch(bounds, iv[i]); k < to(iv, i, bounds); k++) {
            if (fill[k] == 0 || lists[k][fill[k] - 1] != r) {
              lists[k][fill[k]++] = r;
            }
          }
        }
      }
      for (int k = 0; k < bounds.length; k++) {
        if (fill[k] < lists[k].length) {
          lists[k] = Arrays.copyOf(lists[k], fill[k]); // a rule's overlapping intervals
        }
      }
      return new Index(field, bounds, lists, wide);
    }
  }

  /** The values of one indexed field a non-negated match allows, or null if it says nothing. */
  /** A set tested in one direction, as one field of the index reads it. */
  private record SetKey(int field, Direction direction, String name) {}

  private static final class FieldIntervals implements Match.Visitor<Optional<long[]>> {
    private final int field;
    private final EvalModel model;
    private final Map<SetKey, Optional<long[]>> setIntervals;

    private final Map<String, Optional<long[]>> sourceSeen = new HashMap<>();
    private final Map<String, Optional<long[]>> destinationSeen = new HashMap<>();

    FieldIntervals(int field, EvalModel model, Map<SetKey, Optional<long[]>> setIntervals) {
      this.field = field;
      this.model = model;
      this.setIntervals = setIntervals;
    }

    private Optional<long[]> cidrs(Direction d, Iterable<Cidr> cidrs) {
      if ((field == Index.SRC4 && d != Direction.SOURCE)
          || (field == Index.DST4 && d != Direction.DESTINATION)
          || (field != Index.SRC4 && field != Index.DST4)) {
        return Optional.empty();
      }
      long[] out = new long[2 * Iterables.size(cidrs)];
      int n = 0;
      for (Cidr c : cidrs) {
        long[] r = AddressRanges.range(c);
        out[n++] = r[1];
        out[n++] = r[3];
      }
      return Optional.of(out);
    }

    @Override
    public Optional<long[]> visitProtocol(ProtocolMatch m) {
      int n = m.protocol().number();
      return field == Index.PROTOCOL ? Optional.of(new long[] {n, n}) : Optional.empty();
    }

    @Override
    public Optional<long[]> visitAddress(AddressMatch m) {
      return cidrs(m.direction(), m.addresses());
    }

    @Override
    public Optional<long[]> visitSet(SetMatch m) {
      // by direction, then name, here; the indexer's map (every field) only on a miss
      Map<String, Optional<long[]>> seen =
          m.direction() == Direction.SOURCE ? sourceSeen : destinationSeen;
      Optional<long[]> known = seen.get(m.setName());
      if (known == null) {
        known = intervalsOf(m);
        seen.put(m.setName(), known);
      }
      return known;
    }

    private Optional<long[]> intervalsOf(SetMatch m) {
      return setIntervals.computeIfAbsent(
          new SetKey(field, m.direction(), m.setName()),
          k -> {
            var contents = model.sets.getOrDefault(m.setName(), Optional.empty());
            return contents.isEmpty() ? Optional.empty() : cidrs(m.direction(), contents.get());
          });
    }

    @Override
    public Optional<long[]> visitPort(PortMatch m) {
      if (field != Index.DPORT || m.direction() != Direction.DESTINATION) {
        return Optional.empty();
      }
      long[] out = new long[m.ports().size() * 2];
      for (int i = 0; i < m.ports().size(); i++) {
        out[2 * i] = m.ports().get(i).first() + 1L;
        out[2 * i + 1] = m.ports().get(i).last() + 1L;
      }
      return Optional.of(out);
    }

    @Override
    public Optional<long[]> visitInterface(dev.rampart.core.match.InterfaceMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitConntrackState(dev.rampart.core.match.ConntrackStateMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitConntrackOriginal(
        dev.rampart.core.match.ConntrackOriginalMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitIcmpType(dev.rampart.core.match.IcmpTypeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitLimit(dev.rampart.core.match.LimitMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitPolicy(dev.rampart.core.match.PolicyMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitAddressType(dev.rampart.core.match.AddressTypeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitMark(dev.rampart.core.match.MarkMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitOpaque(dev.rampart.core.match.OpaqueMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitIpRange(dev.rampart.core.match.IpRangeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitMac(dev.rampart.core.match.MacMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitPacketType(dev.rampart.core.match.PacketTypeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitOwner(dev.rampart.core.match.OwnerMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitTcpFlags(dev.rampart.core.match.TcpFlagsMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<long[]> visitRpFilter(dev.rampart.core.match.RpFilterMatch m) {
      return Optional.empty();
    }
  }
}
