package dev.rampart.analysis;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AdminAccess;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.Place;
import dev.rampart.core.RuleText;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.LockoutCheck;
import dev.rampart.core.eval.SwarmPortCheck;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import java.util.List;
import java.util.Optional;

/**
 * Ordering invariants of a policy or a host snapshot, each a reusable check returning the {@link
 * Finding}s that break it, with their places. The lockout and swarm-port invariants are core's
 * exact checks ({@link LockoutCheck}, {@link SwarmPortCheck}), the ones the renderers and the swarm
 * presets run, turned into findings; the others are computed over the analysis' header space,
 * exactly, each finding with a witness packet where one exists.
 *
 * <pre>{@code
 * Invariants.lockout(policy);                          // [] when SSH stays reachable
 * Invariants.swarmPorts(snapshot, host.swarmAccess()); // 2377/tcp from outside, ...
 * Invariants.hostJumpFirst(snapshot, "RAMPART-INPUT"); // our jump ahead of Docker's rules
 * Invariants.repliesFirst(snapshot, host);             // later packets, errors, replies dropped
 * Invariants.dockerUserNeutral(snapshot, host);        // ACCEPT in DOCKER-USER skipping Docker
 * Invariants.noPlainVxlan(snapshot, access, host);     // 4789/udp without IPsec accepted
 * Invariants.familyParity(snapshot, host);             // open over ipv4, closed over ipv6
 * }</pre>
 */
public final class Invariants {
  private static final ImmutableList<Family> BOTH = ImmutableList.copyOf(Family.values());

  private Invariants() {}

  /**
   * The lockout of {@code policy}'s {@linkplain Ruleset#adminAccess() admin access}, in both
   * families, whether or not the policy allows it: one {@link Finding.Kind#LOCKOUT} finding at the
   * family's INPUT, or none.
   */
  public static ImmutableList<Finding> lockout(Ruleset policy) {
    checkNotNull(policy, "policy");
    return lockoutFinding(LockoutCheck.findLockout(policy, BOTH));
  }

