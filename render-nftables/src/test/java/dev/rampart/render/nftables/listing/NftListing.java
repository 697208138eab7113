package dev.rampart.render.nftables.listing;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The tables, sets, chains and rules of an nft ruleset, read either from the kernel ({@code nft -j
 * -n list ruleset}, expression by expression) or from a rendered script, so the two can be compared
 * as structures. Rules are kept in the renderer's syntax; the JSON side is decompiled into it.
 * Public (test scope, own package) so that the samples' kernel tests can use it from the test-jar.
 */
public record NftListing(Map<String, TableView> tables) {
  /** One table: sets and chains in order. */
  public record TableView(List<SetView> sets, List<ChainView> chains) {}

  /** One named set. */
  public record SetView(String name, String type, List<String> flags, List<String> elements) {}

  /** One chain: its base declaration (empty for a regular chain) and its rules. */
  public record ChainView(String name, String base, List<String> rules) {}

  private static final ImmutableMap<Long, String> L4 =
      ImmutableMap.of(
          6L, "tcp", 17L, "udp", 1L, "icmp", 58L, "ipv6-icmp", 50L, "esp", 132L, "sctp");
  private static final ImmutableMap<Long, String> STATE =
      ImmutableMap.of(1L, "invalid", 2L, "established", 4L, "related", 8L, "new", 64L, "untracked");
  private static final ImmutableMap<Long, String> STATUS =
      ImmutableMap.of(16L, "snat", 32L, "dnat");
  private static final ImmutableMap<Long, String> FIB =
      ImmutableMap.of(1L, "unicast", 2L, "local", 3L, "broadcast", 5L, "multicast");
  private static final ImmutableMap<Long, String> ICMP_CODE =
      ImmutableMap.of(
          0L, "net-unreachable",
          1L, "host-unreachable",
          3L, "port-unreachable",
          10L, "host-prohibited",
          13L, "admin-prohibited");
  private static final ImmutableMap<Long, String> ICMPV6_CODE =
      ImmutableMap.of(
          0L, "no-route", 1L, "admin-prohibited", 3L, "addr-unreachable", 4L, "port-unreachable");

  /** The {@code inet} tables of {@code json} (from {@code nft -j -n list ruleset}). */
  public static NftListing fromJson(String json) {
    Map<String, TableView> tables = new LinkedHashMap<>();
    List<?> items = (List<?>) map(Json.parse(json)).get("nftables");
    for (Object item : items) {
      Map<String, Object> o = map(item);
      String kind = o.keySet().iterator().next();
      Map<String, Object> v = map(o.get(kind));
      if (kind.equals("metainfo") || !"inet".equals(v.get("family"))) {
        continue;
      }
      switch (kind) {
        case "table" ->
            tables.put((String) v.get("name"), new TableView(new ArrayList<>(), new ArrayList<>()));
        case "set" -> table(tables, v).sets().add(set(v));
        case "chain" -> table(tables, v).chains().add(chain(v));
        case "rule" -> {
          ChainView chain =
              table(tables, v).chains().stream()
                  .filter(c -> c.name().equals(v.get("chain")))
                  .findFirst()
                  .orElseThrow();
          chain.rules().add(withoutRejectDependency(asNftStoresIt(rule(v))));
        }
        default -> throw new IllegalArgumentException("unexpected nft object " + kind);
      }
    }
    return new NftListing(tables);
  }

  /**
   * The tables a rendered script defines. Normalised only where nft itself rewrites a rule into an
   * equivalent one: see {@link #asNftStoresIt}, {@link #withoutIcmpDependency}, {@link
   * #rejectContext} and {@link #withoutRejectDependency}.
   */
  public static NftListing fromScript(String script) {
    Map<String, TableView> tables = new LinkedHashMap<>();
    TableView table = null;
    String chainName = null;
    String base = "";
    List<String> rules = new ArrayList<>();
    SetView set = null;
    for (String line : script.split("\n")) {
      if (line.startsWith("table inet ") && line.endsWith(" {")) {
        table = new TableView(new ArrayList<>(), new ArrayList<>());
        tables.put(line.substring("table inet ".length(), line.length() - 2), table);
      } else if (line.startsWith("\tset ")) {
        set =
            new SetView(
                line.substring(5, line.length() - 2), "", new ArrayList<>(), new ArrayList<>());
      } else if (set != null && line.startsWith("\t\ttype ")) {
        set = new SetView(set.name(), line.substring(7), set.flags(), set.elements());
      } else if (set != null && line.startsWith("\t\tflags ")) {
        set.flags().add(line.substring(8));
      } else if (set != null && line.startsWith("\t\telements = { ")) {
        for (String e : line.substring(15, line.length() - 2).split(", ")) {
          set.elements().add(e);
        }
      } else if (line.startsWith("\tchain ")) {
        chainName = line.substring(7, line.length() - 2);
        base = "";
        rules = new ArrayList<>();
      } else if (chainName != null && line.startsWith("\t\ttype ")) {
        base = line.substring(2);
      } else if (chainName != null && line.startsWith("\t\t")) {
        rules.add(
            withoutRejectDependency(
                withoutIcmpDependency(asNftStoresIt(rejectContext(line.substring(2))))));
      } else if (line.equals("\t}") && table != null) {
        if (set != null) {
          table.sets().add(set);
          set = null;
        } else if (chainName != null) {
          table.chains().add(new ChainView(chainName, base, rules));
          chainName = null;
        }
      }
    }
    return new NftListing(tables);
  }

