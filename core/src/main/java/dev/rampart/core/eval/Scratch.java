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
  int[] stackChain;
  int[] stackPos;

  Scratch(int depth) {
    stackChain = new int[depth];
    stackPos = new int[depth];
  }

  boolean hasPorts() {
    return sourcePort >= 0 && destinationPort >= 0;
  }
}
