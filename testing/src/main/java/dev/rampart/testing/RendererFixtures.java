package dev.rampart.testing;

import dev.rampart.core.AdminAccess;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.target.Verdict;
import java.util.List;

/**
 * Policies and values every renderer's tests check the same way: a policy per family, the guides'
 * IPv4-only policy that locks IPv6 admins out and the refusal it earns, and a {@code null} to pass
 * where a parameter is required.
 *
 * <pre>{@code
 * assertThatThrownBy(() -> MyRenderer.of(RenderMode.OWN).render(RendererFixtures.guide()))
 *     .hasMessageStartingWith(RendererFixtures.LOCKOUT_REFUSAL);
 * assertThatThrownBy(() -> MyRenderer.of(RendererFixtures.nothing())).hasMessage("mode");
 * }</pre>
 */
public final class RendererFixtures {
  /**
   * The start of the refusal of {@link #guide()} by a renderer that writes IPv6: admin access over
   * IPv6 would be dropped.
   */
  public static final String LOCKOUT_REFUSAL =
      "ipv6 table filter, chain INPUT: admin access would be dropped (accept it, or call"
          + " allowLockout() if that is meant): port 22/tcp from admin source ::/0";

  private static final Rule SSH =
      Rule.of(
          List.of(ProtocolMatch.of(Protocol.TCP), PortMatch.destination(List.of(PortRange.of(22)))),
          Verdict.ACCEPT);

  private static final Ruleset PER_FAMILY =
      Ruleset.builder()
          .addTables(
              Table.of(
                  TableName.FILTER,
                  List.of(
                      Chain.builder()
                          .name("INPUT")
                          .putFamilyPolicy(Family.IPV4, ChainPolicy.DROP)
                          .putFamilyPolicy(Family.IPV6, ChainPolicy.ACCEPT)
                          .addRules(SSH)
                          .build())))
          .build();

  private static final Ruleset GUIDE =
      Ruleset.builder()
          .addTables(
              Table.of(
                  TableName.FILTER,
                  List.of(
                      Chain.builder()
                          .name("INPUT")
                          .policy(ChainPolicy.DROP)
                          .addRules(
                              Rule.of(
                                  List.of(
                                      AddressMatch.source(List.of(Cidr.parse("203.0.113.0/24"))),
                                      ProtocolMatch.of(Protocol.TCP),
                                      PortMatch.destination(List.of(PortRange.of(22)))),
                                  Verdict.ACCEPT))
                          .build())))
          .adminAccess(
              AdminAccess.builder().addPorts(22).addSources(Cidr.parse("203.0.113.0/24")).build())
          .build();

  private RendererFixtures() {}

  /**
   * A policy per family: filter INPUT drops IPv4 and accepts IPv6 at its end ({@code
   * putFamilyPolicy}); SSH ({@code tcp dport 22}) is accepted in both.
   */
  public static Ruleset perFamilyPolicy() {
    return PER_FAMILY;
  }

  /**
   * The guides' IPv4-only policy: filter INPUT policy DROP in both families, SSH accepted only from
   * {@code 203.0.113.0/24}, and that network as admin access on port 22. Over IPv4 admins get in;
   * over IPv6 nothing accepts them, so a renderer that writes IPv6 refuses it with {@link
   * #LOCKOUT_REFUSAL} unless the lockout is allowed.
   */
  public static Ruleset guide() {
    return GUIDE;
  }

  /** {@link #guide()} with the lockout allowed: every renderer renders it. */
  public static Ruleset guideLockoutAllowed() {
    return Ruleset.builder().from(GUIDE).lockoutAllowed(true).build();
  }

  /**
   * {@code null}, typed as whatever the parameter needs: for tests that a method names the
   * parameter a caller without null checks left out ({@code hasMessage("ruleset")}).
   */
  @SuppressWarnings({
    "NullAway", // the point: a caller without null checks passes null
    "TypeParameterUnusedInFormals" // so that one method serves every parameter type
  })
  public static <T> T nothing() {
    return null;
  }
}
