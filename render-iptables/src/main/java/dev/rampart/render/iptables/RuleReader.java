package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Reads the words of one rule after {@code -A CHAIN}: the generic options ({@code -s -d -i -o -p}
 * in short and long spelling, {@code !} before the option or, old style, before its value), the
 * match modules ({@link ModuleReader}), the target ({@link TargetReader}) and {@code -c} counters.
 * One instance per dump, reset per rule.
 */
final class RuleReader {
  /** Generic long options: they end a module's or a target's options. */
  private static final ImmutableSet<String> GENERIC_LONG =
      ImmutableSet.of(
          "--source",
          "--destination",
          "--in-interface",
          "--out-interface",
          "--protocol",
          "--match",
          "--jump",
          "--goto",
          "--set-counters",
          "--fragment",
          "--ipv4",
          "--ipv6");

  final Tokens tokens;
  private final ModuleReader modules;
  private final TargetReader targets;
  int at;
  final List<Match> matches = new ArrayList<>();
  @Nullable Protocol protocol;

  /** Whether the rule has a protocol match, negated or not (iptables takes one). */
  private boolean protocolSeen;

  @Nullable String comment;
  @Nullable Target target;
  @Nullable Family family;
  long packets = -1;
  long bytes = -1;

  RuleReader(Tokens tokens) {
    this.tokens = tokens;
    this.modules = new ModuleReader(this);
    this.targets = new TargetReader(this);
  }

  /**
   * Reads the rule in {@link #tokens} from word {@code from}; {@code isChain} tells the chains
   * declared so far.
   *
   * @throws ParseProblem for anything iptables would refuse or the model cannot hold
   */
  Rule read(int from, Predicate<String> isChain) {
    at = from;
    matches.clear();
    protocol = null;
    protocolSeen = false;
    comment = null;
    target = null;
    family = null;
    packets = -1;
    bytes = -1;
    while (at < tokens.size()) {
      boolean negated = tokens.isBang(at);
      if (negated) {
        at++;
        if (!tokens.isOption(at)) {
          throw new ParseProblem(at < tokens.size() ? "! before a value" : "! at the end");
        }
      }
      String option = tokens.word(at);
      if (tokens.quoted(at) || option.length() < 2 || option.charAt(0) != '-') {
        throw new ParseProblem("unexpected argument: " + option);
      }
      at++;
      switch (option) {
        case "-s", "--source" -> address(Direction.SOURCE, option, negated);
        case "-d", "--destination" -> address(Direction.DESTINATION, option, negated);
        case "-i", "--in-interface" -> iface(InterfaceMatch.Side.IN, option, negated);
        case "-o", "--out-interface" -> iface(InterfaceMatch.Side.OUT, option, negated);
        case "-p", "--protocol" -> protocol(option, negated);
        case "-m", "--match" -> {
          notNegated(option, negated);
          modules.read(value(option));
        }
        case "-j", "--jump" -> {
          notNegated(option, negated);
          secondTarget(option);
          target = targets.read(value(option), isChain, false);
        }
        case "-g", "--goto" -> {
          notNegated(option, negated);
          secondTarget(option);
          target = targets.read(value(option), isChain, true);
        }
        case "-c", "--set-counters" -> {
          notNegated(option, negated);
          packets = counter(value(option));
          bytes = counter(value(option));
        }
        default -> {
          at--;
          if (negated) {
            at--;
          }
          if (!option.startsWith("--") || !modules.readImplicit(option)) {
            throw new ParseProblem("unknown option " + option);
          }
        }
      }
    }
    if (target == null) {
      throw new ParseProblem("rule without a target (counting rules are not in the model)");
    }
    Rule.Builder rule = Rule.builder().addAllMatches(matches).target(target);
    if (comment != null) {
      rule.comment(comment);
    }
    return rule.build();
  }

  private void secondTarget(String option) {
    if (target != null) {
      throw new ParseProblem("second target: " + option);
    }
  }

  private static long counter(String text) {
    long n = Numbers.parseLong(text);
    if (n < 0) {
      throw new ParseProblem("bad counter: " + text);
    }
    return n;
  }

  /** Whether the word at {@code i} ends a module's or a target's options. */
  boolean endsOptions(int i) {
    if (i >= tokens.size()) {
      return true;
    }
    if (tokens.isBang(i)) {
      return endsOptions(i + 1) && i + 1 < tokens.size();
    }
    if (!tokens.isOption(i)) {
      return false;
    }
    String w = tokens.word(i);
    return w.charAt(1) != '-' || GENERIC_LONG.contains(w);
  }

  static void notNegated(String option, boolean negated) {
    if (negated) {
      throw new ParseProblem("! before " + option);
    }
  }

  /**
   * The value of {@code option}: the next word.
   *
   * @throws ParseProblem when the line ends
   */
  String value(String option) {
    if (at >= tokens.size()) {
      throw new ParseProblem("option " + option + " needs a value");
    }
    return tokens.word(at++);
  }

  /**
   * Reads an old-style {@code !} before a value ({@code -s ! 10.0.0.1}) and returns the negation.
   *
   * @throws ParseProblem for {@code !} on both sides
   */
  boolean oldStyleBang(String option, boolean negated) {
    if (tokens.isBang(at)) {
      if (negated) {
        throw new ParseProblem("! twice for " + option);
      }
      at++;
      return true;
    }
    return negated;
  }

  /** Records that the rule needs {@code f}. */
  void family(Family f, String why) {
    if (family != null && family != f) {
      throw new ParseProblem("mixes ipv4 and ipv6: " + why);
    }
    family = f;
  }

  /** Parses an address or prefix as iptables prints it, recording its family. */
  Cidr cidr(String text) {
    Optional<Cidr> cidr = Cidr.tryParse(text);
    if (cidr.isEmpty()) {
      throw new ParseProblem("not an address or prefix: " + text);
    }
    family(cidr.get().family(), text);
    return cidr.get();
  }

  private void address(Direction direction, String option, boolean negated) {
    boolean neg = oldStyleBang(option, negated);
    String text = value(option);
    AddressMatch m =
        direction == Direction.SOURCE
            ? AddressMatch.source(List.of(cidr(text)))
            : AddressMatch.destination(List.of(cidr(text)));
    matches.add(neg ? m.negate() : m);
  }

  private void iface(InterfaceMatch.Side side, String option, boolean negated) {
    boolean neg = oldStyleBang(option, negated);
    String name = value(option);
    InterfaceMatch m =
        side == InterfaceMatch.Side.IN ? InterfaceMatch.in(name) : InterfaceMatch.out(name);
    matches.add(neg ? m.negate() : m);
  }

  private void protocol(String option, boolean negated) {
    boolean neg = oldStyleBang(option, negated);
    String name = value(option);
    int number = ProtocolNames.number(name);
    if (number < 0) {
      throw new ParseProblem("unknown protocol: " + name);
    }
    if (number == 0) {
      if (neg) {
        throw new ParseProblem("negated protocol matches nothing: " + name);
      }
      return; // all protocols: no test
    }
    if (protocolSeen) {
      throw new ParseProblem("second protocol: " + name);
    }
    Protocol p = Protocol.of(number);
    protocolSeen = true;
    if (!neg) {
      protocol = p;
    }
    matches.add(neg ? ProtocolMatch.not(p) : ProtocolMatch.of(p));
  }
}
