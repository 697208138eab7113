package dev.rampart.core.eval;

import dev.rampart.core.Family;
import dev.rampart.core.eval.CompiledChains.CChain;
import dev.rampart.core.eval.CompiledChains.CRule;
import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluation.Path;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.Match;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fast form of an {@link Evaluator}: the same decisions and destinations, no trace. Rules are
 * compiled to predicates over primitive packet fields (addresses as longs, interface names as bit
 * masks), large chains are indexed on one field, and evaluating a {@link Prepared} packet allocates
 * nothing. A packet whose fate hangs on something the model cannot know (a rate limit, a set filled
 * at run time, a foreign chain) is answered by the tracing evaluator instead, so both always agree.
 * Thread-safe.
 *
 * <pre>{@code
 * CompiledEvaluator fast = Evaluator.of(ruleset, host).compile();
 * CompiledEvaluator.Prepared p = fast.prepare(Packet.tcp().from("203.0.113.9").to("198.51.100.1", 22).in("eth0"));
 * fast.decide(p); // DROPPED
 * }</pre>
 */
public final class CompiledEvaluator {
  private static final int PASS = 1;
  private static final int DROP = 2;
  private static final int REJECT = 3;
  private static final int UNKNOWN = -1;

  /** A packet turned into the primitive fields the compiled evaluator reads. */
  public static final class Prepared {
    final Packet packet;
    final boolean ipv6;
    final int protocol;
    final long srcHi;
    final long srcLo;
    final long dstHi;
    final long dstLo;
    final int sourcePort;
    final int destinationPort;
    final int icmpType;
    final int icmpCode;
    final long[] inMask;
    final String in;
    final String fallbackOut;
    final ConnState state;
    final long origHi;
    final long origLo;
    final int origPort;
    final boolean dnat;
    final boolean local;

    Prepared(Packet p, long[] inMask) {
      Flow f = new Flow(p);
      this.packet = p;
      this.ipv6 = f.family == Family.IPV6;
      this.protocol = f.protocol;
      this.srcHi = AddressRanges.high(f.source);
      this.srcLo = AddressRanges.low(f.source);
      this.dstHi = AddressRanges.high(f.destination);
      this.dstLo = AddressRanges.low(f.destination);
      this.sourcePort = f.sourcePort;
      this.destinationPort = f.destinationPort;
      this.icmpType = f.icmpType;
      this.icmpCode = f.icmpCode;
      this.inMask = inMask;
      this.in = f.in;
      this.fallbackOut = p.outInterface().orElse("");
      this.state = f.state;
      this.origHi = AddressRanges.high(f.originalDestination);
      this.origLo = AddressRanges.low(f.originalDestination);
      this.origPort = f.originalDestinationPort;
      this.dnat = f.dnat;
      this.local = p.isLocal();
    }

    /** The packet prepared. */
    public Packet packet() {
      return packet;
    }
  }

  private final Evaluator evaluator;
  private final CompiledHost host;
  private final CompiledChains ipv4;
  private final CompiledChains ipv6;
  private final List<String> patterns;
  private final Map<String, long[]> masks = new HashMap<>();
  private final long[] noMask;
  private final ThreadLocal<Scratch> scratch;

