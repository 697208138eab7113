package dev.rampart.core.eval;

/**
 * The packet fields of one compiled evaluation as primitives, and the jump stack: reused per
 * thread, so evaluating allocates nothing.
 */
final class Scratch {
  boolean ipv6;
  int protocol;
  long srcHi;
  long srcLo;
  long dstHi;
  long dstLo;
  int sourcePort;
  int destinationPort;
  int icmpType;
  int icmpCode;
  long[] inMask = new long[0];
  long[] outMask = new long[0];
  String out = "";
  dev.rampart.core.match.ConnState state = dev.rampart.core.match.ConnState.NEW;
  long origHi;
  long origLo;
  int origPort;
  boolean dnat;
  long mark;
  boolean ipsecIn;
  boolean ipsecOut;
  java.net.@org.jspecify.annotations.Nullable InetAddress dnatAddress;
  Evaluation.@org.jspecify.annotations.Nullable Path path;
  final int[] stackChain;
  final int[] stackPos;
  final int[] stackSeg;
  final int[] stackCi;
  final int[] stackWi;

  Scratch(int depth) {
    stackChain = new int[depth];
    stackPos = new int[depth];
    stackSeg = new int[depth];
    stackCi = new int[depth];
    stackWi = new int[depth];
  }

  /** The destination port as rule slots test it: -1 when the packet has no ports. */
  int dportKey;

  /** The source port as rule slots test it: -1 when the packet has no ports. */
  int sportKey;

  /** The conntrack states rule slots see, one bit per state, and the any-state bit. */
  long stateBits;

  boolean hasPorts() {
    return sourcePort >= 0 && destinationPort >= 0;
  }

  /**
   * Derives {@link #dportKey}, {@link #sportKey} and {@link #stateBits} from the fields, as {@link
   * CompiledMatch}'s predicates read them: a state match sees the state unless it is SNAT or DNAT,
   * and DNAT when the packet was DNATed (and is tracked).
   */
  void derive() {
    boolean ports = hasPorts();
    dportKey = ports ? destinationPort : -1;
    sportKey = ports ? sourcePort : -1;
    long bits = CompiledChains.ANY_STATE;
    if (state != dev.rampart.core.match.ConnState.DNAT
        && state != dev.rampart.core.match.ConnState.SNAT) {
      bits |= CompiledChains.stateBit(state);
    }
    if (dnat && state != dev.rampart.core.match.ConnState.UNTRACKED) {
      bits |= CompiledChains.stateBit(dev.rampart.core.match.ConnState.DNAT);
    }
    stateBits = bits;
  }
}
