package dev.rampart.core.eval;

import com.google.common.net.InetAddresses;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Place;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.EvalModel.EvalChain;
import dev.rampart.core.eval.EvalModel.EvalRule;
import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluation.Path;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.Match;
import dev.rampart.core.target.Reject;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One run of the tracing evaluator: netfilter's path for one packet, hook by hook, taking the
 * branches {@link Choices} picks where the model cannot decide.
 */
final class Walk {
  /** How one hook of one table ended. */
  record HookResult(
      Decision decision, @Nullable Place place, String reason, Reject.@Nullable With with) {
    static final HookResult PASS = new HookResult(Decision.ACCEPTED, null, "", null);
  }

  private final EvalModel model;
  private final Host host;
  private final Flow flow;
  private final Choices choices;
  private final MatchTruth truth;
  private final List<Trace.Step> steps = new ArrayList<>();
  private final List<Place> unknowns;
  private @Nullable HookResult accepted;

  Walk(EvalModel model, Host host, Packet packet, Choices choices, List<Place> unknowns) {
    this.model = model;
    this.host = host;
    this.flow = new Flow(packet);
    this.choices = choices;
    this.unknowns = unknowns;
    this.truth = new MatchTruth(flow, host, model);
  }

  Evaluation run() {
    return flow.packet.isLocal() ? local() : incoming();
  }

  private Evaluation incoming() {
    // a later packet of a DNATed connection arrives with the original destination; conntrack
    // translates it at nat PREROUTING's place, after raw and mangle PREROUTING have seen it
    boolean translate = flow.dnat && flow.state != ConnState.NEW;
    if (translate) {
      swapDestinations();
    }
    HookResult r = hook(TableName.RAW, "PREROUTING");
    if (r.decision() != Decision.ACCEPTED) {
      return end(r);
    }
    conntrack();
    boolean natted = flow.state == ConnState.NEW;
    r = hooks(new TableName[] {TableName.MANGLE}, "PREROUTING");
    if (translate) {
      swapDestinations();
      if (r.decision() == Decision.ACCEPTED) {
        note("conntrack: translated to " + Evaluation.address(flow.destination));
      }
    }
    if (r.decision() == Decision.ACCEPTED && natted) {
      r = hook(TableName.NAT, "PREROUTING");
    }
    if (r.decision() != Decision.ACCEPTED) {
      return end(r);
    }
    if (!route()) {
      return noRoute();
    }
    return flow.path == Path.INPUT ? input(natted) : forward(natted);
  }

  private Evaluation input(boolean natted) {
    HookResult r = hooks(new TableName[] {TableName.MANGLE, TableName.FILTER}, "INPUT");
    if (r.decision() == Decision.ACCEPTED && natted) {
      r = hook(TableName.NAT, "INPUT");
    }
    return end(r);
  }

  private Evaluation forward(boolean natted) {
    HookResult r = hooks(new TableName[] {TableName.MANGLE, TableName.FILTER}, "FORWARD");
    if (r.decision() == Decision.ACCEPTED) {
      r = postrouting(natted);
    }
    return end(r);
  }

  private Evaluation local() {
    if (!route()) {
      return noRoute();
    }
    HookResult r = hook(TableName.RAW, "OUTPUT");
    if (r.decision() != Decision.ACCEPTED) {
      return end(r);
    }
    conntrack();
    boolean natted = flow.state == ConnState.NEW;
    r = hook(TableName.MANGLE, "OUTPUT");
    if (r.decision() == Decision.ACCEPTED && natted) {
      r = hook(TableName.NAT, "OUTPUT");
      if (flow.dnat && !route()) {
        return noRoute();
      }
    }
    if (r.decision() == Decision.ACCEPTED) {
      r = hook(TableName.FILTER, "OUTPUT");
    }
    if (r.decision() == Decision.ACCEPTED) {
      r = postrouting(natted);
    }
    if (r.decision() != Decision.ACCEPTED || !flow.out.equals("lo")) {
      return end(r);
    }
    return loopback(r);
  }

  /** A locally generated packet to a local address comes back in on {@code lo}. */
  private Evaluation loopback(HookResult sent) {
    note("loopback: back in on lo");
    flow.in = "lo";
    flow.out = "";
    HookResult r = hooks(new TableName[] {TableName.RAW, TableName.MANGLE}, "PREROUTING");
    if (r.decision() == Decision.ACCEPTED) {
      r = hooks(new TableName[] {TableName.MANGLE, TableName.FILTER}, "INPUT");
    }
    flow.path = Path.INPUT;
    flow.out = "lo";
    return end(r.decision() == Decision.ACCEPTED && r.place() == null ? sent : r);
  }

