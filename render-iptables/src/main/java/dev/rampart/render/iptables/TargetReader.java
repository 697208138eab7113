package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Names;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.target.ConnMark;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code -j NAME} or {@code -g CHAIN} with the target's options. A declared user chain is a
 * jump; the targets the model knows are read option by option; other targets (TRACE, NFQUEUE, ...)
 * become opaque targets; a name that is neither a declared chain nor a target is a chain used
 * before it is declared.
 */
final class TargetReader {
  /** Target extensions older iptables had and old dumps still hold; {@link Names} has the rest. */
  private static final ImmutableSet<String> RETIRED = ImmutableSet.of("MIRROR", "SAME");

  /** Names of {@code --reject-with} iptables reads besides the model's canonical ones. */
  private static final ImmutableMap<String, Reject.With> REJECT_ALIASES =
      ImmutableMap.<String, Reject.With>builder()
          .put("net-unreach", Reject.With.ICMP_NET_UNREACHABLE)
          .put("host-unreach", Reject.With.ICMP_HOST_UNREACHABLE)
          .put("port-unreach", Reject.With.ICMP_PORT_UNREACHABLE)
          .put("host-prohib", Reject.With.ICMP_HOST_PROHIBITED)
          .put("admin-prohib", Reject.With.ICMP_ADMIN_PROHIBITED)
          .put("tcp-rst", Reject.With.TCP_RESET)
          .put("no-route", Reject.With.ICMP6_NO_ROUTE)
          .put("adm-prohibited", Reject.With.ICMP6_ADM_PROHIBITED)
          .put("addr-unreach", Reject.With.ICMP6_ADDR_UNREACHABLE)
          .buildOrThrow();

  /** Real {@code --reject-with} values the model does not hold. */
  private static final ImmutableSet<String> REJECT_OPAQUE =
      ImmutableSet.of(
          "icmp-proto-unreachable",
          "proto-unreach",
          "icmp-net-prohibited",
          "net-prohib",
          "icmp6-policy-fail",
          "policy-fail",
          "icmp6-reject-route",
          "reject-route");

  private static final ImmutableMap<String, Integer> LOG_LEVELS =
      ImmutableMap.<String, Integer>builder()
          .put("emerg", 0)
          .put("alert", 1)
          .put("crit", 2)
          .put("error", 3)
          .put("err", 3)
          .put("warning", 4)
          .put("warn", 4)
          .put("notice", 5)
          .put("info", 6)
          .put("debug", 7)
          .buildOrThrow();

  private final RuleReader rule;
  private final Tokens tokens;

  TargetReader(RuleReader rule) {
    this.rule = rule;
    this.tokens = rule.tokens;
  }

  /** Reads the target {@code name}, whose options start at the reader's position. */
  Target read(String name, Predicate<String> isChain, boolean isGoto) {
    if (isGoto || isChain.test(name)) {
      if (!isChain.test(name)) {
        throw new ParseProblem("chain used before it is declared: " + name);
      }
      noOptions(name);
      return isGoto ? Jump.goTo(name) : Jump.to(name);
    }
    int start = rule.at;
    Target t =
        switch (name) {
          case "ACCEPT" -> verdict(Verdict.ACCEPT);
          case "DROP" -> verdict(Verdict.DROP);
          case "RETURN" -> verdict(Verdict.RETURN);
          case "REJECT" -> reject();
          case "LOG" -> log();
          case "DNAT" -> nat("--to-destination", true);
          case "SNAT" -> nat("--to-source", false);
          case "MASQUERADE" -> masquerade();
          case "MARK" -> mark();
          case "CONNMARK" -> connmark();
          case "CT" -> ct();
          case "NOTRACK" -> notrack();
          case "REDIRECT" -> redirect();
          case "TCPMSS" -> tcpmss();
          case "NFLOG" -> nflog();
          default -> null;
        };
    if (t != null) {
      return t;
    }
    rule.at = start;
    if (!Names.isTargetName(name) && !RETIRED.contains(name) && rule.endsOptions(rule.at)) {
      throw new ParseProblem("chain used before it is declared: " + name);
    }
    if (name.isEmpty() || name.charAt(0) == '-') {
      throw new ParseProblem("option -j needs a target");
    }
    List<String> words = new ArrayList<>();
    while (!rule.endsOptions(rule.at)) {
      words.add(tokens.word(rule.at++));
    }
    return Opaque.target(name, words);
  }

  private void noOptions(String name) {
    if (!rule.endsOptions(rule.at)) {
      throw new ParseProblem("unknown option " + tokens.word(rule.at) + " of target " + name);
    }
  }

  private Target verdict(Verdict v) {
    noOptions(v.name());
    return v;
  }

