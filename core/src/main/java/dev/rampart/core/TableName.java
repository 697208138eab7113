package dev.rampart.core;

import com.google.common.collect.ImmutableList;
import java.util.Locale;

/** A netfilter table, with the built-in chains it has. */
public enum TableName {
  /** Connection-tracking exemptions and early drops; first on every path. */
  RAW("PREROUTING", "OUTPUT"),
  /** Packet alteration. */
  MANGLE("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
  /** Address translation, consulted for the first packet of a connection. */
  NAT("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
  /** Filtering: the table a host firewall lives in. */
  FILTER("INPUT", "FORWARD", "OUTPUT");

  private final ImmutableList<String> builtins;

  TableName(String... builtins) {
    this.builtins = ImmutableList.copyOf(builtins);
  }

  /** The built-in chains of this table, in netfilter's order. */
  public ImmutableList<String> builtinChains() {
    return builtins;
  }

  /** Whether {@code chain} is one of this table's built-in chains. */
  public boolean hasBuiltin(String chain) {
    return builtins.contains(chain);
  }

  /** Whether {@code chain} is a built-in chain of any table. */
  public static boolean isBuiltinAnywhere(String chain) {
    for (TableName t : values()) {
      if (t.hasBuiltin(chain)) {
        return true;
      }
    }
    return false;
  }

  /** The lowercase name, {@code filter}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
