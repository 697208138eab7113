package dev.rampart.core;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.RuleFacts.Evidence;
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
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** What a rule's target needs and says, for validation. */
@Value.Immutable
abstract class TargetFacts {
  /** Whether the target is DROP. */
  @Value.Default
  boolean drops() {
    return false;
  }

  /** Whether the target is REJECT. */
  @Value.Default
  boolean rejects() {
    return false;
  }

  /** The REJECT target's error, if it names one. */
  abstract Optional<Reject.With> rejectWith();

  /** The LOG target's prefix, if it has one. */
  abstract Optional<String> logPrefix();

  /** The port a nat target rewrites to, if any. */
  abstract Optional<PortRange> natPort();

  /** The only built-in chains the target may be used in (empty: any). */
  abstract ImmutableSet<String> chains();

  /** The only tables the target may be used in (empty: any). */
  abstract ImmutableSet<TableName> tables();

  /** Whether the target needs protocol tcp and a tcp flags match requiring SYN. */
  @Value.Default
  boolean needsSyn() {
    return false;
  }

  /** The family-specific parts of the target. */
  abstract ImmutableList<Evidence> evidence();

  /** The target, if it is one the model does not interpret. */
  abstract Optional<OpaqueTarget> opaque();

  /** The facts of {@code target}. */
  static TargetFacts of(Target target) {
    return target.accept(Of.INSTANCE);
  }

  private static ImmutableTargetFacts.Builder builder() {
    return ImmutableTargetFacts.builder();
  }

  private static TargetFacts none() {
    return Of.NONE;
  }

  private static TargetFacts nat(Iterable<String> chains, Optional<PortRange> port) {
    return builder().addAllChains(chains).natPort(port).build();
  }

  private static TargetFacts nat(Iterable<String> chains, Optional<PortRange> port, Cidr address) {
    return builder()
        .addAllChains(chains)
        .natPort(port)
        .addEvidence(new Evidence(address.family(), "nat address", address.toString()))
        .build();
  }

  /** The facts of each kind of target, as values. */
  private enum Of implements Target.Visitor<TargetFacts> {
    INSTANCE;

    /** The facts of a target that needs and says nothing (a jump, ACCEPT), made once. */
    private static final TargetFacts NONE = ImmutableTargetFacts.builder().build();

    /** The facts of DROP, made once. */
    private static final TargetFacts DROPS = ImmutableTargetFacts.builder().drops(true).build();

    @Override
    public TargetFacts visitVerdict(Verdict t) {
      return t == Verdict.DROP ? DROPS : NONE;
    }

    @Override
    public TargetFacts visitReject(Reject t) {
      ImmutableTargetFacts.Builder b =
          builder().rejects(true).rejectWith(t.with()).addChains("INPUT", "FORWARD", "OUTPUT");
      t.with()
          .filter(w -> w.families().size() == 1)
          .ifPresent(
              w ->
                  b.addEvidence(
                      new Evidence(w.families().iterator().next(), "reject-with", w.label())));
      return b.build();
    }

    @Override
    public TargetFacts visitJump(Jump t) {
      return none();
    }

    @Override
    public TargetFacts visitLog(Log t) {
      return builder().logPrefix(t.prefix()).build();
    }

    @Override
    public TargetFacts visitDnat(Dnat t) {
      return nat(List.of("PREROUTING", "OUTPUT"), t.port(), t.address());
    }

    @Override
    public TargetFacts visitSnat(Snat t) {
      return nat(List.of("POSTROUTING", "INPUT"), t.port(), t.address());
    }

    @Override
    public TargetFacts visitMasquerade(Masquerade t) {
      return nat(List.of("POSTROUTING"), t.ports());
    }

    @Override
    public TargetFacts visitMark(Mark t) {
      return none();
    }

    @Override
    public TargetFacts visitConnMark(ConnMark t) {
      return none();
    }

    @Override
    public TargetFacts visitCt(Ct t) {
      return builder().addTables(TableName.RAW).build();
    }

    @Override
    public TargetFacts visitNotrack(Notrack t) {
      return builder().addTables(TableName.RAW).build();
    }

    @Override
    public TargetFacts visitRedirect(Redirect t) {
      return nat(List.of("PREROUTING", "OUTPUT"), t.ports());
    }

    @Override
    public TargetFacts visitNflog(Nflog t) {
      return none();
    }

    @Override
    public TargetFacts visitTcpMss(TcpMss t) {
      return builder()
          .needsSyn(true)
          .addTables(TableName.FILTER, TableName.MANGLE)
          .addAllChains(t.mss().isEmpty() ? List.of("FORWARD", "OUTPUT", "POSTROUTING") : List.of())
          .build();
    }

    @Override
    public TargetFacts visitOpaque(OpaqueTarget t) {
      return builder().opaque(t).build();
    }
  }
}