  /** The next option of the target, or null at its end; a {@code !} is an error. */
  private @Nullable String option(String target) {
    if (rule.endsOptions(rule.at)) {
      return null;
    }
    if (!tokens.isOption(rule.at)) {
      throw new ParseProblem("unexpected argument: " + tokens.word(rule.at));
    }
    String o = tokens.word(rule.at++);
    if (!o.startsWith("--")) {
      throw new ParseProblem("unknown option " + o + " of target " + target);
    }
    return o;
  }

  private @Nullable Target reject() {
    Reject result = Reject.of();
    for (String o = option("REJECT"); o != null; o = option("REJECT")) {
      if (!o.equals("--reject-with")) {
        throw new ParseProblem("unknown option " + o + " of target REJECT");
      }
      String text = rule.value(o);
      Reject.With with = Reject.With.tryParse(text).orElse(REJECT_ALIASES.get(text));
      if (with == null) {
        if (REJECT_OPAQUE.contains(text)) {
          return null;
        }
        throw new ParseProblem("unknown reject-with: " + text);
      }
      if (with.families().size() == 1) {
        rule.family(with.families().iterator().next(), text);
      }
      boolean familyDefault =
          with == Reject.With.ICMP_PORT_UNREACHABLE || with == Reject.With.ICMP6_PORT_UNREACHABLE;
      result = familyDefault ? Reject.of() : Reject.with(with);
    }
    return result;
  }

  private @Nullable Target log() {
    Log.Builder log = Log.builder();
    for (String o = option("LOG"); o != null; o = option("LOG")) {
      switch (o) {
        case "--log-prefix" -> log.prefix(rule.value(o));
        case "--log-level" -> {
          String text = rule.value(o);
          Integer level = LOG_LEVELS.get(text.toLowerCase(Locale.ROOT));
          int n = level != null ? level : Numbers.parse(text, 7);
          if (n < 0) {
            throw new ParseProblem("bad log level: " + text);
          }
          if (n != 4) {
            log.level(n);
          }
        }
        case "--log-tcp-sequence",
            "--log-tcp-options",
            "--log-ip-options",
            "--log-uid",
            "--log-macdecode" -> {
          return null;
        }
        default -> throw new ParseProblem("unknown option " + o + " of target LOG");
      }
    }
    return log.build();
  }

