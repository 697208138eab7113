package dev.rampart.testing.gen;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.gen.RulesetOptions.DockerUser;
import dev.rampart.testing.gen.RulesetOptions.TargetKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Draws the target of a rule among the kinds the options and the place allow. */
final class Targets {
  private static final List<String> PREFIXES = List.of("rampart: ", "in drop ", "x", "fwd{}; ");

  private final RuleGenerator rule;
  private final Draw d;

  Targets(RuleGenerator rule) {
    this.rule = rule;
    this.d = rule.d;
  }

  private boolean allowed(TargetKind kind) {
    return rule.o.targets().contains(kind);
  }

  private boolean besideDocker() {
    return rule.o.dockerUser() == DockerUser.BESIDE_DOCKER;
  }

  /** A filter target in a chain reached from {@code hook}, jumping only to {@code below}. */
  Target filter(String hook, boolean builtin, List<String> below) {
    boolean forwardPath = besideDocker() && hook.equals("FORWARD");
    List<TargetKind> kinds = new ArrayList<>();
    kinds.add(TargetKind.DROP);
    kinds.add(TargetKind.DROP);
    kinds.add(TargetKind.LOG);
    kinds.add(TargetKind.REJECT);
    if (!forwardPath) {
      kinds.add(TargetKind.ACCEPT);
      kinds.add(TargetKind.ACCEPT);
    }
    if (!(forwardPath && builtin)) {
      kinds.add(TargetKind.RETURN);
    }
    if (!below.isEmpty()) {
      kinds.add(TargetKind.JUMP);
      kinds.add(TargetKind.JUMP);
      if (!(forwardPath && builtin)) {
        kinds.add(TargetKind.GOTO);
      }
    }
    kinds.add(TargetKind.NFLOG);
    kinds.add(TargetKind.MARK);
    kinds.removeIf(k -> !allowed(k));
    if (kinds.isEmpty()) {
      return Verdict.DROP;
    }
    return switch (d.oneOf(kinds)) {
      case ACCEPT -> Verdict.ACCEPT;
      case RETURN -> Verdict.RETURN;
      case JUMP -> Jump.to(d.oneOf(below));
      case GOTO -> Jump.goTo(d.oneOf(below));
      case LOG -> log();
      case REJECT -> reject();
      case NFLOG -> Nflog.group(d.between(0, 5));
      case MARK -> Mark.set(d.between(0, 255));
      default -> Verdict.DROP;
    };
  }

  private Log log() {
    Log.Builder b = Log.builder();
    if (d.chance(60)) {
      b.prefix(d.oneOf(PREFIXES));
    }
    if (d.chance(50)) {
      b.level(d.between(0, 7));
    }
    return b.build();
  }

  private Reject reject() {
    Optional<Family> family = rule.familySoFar();
    boolean tcp = rule.protocol().filter(Protocol.TCP::equals).isPresent();
    List<Reject.With> choices = new ArrayList<>();
    for (Reject.With w : Reject.With.values()) {
      boolean fits =
          w == Reject.With.TCP_RESET
              ? tcp
              : family.map(f -> w.families().contains(f)).orElse(true)
                  && rule.o.families().containsAll(w.families());
      if (fits) {
        choices.add(w);
      }
    }
    if (!d.chance(70) || choices.isEmpty()) {
      return Reject.of();
    }
    Reject.With w = d.oneOf(choices);
    if (w.families().size() == 1) {
      rule.fixFamily(w.families().iterator().next());
    }
    return Reject.with(w);
  }

  /** A nat target for built-in chain {@code hook}, if the options allow one there. */
  Optional<Target> nat(String hook) {
    List<TargetKind> kinds = new ArrayList<>();
    switch (hook) {
      case "PREROUTING", "OUTPUT" -> kinds.add(TargetKind.DNAT);
      case "POSTROUTING" -> {
        kinds.add(TargetKind.MASQUERADE);
        kinds.add(TargetKind.SNAT);
      }
      default -> kinds.add(TargetKind.SNAT);
    }
    kinds.removeIf(k -> !allowed(k));
    if (!besideDocker() && d.chance(8)) {
      List<TargetKind> verdicts = new ArrayList<>(List.of(TargetKind.ACCEPT, TargetKind.RETURN));
      verdicts.removeIf(k -> !allowed(k));
      if (!verdicts.isEmpty()) {
        kinds = verdicts;
      }
    }
    if (kinds.isEmpty()) {
      return Optional.empty();
    }
    boolean ports = rule.protocol().isPresent();
    return Optional.of(
        switch (d.oneOf(kinds)) {
          case ACCEPT -> Verdict.ACCEPT;
          case RETURN -> Verdict.RETURN;
          case MASQUERADE -> Masquerade.of();
          case DNAT -> {
            Cidr to = Addresses.cidr(d, rule.o, rule.family(), true);
            yield ports && d.chance(60) ? Dnat.to(to, rule.port()) : Dnat.to(to);
          }
          default -> {
            Cidr to = Addresses.cidr(d, rule.o, rule.family(), true);
            yield ports && d.chance(40) ? Snat.to(to, rule.port()) : Snat.to(to);
          }
        });
  }

  /** A raw target for built-in chain {@code hook}: DROP, or ACCEPT where that is allowed. */
  Target raw(String hook) {
    boolean accept = allowed(TargetKind.ACCEPT) && !(besideDocker() && hook.equals("PREROUTING"));
    if (!allowed(TargetKind.DROP)) {
      return Verdict.ACCEPT;
    }
    return accept && d.chance(40) ? Verdict.ACCEPT : Verdict.DROP;
  }
}
