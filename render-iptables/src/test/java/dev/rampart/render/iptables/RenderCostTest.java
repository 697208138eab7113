package dev.rampart.render.iptables;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.NEW;
import static dev.rampart.core.match.ConnState.RELATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.AdminAccess;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.internal.FactsCount;
import dev.rampart.dsl.Rampart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The structural costs of {@link IptablesRenderer#render}, counted rather than timed: no rule's
 * facts are gathered to write it, let alone once per question asked of them (the bytes a render
 * allocates per rule are pinned in the bench module's {@code RenderCostTest}).
 */
class RenderCostTest {
  private static final int CHAINS = 40;
  private static final int PER_CHAIN = 100;

  /** About 4,000 rules of the benchmark's shape: prefixes, port lists and ranges, sets, states. */
  static Ruleset realistic() {
    return Rampart.ruleset()
        .adminAccess(
            AdminAccess.builder()
                .addPorts(22)
                .sources(addresses(16, 24).stream().map(Cidr::parse).toList())
                .addFamilies(Family.IPV4)
                .build())
        .set("customers", Family.IPV4, addresses(1_000, 32))
        .set("admins", Family.IPV4, addresses(16, 24))
        .filter(
            t -> {
              t.chain(
                  "INPUT",
                  c -> {
                    c.policy(DROP);
                    c.rule(r -> r.ctstate(ESTABLISHED, RELATED).accept());
                    for (int i = 0; i < CHAINS; i++) {
                      String name = "svc" + i;
                      c.rule(r -> r.jump(name));
                    }
                  });
              for (int i = 0; i < CHAINS; i++) {
                int service = i;
                t.chain(
                    "svc" + i,
                    c -> {
                      for (int j = 0; j < PER_CHAIN - 1; j++) {
                        int port = 1024 + service * PER_CHAIN + j;
                        String prefix = "10." + service + "." + j + ".0/24";
                        switch (j % 4) {
                          case 0 -> c.rule(r -> r.src(prefix).tcp().dport(80, 443, port).accept());
                          case 1 ->
                              c.rule(
                                  r ->
                                      r.srcSet("customers")
                                          .tcp()
                                          .dportRange(port, port + 10)
                                          .accept());
                          case 2 ->
                              c.rule(r -> r.ctstate(NEW).src(prefix).udp().dport(53).accept());
                          default -> c.rule(r -> r.srcSet("admins").tcp().dport(22).accept());
                        }
                      }
                      c.rule(r -> r.drop());
                    });
              }
            })
        .build();
  }

  private static List<String> addresses(int n, int length) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long a = 0xac100000L + ((long) i << (32 - length));
      out.add(
          (a >>> 24)
              + "."
              + (a >>> 16 & 255)
              + "."
              + (a >>> 8 & 255)
              + "."
              + (a & 255)
              + "/"
              + length);
    }
    return out;
  }

  private static int rules(Ruleset rs) {
    return rs.tables().stream()
        .flatMap(t -> t.chains().stream())
        .mapToInt(c -> c.rules().size())
        .sum();
  }

  @Test
  void gathersNoRulesFactsToRenderIt() {
    Ruleset rs = realistic();
    IptablesRenderer renderer = IptablesRenderer.of(RenderMode.COEXIST);
    renderer.render(rs);
    long before = FactsCount.onThisThread();
    renderer.render(rs);
    long derived = FactsCount.onThisThread() - before;
    // the text asks a rule's families and protocol only (Ruleset.familiesOf, RuleFacts.protocolOf
    // scan the matches without gathering facts), and so does the lockout check's admin path: no
    // rule's facts are gathered per render (12,700 for 10k rules before; 1.5 per rule before that)
    assertThat(derived)
        .as("facts derived for %s rules", rules(rs))
        .isLessThanOrEqualTo(rules(rs) / 10L);
  }
}