  private @Nullable Target nat(String option, boolean destination) {
    String target = destination ? "DNAT" : "SNAT";
    @Nullable Cidr address = null;
    @Nullable PortRange port = null;
    for (String o = option(target); o != null; o = option(target)) {
      if (o.equals("--random") || o.equals("--persistent") || o.equals("--random-fully")) {
        return null;
      }
      if (!o.equals(option)) {
        throw new ParseProblem("unknown option " + o + " of target " + target);
      }
      if (address != null) {
        return null; // several ranges (old kernels)
      }
      String text = rule.value(o);
      String host = text;
      String ports = null;
      if (text.startsWith("[")) {
        int close = text.indexOf(']');
        if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
          throw new ParseProblem("bad nat address: " + text);
        }
        host = text.substring(1, close);
        ports = close + 1 < text.length() ? text.substring(close + 2) : null;
      } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') >= 0) {
        host = text.substring(0, text.indexOf(':'));
        ports = text.substring(text.indexOf(':') + 1);
      }
      if (host.indexOf('-') >= 0 || (ports != null && ports.indexOf('/') >= 0)) {
        return null; // an address range or a port offset
      }
      address = rule.cidr(host);
      if (ports != null) {
        port = ModuleReader.range(ports, '-');
      }
    }
    if (address == null) {
      throw new ParseProblem("target " + target + " needs " + option);
    }
    if (destination) {
      return port == null ? Dnat.to(address) : Dnat.to(address, port);
    }
    return port == null ? Snat.to(address) : Snat.to(address, port);
  }

  private @Nullable Target masquerade() {
    Masquerade result = Masquerade.of();
    for (String o = option("MASQUERADE"); o != null; o = option("MASQUERADE")) {
      if (o.equals("--random") || o.equals("--random-fully")) {
        return null;
      }
      if (!o.equals("--to-ports")) {
        throw new ParseProblem("unknown option " + o + " of target MASQUERADE");
      }
      result = Masquerade.toPorts(ModuleReader.range(rule.value(o), '-'));
    }
    return result;
  }

  private long u32(String text) {
    long v = Numbers.parseU32(text);
    if (v < 0) {
      throw new ParseProblem("not a 32-bit value: " + text);
    }
    return v;
  }

  /** {@code value/mask} with the mask {@code 0xffffffff} when absent. */
  private long[] valueMask(String text) {
    int slash = text.indexOf('/');
    return slash < 0
        ? new long[] {u32(text), 0xffffffffL}
        : new long[] {u32(text.substring(0, slash)), u32(text.substring(slash + 1))};
  }

  private @Nullable Target mark() {
    @Nullable Target result = null;
    for (String o = option("MARK"); o != null; o = option("MARK")) {
      String text = rule.value(o);
      long[] vm = valueMask(text);
      result =
          switch (o) {
            case "--set-xmark" -> Mark.xmark(vm[0], vm[1]);
            case "--set-mark" -> text.indexOf('/') < 0 ? Mark.set(vm[0]) : Mark.set(vm[0], vm[1]);
            case "--and-mark" -> Mark.and(u32(text));
            case "--or-mark" -> Mark.or(u32(text));
            case "--xor-mark" -> Mark.xor(u32(text));
            default -> throw new ParseProblem("unknown option " + o + " of target MARK");
          };
    }
    if (result == null) {
      throw new ParseProblem("target MARK needs an option");
    }
    return result;
  }

  private @Nullable Target connmark() {
    @Nullable Target result = null;
    long nf = 0xffffffffL;
    long ct = 0xffffffffL;
    @Nullable String mode = null;
    for (String o = option("CONNMARK"); o != null; o = option("CONNMARK")) {
      switch (o) {
        case "--set-xmark" -> {
          long[] vm = valueMask(rule.value(o));
          result = ConnMark.xmark(vm[0], vm[1]);
        }
        case "--set-mark" -> {
          String text = rule.value(o);
          long[] vm = valueMask(text);
          result = text.indexOf('/') < 0 ? ConnMark.set(vm[0]) : ConnMark.set(vm[0], vm[1]);
        }
        case "--save-mark", "--restore-mark" -> mode = o;
        case "--nfmask" -> nf = u32(rule.value(o));
        case "--ctmask" -> ct = u32(rule.value(o));
        case "--mask", "--and-mark", "--or-mark", "--xor-mark" -> {
          return null;
        }
        default -> throw new ParseProblem("unknown option " + o + " of target CONNMARK");
      }
    }
    if (mode != null) {
      return mode.equals("--save-mark") ? ConnMark.save(nf, ct) : ConnMark.restore(nf, ct);
    }
    if (result == null) {
      throw new ParseProblem("target CONNMARK needs an option");
    }
    return result;
  }

  private @Nullable Target ct() {
    @Nullable Target result = null;
    for (String o = option("CT"); o != null; o = option("CT")) {
      switch (o) {
        case "--notrack" -> result = Ct.notrack();
        case "--zone" -> {
          String text = rule.value(o);
          int zone = Numbers.parse(text, 65535);
          if (zone < 0) {
            return null; // orig-/reply-zone, mark-derived zones
          }
          result = Ct.zone(zone);
        }
        case "--helper",
            "--ctevents",
            "--expevents",
            "--zone-orig",
            "--zone-reply",
            "--timeout" -> {
          return null;
        }
        default -> throw new ParseProblem("unknown option " + o + " of target CT");
      }
    }
    return result;
  }

  private Target notrack() {
    noOptions("NOTRACK");
    return Notrack.of();
  }

  private Target redirect() {
    Redirect result = Redirect.of();
    for (String o = option("REDIRECT"); o != null; o = option("REDIRECT")) {
      if (!o.equals("--to-ports")) {
        throw new ParseProblem("unknown option " + o + " of target REDIRECT");
      }
      result = Redirect.toPorts(ModuleReader.range(rule.value(o), '-'));
    }
    return result;
  }

  private Target tcpmss() {
    @Nullable Target result = null;
    for (String o = option("TCPMSS"); o != null; o = option("TCPMSS")) {
      switch (o) {
        case "--clamp-mss-to-pmtu" -> result = TcpMss.clampToPmtu();
        case "--set-mss" -> {
          String text = rule.value(o);
          int mss = Numbers.parse(text, 65535);
          if (mss < 0) {
            throw new ParseProblem("bad mss: " + text);
          }
          result = TcpMss.setMss(mss);
        }
        default -> throw new ParseProblem("unknown option " + o + " of target TCPMSS");
      }
    }
    if (result == null) {
      throw new ParseProblem("target TCPMSS needs --clamp-mss-to-pmtu or --set-mss");
    }
    return result;
  }

  private Target nflog() {
    Nflog.Builder b = Nflog.builder();
    for (String o = option("NFLOG"); o != null; o = option("NFLOG")) {
      switch (o) {
        case "--nflog-group" -> b.group(number(rule.value(o)));
        case "--nflog-prefix" -> b.prefix(rule.value(o));
        case "--nflog-threshold" -> b.threshold(number(rule.value(o)));
        case "--nflog-size", "--nflog-range" -> b.size(number(rule.value(o)));
        default -> throw new ParseProblem("unknown option " + o + " of target NFLOG");
      }
    }
    return b.build();
  }

  private static int number(String text) {
    int n = Numbers.parse(text, Integer.MAX_VALUE);
    if (n < 0) {
      throw new ParseProblem("not a number: " + text);
    }
    return n;
  }
}