  private HookResult postrouting(boolean natted) {
    HookResult r = hook(TableName.MANGLE, "POSTROUTING");
    if (r.decision() == Decision.ACCEPTED && natted) {
      r = hook(TableName.NAT, "POSTROUTING");
    }
    return r;
  }

  /** Exchanges the destination and the connection's original destination (address and port). */
  private void swapDestinations() {
    InetAddress d = flow.destination;
    int port = flow.destinationPort;
    flow.destination = flow.originalDestination;
    flow.destinationPort = flow.originalDestinationPort;
    flow.originalDestination = d;
    flow.originalDestinationPort = port;
  }

  private void conntrack() {
    note("conntrack: state " + flow.state.name().toLowerCase(Locale.ROOT));
  }

  /** Routes the packet by its current destination; false when there is no route. */
  private boolean route() {
    boolean local = host.isLocal(flow.destination);
    String out = host.route(flow.destination).orElse(flow.packet.outInterface().orElse(""));
    if (flow.packet.isLocal()) {
      flow.path = local ? Path.INPUT : Path.OUTPUT;
      flow.out = out;
      if (!out.isEmpty()) {
        note("route: " + Evaluation.address(flow.destination) + " via " + out);
      }
      return !out.isEmpty();
    }
    if (local) {
      flow.path = Path.INPUT;
      flow.out = "";
      note("route: " + Evaluation.address(flow.destination) + " is local: INPUT");
      return true;
    }
    flow.path = Path.FORWARD;
    flow.out = out;
    if (!out.isEmpty()) {
      note("route: " + Evaluation.address(flow.destination) + " via " + out + ": FORWARD");
    }
    return !out.isEmpty();
  }

  private Evaluation noRoute() {
    String reason = "no route to " + Evaluation.address(flow.destination);
    note(reason);
    flow.path = null;
    return end(new HookResult(Decision.DROPPED, null, reason, null));
  }

  private HookResult hooks(TableName[] tables, String chain) {
    for (TableName t : tables) {
      HookResult r = hook(t, chain);
      if (r.decision() != Decision.ACCEPTED) {
        return r;
      }
    }
    return HookResult.PASS;
  }

  /** Traverses built-in chain {@code chain} of {@code table}, as ipt_do_table does. */
  private HookResult hook(TableName table, String chain) {
    EvalChain builtin = model.chain(table, chain).orElse(null);
    if (builtin == null) {
      return HookResult.PASS;
    }
    note(table.label() + " " + chain);
    HookResult r = new ChainWalk(builtin).run();
    if (r.decision() == Decision.ACCEPTED && r.place() != null) {
      if (accepted == null || table == TableName.FILTER || accepted.place() == null) {
        accepted = r;
      }
    }
    return r;
  }

  private Evaluation end(HookResult r) {
    HookResult decider = r.decision() == Decision.ACCEPTED && accepted != null ? accepted : r;
    Path path = r.decision() == Decision.ACCEPTED ? flow.path : null;
    return new Evaluation(
        flow.packet,
        r.decision(),
        r.with(),
        decider.place(),
        decider.place() == null && r.decision() == Decision.ACCEPTED
            ? "no rule decided"
            : decider.reason(),
        path,
        path == null ? null : flow.destination,
        path == null ? -1 : flow.destinationPort,
        path == null || flow.out.isEmpty() ? null : flow.out,
        new Trace(steps),
        List.of(),
        List.of());
  }

  void note(String text) {
    steps.add(new Trace.Step(Trace.Kind.NOTE, null, text, false));
  }

  /** The traversal of one built-in chain and the user chains it reaches. */
  private final class ChainWalk {
    private final EvalChain builtin;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private EvalChain chain;
    private int index;

    private record Frame(EvalChain chain, int index) {}

    ChainWalk(EvalChain builtin) {
      this.builtin = builtin;
      this.chain = builtin;
    }

