package dev.rampart.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotTable;
import dev.rampart.testing.Seeds;
import dev.rampart.testing.gen.Generators;
import dev.rampart.testing.gen.RulesetOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The four ordering invariants computed over the header space ({@link Invariants#repliesFirst},
 * {@link Invariants#dockerUserNeutral}, {@link Invariants#noPlainVxlan}, {@link
 * Invariants#familyParity}) against core's evaluator, on generated policies and packets: every
 * finding's witness is decided as the finding says (soundness), and a violation the evaluator shows
 * for a generated packet is covered by a finding (completeness). The seed is fixed ({@link Seeds},
 * {@code -Drampart.seed=N}) and printed with every failure; the counts go to the log.
 */
class InvariantsPropertiesTest {
  private static final Host HOST = Generators.host();
  private static final int POLICIES = 40;
  private static final int PACKETS = 120;

  /**
   * Generated policies without the matches and targets the header space does not track or that
   * change a packet between its first and later packets (limits, TCP flags, marks).
   */
  private static final RulesetOptions OPTIONS =
      RulesetOptions.builder()
          .withoutMatches(RulesetOptions.MatchKind.LIMIT, RulesetOptions.MatchKind.TCP_FLAGS)
          .withoutTargets(RulesetOptions.TargetKind.MARK)
          .build();

  /**
   * With DOCKER-USER, mark matches included: a mark mask the header space cannot hold (one with
   * holes, {@code 0xb200/0xff00}) makes an accept in DOCKER-USER depend on the mark, and its
   * witness must carry a mark the rule matches (issue 13: seed 7, policy 26 had mark 0).
   */
  private static final RulesetOptions DOCKER_USER =
      OPTIONS.toBuilder().dockerUser(RulesetOptions.DockerUser.JUMPED_FROM_FORWARD).build();

  /**
   * With MARK targets (a later packet arrives without the mark its first one was given), without
   * link-layer types: a drop on a match the header space does not track is taken to decide the
   * later packets as it decided the first, which for a reply or an ICMP error (headers of their
   * own) the evaluator may contradict (seed 20260501, policy 1: {@code -m pkttype --pkt-type
   * unicast ... -j DROP} ahead of the replies rule).
   */
  private static final RulesetOptions REPLIES =
      RulesetOptions.builder()
          .withoutMatches(
              RulesetOptions.MatchKind.LIMIT,
              RulesetOptions.MatchKind.TCP_FLAGS,
              RulesetOptions.MatchKind.PACKET_TYPE)
          .build();

  private static String where(long seed, int i, Ruleset policy) {
    return "seed " + seed + " (-Drampart.seed), policy " + i + ":\n" + policy;
  }

  /** {@code p} as it arrives from outside: no mark, IPsec, TCP flags or link-layer details. */
  private static Optional<Packet> plain(Packet p) {
    if (p.isLocal()
        || p.source().isEmpty()
        || p.destination().isEmpty()
        || p.inInterface().filter(i -> !i.equals("lo")).isEmpty()) {
      return Optional.empty();
    }
    String src = InetAddresses.toAddrString(p.source().get());
    String dst = InetAddresses.toAddrString(p.destination().get());
    Packet q = Packet.of(p.protocol());
    if (p.sourcePort().isPresent() && p.destinationPort().isPresent()) {
      q = q.from(src, p.sourcePort().getAsInt()).to(dst, p.destinationPort().getAsInt());
    } else {
      q = q.from(src).to(dst);
    }
    if (p.icmpType().isPresent()) {
      q = q.icmpType(p.icmpType().getAsInt(), p.icmpCode().orElse(0));
    }
    return Optional.of(q.in(p.inInterface().get()));
  }

  /**
   * Whether {@code e}, or one of its outcomes when it depends, is {@code decision} at {@code at}.
   */
  private static boolean decides(Evaluation e, Place at, Decision... decisions) {
    List<Evaluation> runs = e.decision() == Decision.DEPENDS ? e.outcomes() : List.of(e);
    for (Evaluation r : runs) {
      for (Decision d : decisions) {
        if (r.decision() == d && r.decidedBy().filter(at::equals).isPresent()) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean dropped(Evaluation e) {
    return e.decision() == Decision.DROPPED || e.decision() == Decision.REJECTED;
  }

  private static boolean covered(List<Finding> found, Place at) {
    return found.stream().anyMatch(f -> f.place().equals(at));
  }

  @Test
  void repliesFirstFindingsAreConfirmedAndCoverEveryLateDrop() {
    long seed = Seeds.seed();
    Random random = new Random(seed);
    int findings = 0;
    int checked = 0;
    int violations = 0;
    int atPlace = 0;
    for (int i = 0; i < POLICIES; i++) {
      Ruleset policy = Generators.ruleset(random, REPLIES);
      String where = where(seed, i, policy);
      Snapshot s = Snapshot.of(policy);
      List<Finding> found = Invariants.repliesFirst(s, HOST);
      Evaluator evaluator = Evaluator.of(s, HOST);
      for (Finding f : found) {
        findings++;
        Packet w = f.witness().orElseThrow();
        assertThat(w.state()).as(where + "\n" + f).isIn(ConnState.ESTABLISHED, ConnState.RELATED);
        // dropped; at the finding's place unless an earlier match the header space does not
        // track (pkttype, a run-time set) decides it first, as the analysis assumed both ways
        Evaluation e = evaluator.evaluate(w);
        assertThat(dropped(e) || e.outcomes().stream().anyMatch(InvariantsPropertiesTest::dropped))
            .as(where + "\n" + f + "\n" + e)
            .isTrue();
        if (decides(e, f.place(), Decision.DROPPED, Decision.REJECTED)) {
          atPlace++;
        }
      }
      for (int k = 0; k < PACKETS; k++) {
        Optional<Packet> drawn = plain(Generators.packet(random));
        if (drawn.isEmpty()) {
          continue;
        }
        Packet p = drawn.get();
        Evaluation first = evaluator.evaluate(p);
        if (first.decision() != Decision.ACCEPTED || first.path().isEmpty()) {
          continue;
        }
        checked++;
        List<Packet> later = new ArrayList<>();
        boolean dnat = first.trace().toString().contains("DNAT");
        if (!dnat) {
          later.add(p.state(ConnState.ESTABLISHED));
          if (first.path().get() == Evaluation.Path.INPUT) {
            later.add(error(p));
          }
        }
        for (Packet q : later) {
          Evaluation e = evaluator.evaluate(q);
          if (dropped(e)) {
            violations++;
            assertThat(covered(found, e.decidedBy().orElseThrow()))
                .as(
                    where
                        + "\nnew "
                        + p
                        + " accepted, later "
                        + q
                        + " dropped:\n"
                        + e
                        + "\n"
                        + found)
                .isTrue();
          }
        }
        // the host's own connection to the packet's source, and its reply
        if (!HOST.isLocal(p.source().get())) {
          Packet out = own(p);
          Evaluation sent = evaluator.evaluate(out);
          if (sent.decision() == Decision.ACCEPTED && sent.outInterface().isPresent()) {
            Packet reply = reply(out, sent.outInterface().get());
            Evaluation e = evaluator.evaluate(reply);
            if (dropped(e) && !sent.trace().toString().contains("DNAT")) {
              violations++;
              assertThat(covered(found, e.decidedBy().orElseThrow()))
                  .as(where + "\nown " + out + " sent, reply " + reply + " dropped:\n" + e)
                  .isTrue();
            }
          }
        }
      }
    }
    System.out.println(
        "InvariantsPropertiesTest repliesFirst: "
            + POLICIES
            + " policies, "
            + checked
            + " accepted packets, "
            + violations
            + " late drops, all covered by "
            + findings
            + " findings, each witness dropped ("
            + atPlace
            + " at the finding's place; seed "
            + seed
            + ")");
  }

  /** The answer to the host's own {@code out}, arriving on {@code in}, established. */
  private static Packet reply(Packet out, String in) {
    String from = InetAddresses.toAddrString(out.destination().get());
    String to = InetAddresses.toAddrString(out.source().get());
    Packet r =
        out.protocol().number() == Protocol.ICMP.number()
            ? Packet.icmp(0, 0)
            : out.protocol().number() == Protocol.ICMPV6.number()
                ? Packet.icmpv6(129, 0)
                : Packet.of(out.protocol());
    if (out.sourcePort().isPresent() && out.destinationPort().isPresent()) {
      r = r.from(from, out.destinationPort().getAsInt()).to(to, out.sourcePort().getAsInt());
    } else {
      r = r.from(from).to(to);
    }
    return r.in(in).state(ConnState.ESTABLISHED);
  }

  /** An ICMP error about {@code p}'s connection, from its source to its destination, related. */
  private static Packet error(Packet p) {
    Packet e = p.family() == Family.IPV4 ? Packet.icmp(3, 4) : Packet.icmpv6(2, 0);
    return e.from(InetAddresses.toAddrString(p.source().get()))
        .to(InetAddresses.toAddrString(p.destination().get()))
        .in(p.inInterface().orElseThrow())
        .state(ConnState.RELATED);
  }

  /**
   * The host's new packet whose reply is {@code p} (source and destination exchanged), sent from
   * {@code p}'s destination when it is the host's, else from the host's first address of the
   * family.
   */
  private static Packet own(Packet p) {
    String from =
        HOST.isLocal(p.destination().get())
            ? InetAddresses.toAddrString(p.destination().get())
            : HOST.addresses().stream()
                .filter(a -> a.family() == p.family())
                .map(a -> InetAddresses.toAddrString(a.address()))
                .findFirst()
                .orElseThrow();
    String to = InetAddresses.toAddrString(p.source().get());
    Packet q =
        p.protocol().number() == Protocol.ICMP.number()
            ? Packet.icmp(8, 0)
            : p.protocol().number() == Protocol.ICMPV6.number()
                ? Packet.icmpv6(128, 0)
                : Packet.of(p.protocol());
    if (p.sourcePort().isPresent() && p.destinationPort().isPresent()) {
      q = q.from(from, p.destinationPort().getAsInt()).to(to, p.sourcePort().getAsInt());
    } else {
      q = q.from(from).to(to);
    }
    return q.local();
  }

  @Test
  void dockerUserFindingsAreConfirmedAndCoverEveryAcceptThatSkipsForward() {
    long seed = Seeds.seed();
    Random random = new Random(seed);
    int findings = 0;
    int checked = 0;
    int violations = 0;
    int unwitnessed = 0;
    int marked = 0;
    for (int i = 0; i < POLICIES; i++) {
      Ruleset policy = Generators.ruleset(random, DOCKER_USER);
      String where = where(seed, i, policy);
      Snapshot s = Snapshot.of(policy);
      Snapshot empty = emptied(s, "DOCKER-USER");
      List<Finding> found = Invariants.dockerUserNeutral(s, HOST);
      Evaluator evaluator = Evaluator.of(s, HOST);
      Evaluator without = Evaluator.of(empty, HOST);
      for (Finding f : found) {
        findings++;
        Optional<Packet> w = f.witness();
        if (f.place().toString().endsWith("chain DOCKER-USER")) {
          // the whole chain: no packet returns from it, and its witness is decided there
          if (w.isPresent()) {
            Evaluation e = evaluator.evaluate(w.get());
            assertThat(
                    Stream.concat(Stream.of(e), e.outcomes().stream())
                        .anyMatch(
                            o ->
                                o.decidedBy()
                                    .filter(d -> d.toString().contains("chain DOCKER-USER"))
                                    .isPresent()))
                .as(where + "\n" + f + "\n" + e)
                .isTrue();
          }
          continue;
        }
        if (w.isEmpty()) {
          unwitnessed++; // depends on matches the analysis cannot decide
          continue;
        }
        if (w.get().mark() != 0) {
          marked++; // a variant by an untracked mark match
        }
        assertThat(decides(evaluator.evaluate(w.get()), f.place(), Decision.ACCEPTED))
            .as(where + "\n" + f + "\n" + evaluator.evaluate(w.get()))
            .isTrue();
        assertThat(
                dropped(without.evaluate(w.get()))
                    || without.evaluate(w.get()).outcomes().stream()
                        .anyMatch(InvariantsPropertiesTest::dropped))
            .as(where + "\n" + f + "\nwith DOCKER-USER empty:\n" + without.evaluate(w.get()))
            .isTrue();
      }
      for (int k = 0; k < PACKETS; k++) {
        Optional<Packet> drawn = plain(Generators.packet(random));
        if (drawn.isEmpty()) {
          continue;
        }
        Packet p = drawn.get().state(ConnState.NEW);
        if (!rulesAfterJump(s, p.family())) {
          continue; // no Docker chains after DOCKER-USER in this family: the invariant's scope
        }
        Evaluation e = evaluator.evaluate(p);
        if (e.decision() != Decision.ACCEPTED
            || e.decidedBy().isEmpty()
            || !e.decidedBy().get().toString().contains("chain DOCKER-USER")) {
          continue;
        }
        checked++;
        if (dropped(without.evaluate(p))) {
          violations++;
          assertThat(covered(found, e.decidedBy().get()))
              .as(where + "\n" + p + " accepted in DOCKER-USER, dropped without it:\n" + e)
              .isTrue();
        }
      }
    }
    System.out.println(
        "InvariantsPropertiesTest dockerUserNeutral: "
            + POLICIES
            + " policies, "
            + checked
            + " packets accepted in DOCKER-USER, "
            + violations
            + " dropped without it, all covered by "
            + findings
            + " findings ("
            + unwitnessed
            + " without a witness, "
            + marked
            + " witnesses with a mark; seed "
            + seed
            + ")");
  }

  /**
   * Whether {@code family}'s filter FORWARD jumps to DOCKER-USER and has rules after the jump,
   * where {@link Invariants#dockerUserNeutral} applies (seed 1234, policy 9: FORWARD's only rule
   * after the jump is IPv4's, and an IPv6 accept in DOCKER-USER decides what the policy would).
   */
  private static boolean rulesAfterJump(Snapshot s, Family family) {
    List<dev.rampart.core.snapshot.SnapshotRule> rules =
        s.table(family, TableName.FILTER)
            .flatMap(t -> t.chain("FORWARD"))
            .<List<dev.rampart.core.snapshot.SnapshotRule>>map(SnapshotChain::rules)
            .orElse(List.of());
    for (int i = 0; i < rules.size() - 1; i++) {
      if (rules.get(i).rule().target().chain().filter("DOCKER-USER"::equals).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** {@code s} with user chain {@code chain} holding no rule (in every family). */
  private static Snapshot emptied(Snapshot s, String chain) {
    List<SnapshotTable> tables = new ArrayList<>();
    for (SnapshotTable t : s.tables()) {
      if (t.name() != TableName.FILTER || t.chain(chain).isEmpty()) {
        tables.add(t);
        continue;
      }
      List<SnapshotChain> chains = new ArrayList<>();
      for (SnapshotChain c : t.chains()) {
        chains.add(c.name().equals(chain) ? SnapshotChain.builder().name(chain).build() : c);
      }
      tables.add(SnapshotTable.of(t.family(), t.name(), chains));
    }
    return Snapshot.builder().from(s).tables(tables).build();
  }

  private static final SwarmAccess SWARM =
      SwarmAccess.builder()
          .ports(false, SwarmAccess.DEFAULT_DATA_PATH, true)
          .addTrusted(Cidr.parse("10.10.10.0/24"))
          .build();

  @Test
  void plainVxlanFindingsAreConfirmedAndCoverEveryAcceptedPlainDatagram() {
    long seed = Seeds.seed();
    Random random = new Random(seed);
    int findings = 0;
    int checked = 0;
    int violations = 0;
    for (int i = 0; i < POLICIES; i++) {
      Ruleset policy = Generators.ruleset(random, OPTIONS);
      String where = where(seed, i, policy);
      Snapshot s = Snapshot.of(policy);
      List<Finding> found = Invariants.noPlainVxlan(s, SWARM, HOST);
      Evaluator evaluator = Evaluator.of(s, HOST);
      for (Finding f : found) {
        findings++;
        Packet w = f.witness().orElseThrow();
        assertThat(w.isIpsecIn()).as(where + "\n" + f).isFalse();
        assertThat(w.destinationPort()).as(where + "\n" + f).hasValue(4789);
        assertThat(decides(evaluator.evaluate(w), f.place(), Decision.ACCEPTED))
            .as(where + "\n" + f + "\n" + evaluator.evaluate(w))
            .isTrue();
      }
      for (int k = 0; k < PACKETS; k++) {
        Optional<Packet> drawn = plain(Generators.packet(random));
        if (drawn.isEmpty() || !HOST.isLocal(drawn.get().destination().get())) {
          continue;
        }
        Packet d = drawn.get();
        Packet p =
            Packet.udp()
                .from(InetAddresses.toAddrString(d.source().get()), d.sourcePort().orElse(40000))
                .to(InetAddresses.toAddrString(d.destination().get()), 4789)
                .in(d.inInterface().get());
        Evaluation e = evaluator.evaluate(p);
        checked++;
        // delivered to the host (a datagram DNATed elsewhere never meets Docker's INPUT drop)
        if (e.decision() == Decision.ACCEPTED
            && e.path().filter(Evaluation.Path.INPUT::equals).isPresent()
            && e.decidedBy().filter(dev.rampart.core.RuleRef.class::isInstance).isPresent()) {
          violations++;
          assertThat(covered(found, e.decidedBy().get()))
              .as(where + "\nplain VXLAN " + p + " accepted:\n" + e + "\n" + found)
              .isTrue();
        }
      }
    }
    System.out.println(
        "InvariantsPropertiesTest noPlainVxlan: "
            + POLICIES
            + " policies, "
            + checked
            + " datagrams, "
            + violations
            + " accepted by a rule, all covered by "
            + findings
            + " findings (seed "
            + seed
            + ")");
  }

  private static final Pattern RANGE =
      Pattern.compile(": ([a-z0-9-]+) (\\d+)(?:-(\\d+))?, e\\.g\\.");

  /** Whether {@code f} says {@code protocol} {@code port} is open over {@code open} only. */
  private static boolean says(Finding f, Family open, Protocol protocol, int port) {
    Packet w = f.witness().orElseThrow();
    if (w.family() != open || w.protocol().number() != protocol.number()) {
      return false;
    }
    Matcher m = RANGE.matcher(f.message());
    if (!m.find()) {
      return false;
    }
    int lo = Integer.parseInt(m.group(2));
    int hi = m.group(3) == null ? lo : Integer.parseInt(m.group(3));
    return lo <= port && port <= hi;
  }

  @Test
  void familyParityFindingsAreConfirmedAndCoverEveryPortOpenOverOneFamily() {
    long seed = Seeds.seed();
    Random random = new Random(seed);
    Host host = Host.parse("eth0=198.51.100.1/24,eth0=2001:db8:1::1/64,default=eth0");
    int findings = 0;
    int pairs = 0;
    int differing = 0;
    for (int i = 0; i < POLICIES; i++) {
      Ruleset policy = Generators.ruleset(random, OPTIONS);
      String where = where(seed, i, policy);
      Snapshot s = Snapshot.of(policy);
      List<Finding> found = Invariants.familyParity(s, host);
      Evaluator evaluator = Evaluator.of(s, host);
      Exposure exposure = Exposure.of(s, host, SourceClass.internet());
      for (Finding f : found) {
        findings++;
        Packet w = f.witness().orElseThrow();
        assertThat(evaluator.evaluate(w).isAccepted())
            .as(where + "\n" + f + "\n" + evaluator.evaluate(w))
            .isTrue();
      }
      for (int k = 0; k < PACKETS / 4; k++) {
        Protocol protocol = random.nextInt(3) == 0 ? Protocol.UDP : Protocol.TCP;
        int port = Generators.port(random);
        Packet v4 = Packet.of(protocol).from("8.8.4.4", 40000).to("198.51.100.1", port).in("eth0");
        Packet v6 =
            Packet.of(protocol)
                .from("2a00:1450:4001::4", 40000)
                .to("2001:db8:1::1", port)
                .in("eth0");
        pairs++;
        Evaluation e4 = evaluator.evaluate(v4);
        Evaluation e6 = evaluator.evaluate(v6);
        for (Family open : Family.values()) {
          Evaluation yes = open == Family.IPV4 ? e4 : e6;
          Evaluation no = open == Family.IPV4 ? e6 : e4;
          if (yes.decision() != Decision.ACCEPTED
              || yes.path().filter(Evaluation.Path.INPUT::equals).isEmpty()
              || !dropped(no)) {
            continue;
          }
          differing++;
          boolean finding = found.stream().anyMatch(f -> says(f, open, protocol, port));
          if (!finding) {
            // no finding: the closed family must reach the port from some other source
            Family other = open == Family.IPV4 ? Family.IPV6 : Family.IPV4;
            boolean reached = false;
            for (Reachable r : exposure.only(other).entries()) {
              if (r.protocols().contains(protocol.number())
                  && (r.ports().isEmpty() || r.ports().contains(port))
                  && r.natDestination().isEmpty()
                  && r.outInterface().isEmpty()) {
                Packet w = r.witness();
                w = w.to(InetAddresses.toAddrString(w.destination().orElseThrow()), port);
                Decision d = evaluator.evaluate(w).decision();
                reached |=
                    w.protocol().equals(protocol)
                        && (d == Decision.ACCEPTED || d == Decision.DEPENDS);
              }
            }
            assertThat(reached)
                .as(
                    where
                        + "\n"
                        + protocol
                        + " "
                        + port
                        + " open over "
                        + open.label()
                        + " only:\n"
                        + yes
                        + "\n"
                        + no
                        + "\n"
                        + found)
                .isTrue();
          }
        }
      }
    }
    System.out.println(
        "InvariantsPropertiesTest familyParity: "
            + POLICIES
            + " policies, "
            + pairs
            + " packet pairs, "
            + differing
            + " decided differently, each covered; "
            + findings
            + " findings, each confirmed (seed "
            + seed
            + ")");
  }
}