  private static final Pattern NETWORK_V4 =
      Pattern.compile("(^|(?<!original) )ip (saddr|daddr) |(^| )icmp type |^meta nfproto ipv4 ");
  private static final Pattern NETWORK_V6 =
      Pattern.compile("(^|(?<!original) )ip6 (saddr|daddr) |(^| )icmpv6 type |^meta nfproto ipv6 ");

  /**
   * What nft makes of {@code reject} in an {@code inet} table: a bare {@code reject} in a rule
   * whose network protocol is known (an {@code ip}/{@code ip6} address or set, an icmp type, {@code
   * meta nfproto}; not {@code ct original}) is stored as {@code reject with icmp[v6]
   * port-unreachable}, the same reply. See also {@link #withoutRejectDependency}.
   */
  static String rejectContext(String rule) {
    boolean v4 = NETWORK_V4.matcher(rule).find();
    boolean v6 = NETWORK_V6.matcher(rule).find();
    Matcher bare = Pattern.compile("(^| )reject( comment |$)").matcher(rule);
    if (bare.find() && v4 != v6) {
      return rule.substring(0, bare.start())
          + bare.group(1)
          + "reject with "
          + (v4 ? "icmp" : "icmpv6")
          + " port-unreachable"
          + (bare.group(2).isEmpty() ? "" : bare.group(2))
          + rule.substring(bare.end());
    }
    return rule;
  }

  private static final Pattern LONE_ELEMENT = Pattern.compile("\\{ ([^,{}\"]+) \\}");
  private static final Pattern PORT_PAIR =
      Pattern.compile("(^| )(tcp|udp|sctp) dport (\\d+) \\2 sport (\\d+)( |$)");
  private static final Pattern OTHER_FAMILY_PART =
      Pattern.compile("(^| )(ip6?|ct original ip6?) (saddr|daddr) ");

  /**
   * Two rewrites nft makes on load, both the same test: an anonymous set of one element is stored
   * as that element ({@code != { 45-314 }} as {@code != 45-314}), and {@code tcp dport A tcp sport
   * B} (single ports, both compared with equality) is merged into one compare and listed source
   * port first. (nft 1.0.6 merges two {@code !=} the same way, which changes their meaning; the
   * renderer writes such pairs so that nft cannot merge them, and this test does not hide a merge.)
   * Comments are left alone.
   */
  static String asNftStoresIt(String rule) {
    int comment = rule.indexOf(" comment \"");
    String body = comment < 0 ? rule : rule.substring(0, comment);
    String tail = comment < 0 ? "" : rule.substring(comment);
    body = LONE_ELEMENT.matcher(body).replaceAll("$1");
    body = PORT_PAIR.matcher(body).replaceAll("$1$2 sport $4 $2 dport $3$5");
    return withoutImpliedFamily(body) + tail;
  }

  /** Drops a leading {@code meta nfproto} when an address of that family implies it. */
  static String withoutImpliedFamily(String rule) {
    for (String f : List.of("ipv4", "ipv6")) {
      String prefix = "meta nfproto " + f + " ";
      if (rule.startsWith(prefix)) {
        String rest = rule.substring(prefix.length());
        Matcher m = OTHER_FAMILY_PART.matcher(rest);
        while (m.find()) {
          if (m.group(2).endsWith("6") == f.equals("ipv6")) {
            return rest;
          }
        }
      }
    }
    return rule;
  }