    HookResult run() {
      while (true) {
        if (!chain.known()) {
          HookResult unknown = unknownChain();
          if (unknown != null) {
            return unknown;
          }
          if (!leave()) {
            return policy();
          }
          continue;
        }
        if (index >= chain.rules().size()) {
          if (!leave()) {
            return policy();
          }
          continue;
        }
        EvalRule rule = chain.rules().get(index++);
        if (!matches(rule)) {
          continue;
        }
        TargetEffect.Effect e =
            rule.rule().target().accept(new TargetEffect(flow, host, Walk.this));
        TargetEffect.Kind kind = e.kind();
        if (kind == TargetEffect.Kind.ENDS_UNKNOWN || kind == TargetEffect.Kind.DEPENDS) {
          kind = unknownTarget(rule, kind == TargetEffect.Kind.DEPENDS);
        }
        switch (kind) {
          case CONTINUE, ENDS_UNKNOWN, DEPENDS -> {}
          case ACCEPT -> {
            return new HookResult(Decision.ACCEPTED, rule.ref(), rule.text(), null);
          }
          case DROP -> {
            return new HookResult(Decision.DROPPED, rule.ref(), rule.text(), null);
          }
          case REJECT -> {
            return new HookResult(Decision.REJECTED, rule.ref(), rule.text(), e.with());
          }
          case RETURN -> {
            if (!leave()) {
              return policy();
            }
          }
          case JUMP, GOTO -> {
            EvalChain target =
                model
                    .chain(chain.ref().table(), e.chain())
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                rule.ref() + ": unknown jump target: " + e.chain()));
            if (kind == TargetEffect.Kind.JUMP) {
              stack.push(new Frame(chain, index));
            }
            chain = target;
            index = 0;
          }
        }
      }
    }

    /**
     * Picks a branch for a target whose effect is unknown: accepts or drops, and when {@code
     * mayContinue} also continues with the next rule.
     */
    private TargetEffect.Kind unknownTarget(EvalRule rule, boolean mayContinue) {
      unknowns.add(rule.ref());
      TargetEffect.Kind[] kinds =
          mayContinue
              ? new TargetEffect.Kind[] {
                TargetEffect.Kind.CONTINUE, TargetEffect.Kind.ACCEPT, TargetEffect.Kind.DROP
              }
              : new TargetEffect.Kind[] {TargetEffect.Kind.ACCEPT, TargetEffect.Kind.DROP};
      TargetEffect.Kind k = kinds[choices.choose(kinds.length)];
      steps.add(
          new Trace.Step(
              Trace.Kind.NOTE,
              rule.ref(),
              "target effect unknown: " + k.name().toLowerCase(Locale.ROOT) + "s",
              true));
      return k;
    }

    /** Returns to the calling chain; false when there is none (the built-in's policy applies). */
    private boolean leave() {
      if (stack.isEmpty()) {
        return false;
      }
      Frame f = stack.pop();
      chain = f.chain();
      index = f.index();
      return true;
    }

    private HookResult policy() {
      ChainPolicy p = builtin.policy().orElse(ChainPolicy.ACCEPT);
      ChainRef ref = builtin.ref();
      String text = "policy " + p;
      steps.add(new Trace.Step(Trace.Kind.POLICY, ref, text, false));
      return new HookResult(
          p == ChainPolicy.ACCEPT ? Decision.ACCEPTED : Decision.DROPPED, ref, text, null);
    }

    private @Nullable HookResult unknownChain() {
      ChainRef ref = chain.ref();
      unknowns.add(ref);
      int c = choices.choose(3);
      String[] what = {"returns", "accepts", "drops"};
      steps.add(
          new Trace.Step(Trace.Kind.NOTE, ref, "rules unknown (foreign chain): " + what[c], true));
      return switch (c) {
        case 1 -> new HookResult(Decision.ACCEPTED, ref, "foreign chain accepts", null);
        case 2 -> new HookResult(Decision.DROPPED, ref, "foreign chain drops", null);
        default -> null;
      };
    }

    private boolean matches(EvalRule rule) {
      boolean unknown = false;
      for (Match m : rule.rule().matches()) {
        Truth t = m.accept(truth);
        if (t == Truth.FALSE) {
          steps.add(new Trace.Step(Trace.Kind.NOT_MATCHED, rule.ref(), rule.text(), false));
          return false;
        }
        unknown |= t == Truth.UNKNOWN;
      }
      if (!unknown) {
        steps.add(new Trace.Step(Trace.Kind.MATCHED, rule.ref(), rule.text(), false));
        return true;
      }
      unknowns.add(rule.ref());
      boolean matched = choices.choose(2) == 0;
      steps.add(
          new Trace.Step(
              matched ? Trace.Kind.MATCHED : Trace.Kind.NOT_MATCHED,
              rule.ref(),
              rule.text(),
              true));
      return matched;
    }
  }

  /** The destination text after a NAT, for notes. */
  String endpoint() {
    return Packet.endpoint(flow.destination, flow.destinationPort);
  }

  static String text(java.net.InetAddress a) {
    return InetAddresses.toAddrString(a);
  }
}
