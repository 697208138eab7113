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
import java.util.Optional;

/**
 * What a rule's target needs and says, for validation.
 *
 * @param drops whether the target is DROP
 * @param rejects whether the target is REJECT
 * @param rejectWith the REJECT target's error, if it names one
 * @param logPrefix the LOG target's prefix, if it has one
 * @param natPort the port a nat target rewrites to, if any
 * @param chains the only built-in chains the target may be used in (empty: any)
 * @param tables the only tables the target may be used in (empty: any)
 * @param needsSyn whether the target needs protocol tcp and a tcp flags match requiring SYN
 * @param evidence the family-specific parts of the target
 */
record TargetFacts(
    boolean drops,
    boolean rejects,
    Optional<Reject.With> rejectWith,
    Optional<String> logPrefix,
    Optional<PortRange> natPort,
    ImmutableSet<String> chains,
    ImmutableSet<TableName> tables,
    boolean needsSyn,
    ImmutableList<Evidence> evidence) {

  /** A target that needs nothing and says nothing family-specific. */
  private static final TargetFacts NONE = restricted(ImmutableSet.of(), ImmutableSet.of());

  /** The facts of {@code target}. */
  static TargetFacts of(Target target) {
    return target.accept(Of.INSTANCE);
  }

  private static TargetFacts restricted(
      ImmutableSet<String> chains, ImmutableSet<TableName> tables) {
    return new TargetFacts(
        false,
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        chains,
        tables,
        false,
        ImmutableList.of());
  }

  private static TargetFacts nat(
      ImmutableSet<String> chains, Optional<PortRange> port, ImmutableList<Evidence> evidence) {
    return new TargetFacts(
        false,
        false,
        Optional.empty(),
        Optional.empty(),
        port,
        chains,
        ImmutableSet.of(),
        false,
        evidence);
  }

  private static ImmutableList<Evidence> natAddress(Cidr address) {
    return ImmutableList.of(new Evidence(address.family(), "nat address", address.toString()));
  }

  /** The facts of each kind of target, as values. */
  private enum Of implements Target.Visitor<TargetFacts> {
    INSTANCE;

    @Override
    public TargetFacts visitVerdict(Verdict t) {
      return new TargetFacts(
          t == Verdict.DROP,
          false,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          ImmutableSet.of(),
          ImmutableSet.of(),
          false,
          ImmutableList.of());
    }

    @Override
    public TargetFacts visitReject(Reject t) {
      ImmutableList<Evidence> evidence =
          t.with()
              .filter(w -> w.families().size() == 1)
              .map(
                  w ->
                      ImmutableList.of(
                          new Evidence(w.families().iterator().next(), "reject-with", w.label())))
              .orElse(ImmutableList.of());
      return new TargetFacts(
          false,
          true,
          t.with(),
          Optional.empty(),
          Optional.empty(),
          ImmutableSet.of("INPUT", "FORWARD", "OUTPUT"),
          ImmutableSet.of(),
          false,
          evidence);
    }

    @Override
    public TargetFacts visitJump(Jump t) {
      return NONE;
    }

    @Override
    public TargetFacts visitLog(Log t) {
      return new TargetFacts(
          false,
          false,
          Optional.empty(),
          t.prefix(),
          Optional.empty(),
          ImmutableSet.of(),
          ImmutableSet.of(),
          false,
          ImmutableList.of());
    }

    @Override
    public TargetFacts visitDnat(Dnat t) {
      return nat(ImmutableSet.of("PREROUTING", "OUTPUT"), t.port(), natAddress(t.address()));
    }

    @Override
    public TargetFacts visitSnat(Snat t) {
      return nat(ImmutableSet.of("POSTROUTING", "INPUT"), t.port(), natAddress(t.address()));
    }

    @Override
    public TargetFacts visitMasquerade(Masquerade t) {
      return nat(ImmutableSet.of("POSTROUTING"), t.ports(), ImmutableList.of());
    }

    @Override
    public TargetFacts visitMark(Mark t) {
      return NONE;
    }

    @Override
    public TargetFacts visitConnMark(ConnMark t) {
      return NONE;
    }

    @Override
    public TargetFacts visitCt(Ct t) {
      return restricted(ImmutableSet.of(), ImmutableSet.of(TableName.RAW));
    }

    @Override
    public TargetFacts visitNotrack(Notrack t) {
      return restricted(ImmutableSet.of(), ImmutableSet.of(TableName.RAW));
    }

    @Override
    public TargetFacts visitRedirect(Redirect t) {
      return nat(ImmutableSet.of("PREROUTING", "OUTPUT"), t.ports(), ImmutableList.of());
    }

    @Override
    public TargetFacts visitNflog(Nflog t) {
      return NONE;
    }

    @Override
    public TargetFacts visitTcpMss(TcpMss t) {
      return new TargetFacts(
          false,
          false,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          t.mss().isEmpty()
              ? ImmutableSet.of("FORWARD", "OUTPUT", "POSTROUTING")
              : ImmutableSet.of(),
          ImmutableSet.of(TableName.FILTER, TableName.MANGLE),
          true,
          ImmutableList.of());
    }

    @Override
    public TargetFacts visitOpaque(OpaqueTarget t) {
      return NONE;
    }
  }
}
