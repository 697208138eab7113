package dev.rampart.core.match;

/** A TCP header flag, in the order of its bit (FIN is bit 0). */
public enum TcpFlag {
  /** No more data from the sender. */
  FIN(0x01),
  /** Synchronise sequence numbers: opens a connection. */
  SYN(0x02),
  /** Reset the connection. */
  RST(0x04),
  /** Push the data to the application. */
  PSH(0x08),
  /** The acknowledgement field is significant. */
  ACK(0x10),
  /** The urgent pointer is significant. */
  URG(0x20),
  /** ECN echo. */
  ECE(0x40),
  /** Congestion window reduced. */
  CWR(0x80);

  private final int bit;

  TcpFlag(int bit) {
    this.bit = bit;
  }

  /** The flag's bit in the TCP header's flags byte. */
  public int bit() {
    return bit;
  }
}
