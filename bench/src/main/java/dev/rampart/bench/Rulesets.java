package dev.rampart.bench;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.NEW;
import static dev.rampart.core.match.ConnState.RELATED;

import dev.rampart.core.AdminAccess;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.dsl.ChainBuilder;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.RulesetBuilder;
import java.util.ArrayList;
import java.util.List;

/** Generated rulesets of a realistic shape for the benchmarks. */
public final class Rulesets {
  /** Rules per user chain. */
  public static final int CHAIN = 100;

  private Rulesets() {}

  /**
   * About {@code rules} filter rules in user chains of {@value #CHAIN} rules, one per service, each
   * jumped to from INPUT: source prefixes, port lists and ranges, conntrack states and two sets of
   * fixed size (1,000 customers and 16 admin networks), so nothing but the rule count grows with
   * {@code rules}.
   */
  public static Ruleset realistic(int rules) {
    return realistic(rules, CHAIN);
  }

  /** Like {@link #realistic(int)} with user chains of {@code perChain} rules. */
  public static Ruleset realistic(int rules, int perChain) {
    return generate(rules, perChain, false);
  }

  /**
   * The shape of {@link #realistic(int)} without lists or sets, as the baseline a kernel loads
   * fastest: the same chains and rule count, each port list replaced by its first port and each set
   * by one address, so every rule compares single values.
   */
  public static Ruleset plain(int rules) {
    return generate(rules, CHAIN, true);
  }

  private static Ruleset generate(int rules, int perChain, boolean plain) {
    int chains = Math.max(1, rules / perChain);
    RulesetBuilder builder =
        Rampart.ruleset()
            // SSH is accepted from the admins set, over IPv4 only: the lockout check agrees
            .adminAccess(
                AdminAccess.builder()
                    .addPorts(22)
                    .sources(addresses(16, 24).stream().map(Cidr::parse).toList())
                    .addFamilies(Family.IPV4)
                    .build());
    if (plain) {
      // the baseline compares single values only: it keeps no admins set to accept SSH from
      builder.allowLockout();
    } else {
      builder
          .set("customers", Family.IPV4, addresses(1_000, 32))
          .set("admins", Family.IPV4, addresses(16, 24));
    }
    return builder
        .filter(
            t -> {
              t.chain(
                  "INPUT",
                  c -> {
                    c.policy(DROP);
                    c.rule(r -> r.ctstate(ESTABLISHED, RELATED).accept());
                    for (int i = 0; i < chains; i++) {
                      String name = "svc" + i;
                      c.rule(r -> r.jump(name));
                    }
                  });
              for (int i = 0; i < chains; i++) {
                int service = i;
                t.chain("svc" + i, c -> service(c, service, perChain, plain));
              }
            })
        .build();
  }

  private static void service(ChainBuilder c, int service, int perChain, boolean plain) {
    for (int j = 0; j < perChain - 1; j++) {
      int port = 1024 + (service * perChain + j) % 60_000;
      String prefix = "10." + service % 256 + "." + j + ".0/24";
      if (plain) {
        switch (j % 4) {
          case 0 -> c.rule(r -> r.src(prefix).tcp().dport(port).accept());
          case 1 -> c.rule(r -> r.src("172.16.0.1").tcp().dportRange(port, port + 10).accept());
          case 2 -> c.rule(r -> r.ctstate(NEW).src(prefix).udp().dport(53).accept());
          default -> c.rule(r -> r.src("172.16.0.0/24").tcp().dport(22).accept());
        }
        continue;
      }
      switch (j % 4) {
        case 0 -> c.rule(r -> r.src(prefix).tcp().dport(80, 443, port).accept());
        case 1 -> c.rule(r -> r.srcSet("customers").tcp().dportRange(port, port + 10).accept());
        case 2 -> c.rule(r -> r.ctstate(NEW).src(prefix).udp().dport(53, 123).accept());
        default -> c.rule(r -> r.srcSet("admins").tcp().dport(22).accept());
      }
    }
    c.rule(r -> r.drop());
  }

  /** {@code n} IPv4 addresses or prefixes of {@code length} bits, disjoint. */
  static List<String> addresses(int n, int length) {
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
}