  /**
   * Drops a leading {@code meta nfproto ipv4} (ipv6) from a rule that also holds {@code meta
   * l4proto icmp} ({@code ipv6-icmp}), wherever: nft lists the pair without the family test it
   * still holds.
   */
  static String withoutIcmpDependency(String rule) {
    if (rule.startsWith("meta nfproto ipv4 ") && rule.contains("meta l4proto icmp ")
        || rule.startsWith("meta nfproto ipv6 ") && rule.contains("meta l4proto ipv6-icmp ")) {
      return rule.substring("meta nfproto ipv4 ".length());
    }
    return rule;
  }

  /**
   * Drops a leading {@code meta nfproto ipv4} (ipv6) from a rule that ends in {@code reject with
   * icmp} ({@code icmpv6}) or {@code reject with tcp reset}: nft keeps the test in the kernel
   * ({@code nft --debug=netlink list ruleset} shows {@code meta load nfproto}) but lists it or not
   * depending on the other expressions, as the reject's dependency, so both sides compare without
   * it.
   */
  static String withoutRejectDependency(String rule) {
    if (rule.startsWith("meta nfproto ipv4 ")
            && (rule.contains(" reject with icmp ") || rule.contains(" reject with tcp reset"))
        || rule.startsWith("meta nfproto ipv6 ")
            && (rule.contains(" reject with icmpv6 ") || rule.contains(" reject with tcp reset"))) {
      return rule.substring("meta nfproto ipv4 ".length());
    }
    return rule;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private static TableView table(Map<String, TableView> tables, Map<String, Object> v) {
    return tables.get((String) v.get("table"));
  }

  private static SetView set(Map<String, Object> v) {
    List<String> flags = new ArrayList<>();
    if (v.get("flags") instanceof List<?> l) {
      l.forEach(f -> flags.add((String) f));
    }
    List<String> elements = new ArrayList<>();
    if (v.get("elem") instanceof List<?> l) {
      l.forEach(e -> elements.add(value("", e)));
    }
    return new SetView((String) v.get("name"), (String) v.get("type"), flags, elements);
  }

  private static ChainView chain(Map<String, Object> v) {
    String base = "";
    if (v.containsKey("hook")) {
      base =
          "type "
              + v.get("type")
              + " hook "
              + v.get("hook")
              + " priority "
              + v.get("prio")
              + "; policy "
              + v.get("policy")
              + ";";
    }
    return new ChainView((String) v.get("name"), base, new ArrayList<>());
  }

  private static String rule(Map<String, Object> v) {
    List<String> parts = new ArrayList<>();
    for (Object e : (List<?>) v.get("expr")) {
      parts.add(statement(map(e)));
    }
    if (v.get("comment") instanceof String c) {
      parts.add("comment \"" + c + "\"");
    }
    return String.join(" ", parts);
  }

  private static String statement(Map<String, Object> s) {
    String kind = s.keySet().iterator().next();
    Object arg = s.get(kind);
    switch (kind) {
      case "match":
        return match(map(arg));
      case "accept":
      case "drop":
      case "return":
        return kind;
      case "jump":
      case "goto":
        return kind + " " + map(arg).get("target");
      case "log":
        return log(arg);
      case "reject":
        return reject(map(arg));
      case "limit":
        {
          Map<String, Object> l = map(arg);
          long burst = (Long) l.get("burst");
          return "limit rate "
              + l.get("rate")
              + "/"
              + l.get("per")
              + (burst == 5 ? "" : " burst " + burst + " packets");
        }
      case "dnat":
      case "snat":
        return kind + " " + nat(map(arg));
      case "masquerade":
        return arg instanceof Map<?, ?> m
            ? "masquerade to :" + value("", map(m).get("port"))
            : "masquerade";
      default:
        throw new IllegalArgumentException("unexpected statement " + s);
    }
  }

  private static String log(Object arg) {
    StringBuilder out = new StringBuilder("log");
    if (arg instanceof Map<?, ?> m) {
      if (m.get("prefix") instanceof String p) {
        out.append(" prefix \"").append(p).append('"');
      }
      if (m.get("level") instanceof String l && !l.equals("warn")) {
        out.append(" level ").append(l);
      }
    }
    return out.toString();
  }

  private static String reject(Map<String, Object> r) {
    String type = (String) r.get("type");
    if (type.equals("tcp reset")) {
      return "reject with tcp reset";
    }
    if (type.equals("icmpx") && Long.valueOf(1).equals(r.get("expr"))) {
      return "reject";
    }
    long code = (Long) r.get("expr");
    String name = (type.equals("icmp") ? ICMP_CODE : ICMPV6_CODE).get(code);
    return "reject with " + type + " " + (name == null ? Long.toString(code) : name);
  }

  private static String nat(Map<String, Object> n) {
    String addr = (String) n.get("addr");
    Optional<String> port = Optional.ofNullable(n.get("port")).map(p -> value("", p));
    if ("ip6".equals(n.get("family"))) {
      return "ip6 to " + port.map(p -> "[" + addr + "]:" + p).orElse(addr);
    }
    return "ip to " + addr + port.map(p -> ":" + p).orElse("");
  }

  private static String match(Map<String, Object> m) {
    String op = (String) m.get("op");
    Object leftRaw = m.get("left");
    String left = left(map(leftRaw));
    String key = left.contains(" & ") ? "mark" : left;
    if (left.equals("meta mark")
        && m.get("right") instanceof Map<?, ?> r
        && r.get("prefix") instanceof Map<?, ?> p
        && p.get("addr") instanceof Long addr) {
      // nft stores "meta mark & 0xf0000000 == 0x70000000" as the prefix 0x70000000/4
      long len = (Long) p.get("len");
      long mask = (0xffffffffL << (32 - len)) & 0xffffffffL;
      return String.format(
          "meta mark & 0x%08x %s 0x%08x", mask, op.equals("!=") ? "!=" : "==", addr);
    }
    String right = value(key, m.get("right"));
    return switch (op) {
      case "==" -> left.contains(" & ") ? left + " == " + right : left + " " + right;
      case "!=" -> left + " != " + right;
      case "in" -> left + " " + right;
      case "!" -> left + " ! " + right;
      default -> throw new IllegalArgumentException("unexpected op " + op);
    };
  }

  private static String left(Map<String, Object> l) {
    String kind = l.keySet().iterator().next();
    Object arg = l.get(kind);
    switch (kind) {
      case "meta":
        {
          String key = (String) map(arg).get("key");
          return key.equals("iifname") || key.equals("oifname") ? key : "meta " + key;
        }
      case "payload":
        return map(arg).get("protocol") + " " + map(arg).get("field");
      case "ct":
        {
          Map<String, Object> ct = map(arg);
          return ct.containsKey("dir")
              ? "ct " + ct.get("dir") + " " + ct.get("key")
              : "ct " + ct.get("key");
        }
      case "fib":
        // nft -j lists the lookup's inputs as flags: saddr or daddr, then mark and iif when used
        return "fib "
            + ((List<?>) map(arg).get("flags"))
                .stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" . "))
            + " "
            + map(arg).get("result");
      case "rt":
        return "rt " + map(arg).get("key");
      case "&":
        {
          List<?> both = (List<?>) arg;
          return left(map(both.get(0))) + " & " + String.format("0x%08x", (Long) both.get(1));
        }
      default:
        throw new IllegalArgumentException("unexpected expression " + l);
    }
  }

  private static String value(String key, Object v) {
    if (v instanceof Boolean b) {
      return b ? "exists" : "missing";
    }
    if (v instanceof Long n) {
      return number(key, n);
    }
    if (v instanceof String s) {
      return key.equals("iifname") || key.equals("oifname") ? "\"" + s + "\"" : s;
    }
    if (v instanceof List<?> list) {
      return list.stream().map(x -> value(key, x)).collect(Collectors.joining(","));
    }
    Map<String, Object> m = map(v);
    if (m.containsKey("prefix")) {
      Map<String, Object> p = map(m.get("prefix"));
      return p.get("addr") + "/" + p.get("len");
    }
    if (m.containsKey("range")) {
      List<?> r = (List<?>) m.get("range");
      return value(key, r.get(0)) + "-" + value(key, r.get(1));
    }
    if (m.containsKey("set")) {
      return "{ "
          + ((List<?>) m.get("set"))
              .stream().map(x -> value(key, x)).collect(Collectors.joining(", "))
          + " }";
    }
    throw new IllegalArgumentException("unexpected value " + v);
  }

  private static String number(String key, long n) {
    Map<Long, String> names =
        switch (key) {
          case "meta l4proto" -> L4;
          case "ct state" -> STATE;
          case "ct status" -> STATUS;
          case "fib daddr type", "fib saddr type" -> FIB;
          case "meta nfproto" -> ImmutableMap.of(2L, "ipv4", 10L, "ipv6");
          default -> ImmutableMap.of();
        };
    if (key.equals("meta mark") || key.equals("mark")) {
      return String.format("0x%08x", n);
    }
    return names.getOrDefault(n, Long.toString(n));
  }
}
