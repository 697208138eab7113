package dev.rampart.render.ferm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Coexist;
import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code @def} variables that ask the host, when ferm reads its configuration, which tables and
 * chains exist: ferm 2.5's {@code @preserve} of a chain the host does not have creates it empty,
 * and ferm creates every table its configuration names. Each variable runs the {@code
 * iptables-save} ferm itself uses (iptables-legacy when installed) through awk; the chain names in
 * the command are validated names (letters, digits and {@code _ . + -}), never a path or other
 * text.
 */
final class HostChains {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.+-]+");

  private HostChains() {}

  /**
   * The variable listing which of the table's chains {@code names} the host has in {@code family}.
   */
  static String chainsVariable(Family family, TableName table) {
    return "$RAMPART_KEEP" + digit(family) + "_" + table.name();
  }

  /**
   * The variable that is {@code 1} when the host has {@code table} in {@code family}, else empty.
   */
  static String tableVariable(Family family, TableName table) {
    return "$RAMPART_TABLE" + digit(family) + "_" + table.name();
  }

  /** The definition of {@link #chainsVariable}: which of {@code names} exist on the host. */
  static String chainsDefinition(Family family, TableName table, List<String> names) {
    for (String name : names) {
      checkArgument(NAME.matcher(name).matches(), "not a plain chain name: %s", name);
    }
    return "@def "
        + chainsVariable(family, table)
        + " = `"
        + save(family)
        + " | awk -v t="
        + table.label()
        + " -v want=' "
        + String.join(" ", names)
        + " ' 'substr($0, 1, 1) == \"*\" { cur = substr($0, 2) }"
        + " cur == t && substr($0, 1, 1) == \":\" && index(want, \" \" substr($1, 2) \" \")"
        + " { print substr($1, 2) }'`;";
  }

  /**
   * The variable that is {@value Coexist#ADOPTED} when the host has {@code chain} of {@code table}
   * in {@code family} when ferm reads its configuration, else {@value Coexist#CREATED}: the kind
   * {@link Hooks#own} records.
   */
  static String kindVariable(Family family, TableName table, String chain) {
    checkArgument(NAME.matcher(chain).matches(), "not a plain chain name: %s", chain);
    return "$RAMPART_KIND"
        + digit(family)
        + "_"
        + table.name()
        + "_"
        + chain.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** The definition of {@link #kindVariable}. */
  static String kindDefinition(Family family, TableName table, String chain) {
    return "@def "
        + kindVariable(family, table, chain)
        + " = `"
        + save(family)
        + " | awk -v t="
        + table.label()
        + " -v c="
        + chain
        + " 'substr($0, 1, 1) == \"*\" { cur = substr($0, 2) }"
        + " cur == t && $1 == \":\" c { had = 1 }"
        + " END { print had ? \""
        + Coexist.ADOPTED
        + "\" : \""
        + Coexist.CREATED
        + "\" }'`;";
  }

  /** The definition of {@link #tableVariable}. */
  static String tableDefinition(Family family, TableName table) {
    return "@def "
        + tableVariable(family, table)
        + " = `"
        + save(family)
        + " | awk -v t="
        + table.label()
        + " '$0 == \"*\" t { print 1 }'`;";
  }

  /** The comment before the definitions. */
  static ImmutableList<String> comment() {
    return ImmutableList.of(
        "# What the host has, asked when ferm reads this file: @preserve of a chain the host",
        "# lacks would create it empty, and ferm creates every table it is told about.");
  }

  private static String save(Family family) {
    String name = family == Family.IPV4 ? "iptables" : "ip6tables";
    return "PATH=/usr/sbin:/sbin:$PATH; s=$(command -v "
        + name
        + "-legacy-save || command -v "
        + name
        + "-save) && $s";
  }

  private static String digit(Family family) {
    return family == Family.IPV4 ? "4" : "6";
  }
}