  /**
   * The lockout of {@code admin} on a host holding {@code snapshot} (a dump, or {@link
   * dev.rampart.core.snapshot.AfterApply#of} of one and a policy), in the snapshot's families.
   */
  public static ImmutableList<Finding> lockout(Snapshot snapshot, AdminAccess admin) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(admin, "admin");
    return lockoutFinding(LockoutCheck.findLockout(snapshot, admin, snapshot.families()));
  }

  /**
   * Swarm's ports reachable from the trusted nodes and from nothing else ({@link SwarmPortCheck}),
   * in both families: {@link Finding.Kind#SWARM_PORT_CLOSED} and {@link
   * Finding.Kind#SWARM_PORT_UNTRUSTED} findings.
   */
  public static ImmutableList<Finding> swarmPorts(Ruleset policy, SwarmAccess access) {
    checkNotNull(policy, "policy");
    checkNotNull(access, "access");
    return swarmFindings(SwarmPortCheck.violations(policy, access, BOTH));
  }

  /** Swarm's ports on a host holding {@code snapshot}, in the snapshot's families. */
  public static ImmutableList<Finding> swarmPorts(Snapshot snapshot, SwarmAccess access) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(access, "access");
    return swarmFindings(SwarmPortCheck.violations(snapshot, access, snapshot.families()));
  }

  /**
   * Our host chain's jump ahead of every other rule in filter INPUT, in every family of {@code
   * snapshot} that has an INPUT with rules: a {@link Finding.Kind#HOST_JUMP_NOT_FIRST} finding at
   * the jump (related: the rules ahead of it), or at INPUT when there is no jump to {@code chain}.
   * For coexist mode, {@code chain} is {@code Coexist.chainFor("INPUT")}; for the swarm presets,
   * their host chain.
   */
  public static ImmutableList<Finding> hostJumpFirst(Snapshot snapshot, String chain) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(chain, "chain");
    ImmutableList.Builder<Finding> out = ImmutableList.builder();
    for (Family family : snapshot.families()) {
      Optional<SnapshotChain> input =
          snapshot.table(family, TableName.FILTER).flatMap(t -> t.chain("INPUT"));
      if (input.isEmpty() || input.get().rules().isEmpty()) {
        continue;
      }
      ChainRef ref = ChainRef.of(family, TableName.FILTER, "INPUT");
      List<SnapshotRule> rules = input.get().rules();
      int at = -1;
      for (int i = 0; i < rules.size() && at < 0; i++) {
        if (rules.get(i).rule().target().chain().filter(chain::equals).isPresent()) {
          at = i;
        }
      }
      if (at < 0) {
        out.add(
            Finding.of(Finding.Kind.HOST_JUMP_NOT_FIRST, ref, "no jump to our chain: " + chain));
      } else if (at > 0) {
        Finding.Builder f =
            Finding.builder()
                .kind(Finding.Kind.HOST_JUMP_NOT_FIRST)
                .place(ref.rule(at + 1))
                .message(
                    "our jump is not the first rule of INPUT: "
                        + at
                        + (at == 1 ? " rule" : " rules")
                        + " ahead of it, the first "
                        + RuleText.of(rules.get(0).rule()));
        for (int i = 0; i < at; i++) {
          f.addRelated(ref.rule(i + 1));
        }
        out.add(f.build());
      }
    }
    return out.build();
  }

  /**
   * Replies first ({@link Finding.Kind#LATE_REPLIES}) on a host that loaded {@code policy} alone:
   * see {@link #repliesFirst(Snapshot, Host)}.
   */
  public static ImmutableList<Finding> repliesFirst(Ruleset policy, Host host) {
    checkNotNull(policy, "policy");
    return repliesFirst(Snapshot.of(policy), host);
  }

  /**
   * Replies first: no later packet of a connection the host allows is dropped. Three kinds, each
   * computed exactly along the whole incoming path, a {@link Finding.Kind#LATE_REPLIES} finding at
   * each place that drops or rejects some of them (per place and kind), with a witness and the
   * places that accepted the connection related:
   *
   * <ul>
   *   <li>the established packets of every new packet arriving from outside that the path delivers
   *       to the host or forwards, DNATed to a container or not (a DNATed flow's later packets
   *       arrive with the original destination, pass raw and mangle PREROUTING so, and are
   *       translated by conntrack: the witness carries the container's address and the {@linkplain
   *       dev.rampart.core.eval.Packet#originalDestination() original destination});
   *   <li>ICMP errors (destination unreachable with fragmentation needed, packet too big, time
   *       exceeded, parameter problem) RELATED to those connections and to the host's own, from the
   *       connection's peer;
   *   <li>the replies to the host's own connections: new packets from its addresses that OUTPUT
   *       (and raw, mangle, nat OUTPUT, POSTROUTING) lets out, source and destination exchanged,
   *       arriving ESTABLISHED on the interface they left by.
   * </ul>
   *
   * A drop that catches the new packet as well (a block list) is not a finding: it cuts no
   * connection the policy allowed; a block list in INPUT that OUTPUT does not mirror drops the
   * replies to the host's own connections to the blocked addresses, and is one. Expected
   * connections of conntrack helpers and ICMP errors of DNATed connections are not checked.
   */
  public static ImmutableList<Finding> repliesFirst(Snapshot snapshot, Host host) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(host, "host");
    return LateReplies.of(snapshot, host);
  }

  /**
   * DOCKER-USER ends neutral ({@link Finding.Kind#DOCKER_USER_NOT_NEUTRAL}) on a host that loaded
   * {@code policy} alone: it applies only when the policy's own FORWARD jumps to DOCKER-USER and
   * has rules after the jump; check {@link dev.rampart.core.snapshot.AfterApply#of} of a Docker
   * dump and the policy for Docker's chains.
   */
  public static ImmutableList<Finding> dockerUserNeutral(Ruleset policy, Host host) {
    checkNotNull(policy, "policy");
    return dockerUserNeutral(Snapshot.of(policy), host);
  }

  /**
   * DOCKER-USER ends neutral, where filter FORWARD jumps to DOCKER-USER and Docker's chains follow
   * the jump: a finding at each place in DOCKER-USER (or a chain it calls) that accepts packets
   * FORWARD would drop or reject with DOCKER-USER empty (allowing there means RETURN), related: the
   * places that would have dropped them; and a finding at DOCKER-USER when no packet entering it
   * returns (a catch-all verdict at its end leaves Docker's chains nothing to decide). Drops in
   * DOCKER-USER are its purpose and never findings.
   */
  public static ImmutableList<Finding> dockerUserNeutral(Snapshot snapshot, Host host) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(host, "host");
    return DockerUserNeutral.of(snapshot, host);
  }

  /**
   * No plain VXLAN ({@link Finding.Kind#PLAIN_VXLAN}) on a host that loaded {@code policy} alone:
   * with no Docker drop in it, every rule accepting new VXLAN without IPsec is a finding (with
   * iptables and ferm our chain comes ahead of the drop Docker inserts).
   */
  public static ImmutableList<Finding> noPlainVxlan(Ruleset policy, SwarmAccess access, Host host) {
    checkNotNull(policy, "policy");
    return noPlainVxlan(Snapshot.of(policy), access, host);
  }

  /**
   * No plain VXLAN: a finding at each rule that accepts new datagrams to the swarm's data-path
   * ports ({@code access}'s UDP ports but gossip, and its IPsec ports) arriving without IPsec,
   * before they meet Docker's encrypted-overlay drop (a rule of filter INPUT with {@code -m policy
   * --dir in --pol none}), with a witness. The chains' policies are not findings.
   */
  public static ImmutableList<Finding> noPlainVxlan(
      Snapshot snapshot, SwarmAccess access, Host host) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(access, "access");
    checkNotNull(host, "host");
    return PlainVxlan.of(snapshot, host, access);
  }

  /**
   * IPv6 parity on a host that loaded {@code policy} alone: see {@link #familyParity(Snapshot,
   * Host)}.
   */
  public static ImmutableList<Finding> familyParity(Ruleset policy, Host host) {
    checkNotNull(policy, "policy");
    return familyParity(Snapshot.of(policy), host);
  }

  /**
   * IPv6 parity: when {@code host} has addresses of both families, each protocol and port range a
   * new connection from the {@linkplain SourceClass#internet() internet} reaches for certain on the
   * host itself over one family and not even possibly over the other ({@link Exposure} per family)
   * is a {@link Finding.Kind#FAMILY_PARITY} finding, at the place that lets the open family's
   * witness through, the closed family's INPUT related. A family {@code snapshot} has no table of
   * is what the kernel holds with nothing loaded: an empty filter table with ACCEPT policies
   * (everything open), and the finding says so. ICMP and ICMPv6 count as one protocol; the other
   * protocols without ports are grouped, one finding per range; DNATed and forwarded connections
   * (Docker's routing mesh is IPv4-only) are left out.
   */
  public static ImmutableList<Finding> familyParity(Snapshot snapshot, Host host) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(host, "host");
    return FamilyParity.of(snapshot, host);
  }

  private static ImmutableList<Finding> lockoutFinding(Optional<InvalidModelException> found) {
    return found
        .map(e -> ImmutableList.of(finding(Finding.Kind.LOCKOUT, e)))
        .orElse(ImmutableList.of());
  }

  private static ImmutableList<Finding> swarmFindings(List<SwarmPortCheck.Violation> found) {
    ImmutableList.Builder<Finding> out = ImmutableList.builder();
    for (SwarmPortCheck.Violation v : found) {
      out.add(
          finding(
              v.problem() == SwarmPortCheck.Problem.CLOSED
                  ? Finding.Kind.SWARM_PORT_CLOSED
                  : Finding.Kind.SWARM_PORT_UNTRUSTED,
              v.error()));
    }
    return out.build();
  }

  private static Finding finding(Finding.Kind kind, InvalidModelException e) {
    Place place = e.place().orElseThrow(() -> new IllegalStateException("no place: " + e));
    return Finding.of(kind, place, e.problem() + ": " + e.value());
  }
}