  private CompiledEvaluator(Evaluator evaluator, EvalModel v4, EvalModel v6, Host host) {
    this.evaluator = evaluator;
    this.host = new CompiledHost(host);
    Set<String> names = new LinkedHashSet<>();
    collectPatterns(v4, names);
    collectPatterns(v6, names);
    this.patterns = List.copyOf(names);
    this.ipv4 = new CompiledChains(v4, this.host, patterns);
    this.ipv6 = new CompiledChains(v6, this.host, patterns);
    this.noMask = mask("");
    masks.put("", noMask);
    masks.put("lo", mask("lo"));
    for (String i : this.host.interfaces()) {
      masks.put(i, mask(i));
    }
    if (!this.host.defaultRoute().isEmpty()) {
      masks.put(this.host.defaultRoute(), mask(this.host.defaultRoute()));
    }
    int depth = Math.max(ipv4.chains.length, ipv6.chains.length) + 1;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(depth));
  }

  static CompiledEvaluator of(Evaluator evaluator, EvalModel v4, EvalModel v6, Host host) {
    return new CompiledEvaluator(evaluator, v4, v6, host);
  }

  private static void collectPatterns(EvalModel model, Set<String> names) {
    for (var table : model.tables.values()) {
      for (var chain : table.values()) {
        for (var rule : chain.rules()) {
          for (Match m : rule.rule().matches()) {
            String name = m.accept(InterfaceName.INSTANCE);
            if (!name.isEmpty()) {
              names.add(name);
            }
          }
        }
      }
    }
  }

  private long[] mask(String name) {
    long[] m = new long[(patterns.size() + 63) / 64 + 1];
    for (int k = 0; k < patterns.size(); k++) {
      if (MatchTruth.interfaceMatches(patterns.get(k), name)) {
        m[k >>> 6] |= 1L << (k & 63);
      }
    }
    return m;
  }

  /**
   * Turns {@code packet} into primitive fields, once per packet.
   *
   * @throws IllegalArgumentException when the packet has no source or destination address
   */
  public Prepared prepare(Packet packet) {
    return new Prepared(packet, mask(packet.inInterface().orElse("")));
  }

  /**
   * The decision for {@code packet}; allocates nothing unless the fate is not known to the model.
   */
  public Decision decide(Prepared packet) {
    Scratch s = scratch.get();
    int r = run(packet, s);
    return switch (r) {
      case PASS -> Decision.ACCEPTED;
      case DROP -> Decision.DROPPED;
      case REJECT -> Decision.REJECTED;
      default -> evaluator.evaluate(packet.packet).decision();
    };
  }

  /** The outcome for {@code packet}: decision, path, destination after NAT, output interface. */
  public Outcome outcome(Packet packet) {
    Prepared p = prepare(packet);
    Scratch s = scratch.get();
    int r = run(p, s);
    if (r == UNKNOWN) {
      return evaluator.evaluate(packet).outcome();
    }
    if (r != PASS) {
      return new Outcome(r == DROP ? Decision.DROPPED : Decision.REJECTED, null, null, -1, null);
    }
    Path path = s.path;
    InetAddress dst = s.dnatAddress != null ? s.dnatAddress : packet.destination().orElseThrow();
    String out = s.out.isEmpty() ? null : s.out;
    return new Outcome(Decision.ACCEPTED, path, dst, s.destinationPort, out);
  }

  // ---- the path, as Walk takes it ----

  private int run(Prepared p, Scratch s) {
    load(p, s);
    CompiledChains m = p.ipv6 ? ipv6 : ipv4;
    return p.local ? local(p, m, s) : incoming(p, m, s);
  }

  private void load(Prepared p, Scratch s) {
    s.ipv6 = p.ipv6;
    s.protocol = p.protocol;
    s.srcHi = p.srcHi;
    s.srcLo = p.srcLo;
    s.dstHi = p.dstHi;
    s.dstLo = p.dstLo;
    s.sourcePort = p.sourcePort;
    s.destinationPort = p.destinationPort;
    s.icmpType = p.icmpType;
    s.icmpCode = p.icmpCode;
    s.inMask = p.inMask;
    s.outMask = noMask;
    s.out = "";
    s.state = p.state;
    s.origHi = p.origHi;
    s.origLo = p.origLo;
    s.origPort = p.origPort;
    s.dnat = p.dnat;
    s.mark = p.packet.mark();
    s.ipsecIn = p.packet.isIpsecIn();
    s.ipsecOut = p.packet.isIpsecOut();
    s.dnatAddress = null;
    s.path = null;
  }

  private int incoming(Prepared p, CompiledChains m, Scratch s) {
    // as Walk: a later packet of a DNATed connection meets raw and mangle PREROUTING untranslated
    boolean translate = s.dnat && s.state != ConnState.NEW;
    if (translate) {
      swapDestinations(s);
    }
    int r = hook(m, m.rawPrerouting, s);
    if (r != PASS) {
      return r;
    }
    boolean natted = s.state == ConnState.NEW;
    r = hook(m, m.manglePrerouting, s);
    if (translate) {
      swapDestinations(s);
    }
    if (r == PASS && natted) {
      r = hook(m, m.natPrerouting, s);
    }
    if (r != PASS) {
      return r;
    }
    if (!route(p, s)) {
      return DROP;
    }
    if (s.path == Path.INPUT) {
      r = hook(m, m.mangleInput, s);
      if (r == PASS) {
        r = hook(m, m.filterInput, s);
      }
      if (r == PASS && natted) {
        r = hook(m, m.natInput, s);
      }
      return r;
    }
    r = hook(m, m.mangleForward, s);
    if (r == PASS) {
      r = hook(m, m.filterForward, s);
    }
    return r == PASS ? postrouting(m, natted, s) : r;
  }

  private static void swapDestinations(Scratch s) {
    long hi = s.dstHi;
    long lo = s.dstLo;
    int port = s.destinationPort;
    s.dstHi = s.origHi;
    s.dstLo = s.origLo;
    s.destinationPort = s.origPort;
    s.origHi = hi;
    s.origLo = lo;
    s.origPort = port;
  }

  private int local(Prepared p, CompiledChains m, Scratch s) {
    if (!route(p, s)) {
      return DROP;
    }
    int r = hook(m, m.rawOutput, s);
    if (r != PASS) {
      return r;
    }
    boolean natted = s.state == ConnState.NEW;
    r = hook(m, m.mangleOutput, s);
    if (r == PASS && natted) {
      r = hook(m, m.natOutput, s);
      if (s.dnat && !route(p, s)) {
        return DROP;
      }
    }
    if (r == PASS) {
      r = hook(m, m.filterOutput, s);
    }
    if (r == PASS) {
      r = postrouting(m, natted, s);
    }
    if (r != PASS || !s.out.equals("lo")) {
      return r;
    }
    s.inMask = masks.getOrDefault("lo", noMask);
    s.outMask = noMask;
    s.out = "";
    r = hook(m, m.rawPrerouting, s);
    if (r == PASS) {
      r = hook(m, m.manglePrerouting, s);
    }
    if (r == PASS) {
      r = hook(m, m.mangleInput, s);
    }
    if (r == PASS) {
      r = hook(m, m.filterInput, s);
    }
    s.path = Path.INPUT;
    s.out = "lo";
    return r;
  }

  private int postrouting(CompiledChains m, boolean natted, Scratch s) {
    int r = hook(m, m.manglePostrouting, s);
    if (r == PASS && natted) {
      r = hook(m, m.natPostrouting, s);
    }
    return r;
  }

  private boolean route(Prepared p, Scratch s) {
    boolean local = host.isLocal(s.ipv6, s.dstHi, s.dstLo);
    String out = host.route(s.ipv6, s.dstHi, s.dstLo, p.fallbackOut);
    if (p.local) {
      s.path = local ? Path.INPUT : Path.OUTPUT;
      setOut(s, out);
      return !out.isEmpty();
    }
    if (local) {
      s.path = Path.INPUT;
      setOut(s, "");
      return true;
    }
    s.path = Path.FORWARD;
    setOut(s, out);
    return !out.isEmpty();
  }

  private void setOut(Scratch s, String out) {
    s.out = out;
    long[] m = masks.get(out);
    s.outMask = m != null ? m : mask(out); // only a packet's own fallback interface allocates
  }

  /**
   * Traverses a built-in chain; PASS, DROP, REJECT or UNKNOWN. {@code pos} is the number of the
   * next rule of the chain to consider; in an indexed chain the next one is the first at or after
   * it among the packet's segment list ({@code cand}, cursor {@code ci}) and the wide rules ({@code
   * wide}, cursor {@code wi}).
   */
  private int hook(CompiledChains m, int builtin, Scratch s) {
    if (builtin < 0) {
      return PASS;
    }
    CChain[] chains = m.chains;
    int depth = 0;
    int id = builtin;
    CChain chain = chains[id];
    int pos = 0;
    int[] cand = chain.index == null ? null : chain.index.candidates(s);
    int[] wide = chain.index == null ? null : chain.index.wide;
    int ci = 0;
    int wi = 0;
    while (true) {
      if (!chain.known) {
        return UNKNOWN;
      }
      int next;
      if (cand == null || wide == null) {
        next = pos < chain.rules.length ? pos : -1;
      } else {
        int a = ci < cand.length ? cand[ci] : Integer.MAX_VALUE;
        int b = wi < wide.length ? wide[wi] : Integer.MAX_VALUE;
        next = Math.min(a, b);
        if (next == Integer.MAX_VALUE) {
          next = -1;
        } else if (a < b) {
          ci++;
        } else {
          wi++;
        }
      }
      if (next < 0) {
        if (depth == 0) {
          return chains[builtin].policyDrop ? DROP : PASS;
        }
        depth--;
        id = s.stackChain[depth];
        pos = s.stackPos[depth];
        chain = chains[id];
        cand = chain.index == null ? null : chain.index.candidates(s);
        wide = chain.index == null ? null : chain.index.wide;
        ci = cand == null ? 0 : lowerBound(cand, pos);
        wi = wide == null ? 0 : lowerBound(wide, pos);
        continue;
      }
      CRule rule = chain.rules[next];
      pos = next + 1;
      int t = CompiledMatch.TRUE;
      for (CompiledMatch.Pred pred : rule.preds) {
        int v = pred.test(s);
        if (v == CompiledMatch.FALSE) {
          t = CompiledMatch.FALSE;
          break;
        }
        if (v == CompiledMatch.UNKNOWN) {
          t = CompiledMatch.UNKNOWN;
        }
      }
      if (t == CompiledMatch.FALSE) {
        continue;
      }
      if (t == CompiledMatch.UNKNOWN) {
        return UNKNOWN;
      }
      switch (rule.kind) {
        case CompiledChains.CONTINUE -> {}
        case CompiledChains.ACCEPT -> {
          return PASS;
        }
        case CompiledChains.DROP -> {
          return DROP;
        }
        case CompiledChains.REJECT -> {
          return REJECT;
        }
        case CompiledChains.DNAT -> {
          s.dstHi = rule.dnatHi;
          s.dstLo = rule.dnatLo;
          s.dnatAddress = rule.dnatAddress;
          if (rule.dnatPort >= 0 && s.destinationPort >= 0) {
            s.destinationPort = rule.dnatPort;
          }
          s.dnat = true;
          return PASS;
        }
        case CompiledChains.RETURN -> {
          if (depth == 0) {
            return chains[builtin].policyDrop ? DROP : PASS;
          }
          depth--;
          id = s.stackChain[depth];
          pos = s.stackPos[depth];
          chain = chains[id];
          cand = chain.index == null ? null : chain.index.candidates(s);
          wide = chain.index == null ? null : chain.index.wide;
          ci = cand == null ? 0 : lowerBound(cand, pos);
          wi = wide == null ? 0 : lowerBound(wide, pos);
        }
        case CompiledChains.JUMP, CompiledChains.GOTO -> {
          if (rule.kind == CompiledChains.JUMP) {
            s.stackChain[depth] = id;
            s.stackPos[depth] = pos;
            depth++;
          }
          id = rule.target;
          chain = chains[id];
          cand = chain.index == null ? null : chain.index.candidates(s);
          wide = chain.index == null ? null : chain.index.wide;
          pos = 0;
          ci = 0;
          wi = 0;
        }
        case CompiledChains.HANDOVER -> {
          return UNKNOWN;
        }
        default -> throw new IllegalStateException("unknown rule kind: " + rule.kind);
      }
    }
  }

  /** The first position of sorted {@code a} holding a value at least {@code key}. */
  private static int lowerBound(int[] a, int key) {
    int l = 0;
    int h = a.length;
    while (l < h) {
      int mid = (l + h) >>> 1;
      if (a[mid] < key) {
        l = mid + 1;
      } else {
        h = mid;
      }
    }
    return l;
  }

  List<String> patterns() {
    return new ArrayList<>(patterns);
  }

  /** The interface name or pattern of an interface match; empty for every other match. */
  private enum InterfaceName implements Match.Visitor<String> {
    INSTANCE;

    @Override
    public String visitProtocol(dev.rampart.core.match.ProtocolMatch m) {
      return "";
    }

    @Override
    public String visitAddress(dev.rampart.core.match.AddressMatch m) {
      return "";
    }

    @Override
    public String visitSet(dev.rampart.core.match.SetMatch m) {
      return "";
    }

    @Override
    public String visitPort(dev.rampart.core.match.PortMatch m) {
      return "";
    }

    @Override
    public String visitInterface(dev.rampart.core.match.InterfaceMatch m) {
      return m.name();
    }

    @Override
    public String visitConntrackState(dev.rampart.core.match.ConntrackStateMatch m) {
      return "";
    }

    @Override
    public String visitConntrackOriginal(dev.rampart.core.match.ConntrackOriginalMatch m) {
      return "";
    }

    @Override
    public String visitIcmpType(dev.rampart.core.match.IcmpTypeMatch m) {
      return "";
    }

    @Override
    public String visitLimit(dev.rampart.core.match.LimitMatch m) {
      return "";
    }

    @Override
    public String visitPolicy(dev.rampart.core.match.PolicyMatch m) {
      return "";
    }

    @Override
    public String visitAddressType(dev.rampart.core.match.AddressTypeMatch m) {
      return "";
    }

    @Override
    public String visitMark(dev.rampart.core.match.MarkMatch m) {
      return "";
    }

    @Override
    public String visitOpaque(dev.rampart.core.match.OpaqueMatch m) {
      return "";
    }

    @Override
    public String visitIpRange(dev.rampart.core.match.IpRangeMatch m) {
      return "";
    }

    @Override
    public String visitMac(dev.rampart.core.match.MacMatch m) {
      return "";
    }

    @Override
    public String visitPacketType(dev.rampart.core.match.PacketTypeMatch m) {
      return "";
    }

    @Override
    public String visitOwner(dev.rampart.core.match.OwnerMatch m) {
      return "";
    }

    @Override
    public String visitTcpFlags(dev.rampart.core.match.TcpFlagsMatch m) {
      return "";
    }

    @Override
    public String visitRpFilter(dev.rampart.core.match.RpFilterMatch m) {
      return "";
    }
  }
}
