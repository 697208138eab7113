package dev.rampart.render.iptables;

import java.util.List;
import java.util.Random;

/**
 * Generates {@code iptables-restore} text for {@link EvaluatorDifferentialKernelTest}: nat DNATs
 * from PREROUTING to the container, filter INPUT and FORWARD with random policies, a
 * DOCKER-USER-like chain jumped first from FORWARD and a host chain jumped from INPUT; rules match
 * protocols, port lists and ranges, source prefixes, interfaces, conntrack state and original
 * destination port.
 */
final class RulesetText {
  private RulesetText() {}

  static String generate(
      Random random,
      EvaluatorDifferentialKernelTest.Lab lab,
      List<Integer> ports,
      int containerOffset) {
    StringBuilder b = new StringBuilder();
    b.append("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n")
        .append(":POSTROUTING ACCEPT [0:0]\n:DNATS - [0:0]\n");
    b.append("-A PREROUTING")
        .append(random.nextBoolean() ? " -m addrtype --dst-type LOCAL" : "")
        .append(" -j DNATS\n");
    for (int port : ports) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      String proto = random.nextBoolean() ? "tcp" : "udp";
      b.append("-A DNATS")
          .append(random.nextInt(4) == 0 ? source(random, lab) : "")
          .append(" -p ")
          .append(proto)
          .append(" -m ")
          .append(proto)
          .append(" --dport ")
          .append(port)
          .append(" -j DNAT --to-destination ")
          .append(lab.container())
          .append(':')
          .append(port + containerOffset)
          .append('\n');
    }
    b.append("COMMIT\n*filter\n")
        .append(":INPUT ")
        .append(random.nextBoolean() ? "ACCEPT" : "DROP")
        .append(" [0:0]\n:FORWARD ")
        .append(random.nextBoolean() ? "ACCEPT" : "DROP")
        .append(" [0:0]\n:OUTPUT ACCEPT [0:0]\n:DOCKER-USER - [0:0]\n:HOST - [0:0]\n");
    b.append("-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
    b.append("-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
    b.append("-A FORWARD -j DOCKER-USER\n");
    int hostJump = random.nextInt(3);
    for (int i = 0; i < 3; i++) {
      if (i == hostJump) {
        b.append("-A INPUT").append(matches(random, lab, ports, false)).append(" -j HOST\n");
      }
      rules(b, "INPUT", random, lab, ports, false, random.nextInt(2));
    }
    rules(b, "FORWARD", random, lab, ports, true, random.nextInt(3));
    rules(b, "DOCKER-USER", random, lab, ports, true, random.nextInt(4));
    rules(b, "HOST", random, lab, ports, false, random.nextInt(4));
    return b.append("COMMIT\n").toString();
  }

  private static void rules(
      StringBuilder b,
      String chain,
      Random random,
      EvaluatorDifferentialKernelTest.Lab lab,
      List<Integer> ports,
      boolean forward,
      int n) {
    boolean user = !chain.equals("INPUT") && !chain.equals("FORWARD");
    for (int i = 0; i < n; i++) {
      b.append("-A ")
          .append(chain)
          .append(matches(random, lab, ports, forward))
          .append(" -j ")
          .append(target(random, user))
          .append('\n');
    }
  }

  private static String target(Random random, boolean user) {
    return switch (random.nextInt(user ? 5 : 4)) {
      case 0 -> "ACCEPT";
      case 1 -> "DROP";
      case 2 -> "REJECT";
      case 3 -> "LOG";
      default -> "RETURN";
    };
  }

  private static String matches(
      Random random,
      EvaluatorDifferentialKernelTest.Lab lab,
      List<Integer> ports,
      boolean forward) {
    StringBuilder m = new StringBuilder();
    if (random.nextInt(3) == 0) {
      m.append(source(random, lab));
    }
    if (random.nextInt(4) == 0) {
      m.append(random.nextBoolean() ? " ! -i " : " -i ")
          .append(random.nextBoolean() ? lab.in() : "lo");
    }
    if (forward && random.nextInt(3) == 0) {
      m.append(" -o ").append(random.nextBoolean() ? lab.toContainer() : lab.in());
    }
    int p = random.nextInt(3);
    if (p > 0) {
      String proto = p == 1 ? "tcp" : "udp";
      m.append(" -p ").append(proto);
      int shape = random.nextInt(4);
      int port = ports.get(random.nextInt(ports.size()));
      if (forward && shape == 0) {
        // after DNAT FORWARD sees the container's port; the original one is in conntrack
        m.append(" -m conntrack --ctorigdstport ").append(port);
      } else if (shape == 1) {
        m.append(" -m ").append(proto).append(" --dport ").append(port);
      } else if (shape == 2) {
        int other = ports.get(random.nextInt(ports.size()));
        m.append(" -m multiport --dports ").append(Math.min(port, other));
        if (other != port) {
          m.append(',').append(Math.max(port, other));
        }
      } else {
        int base = forward && random.nextBoolean() ? port + 1000 : port;
        m.append(" -m ")
            .append(proto)
            .append(random.nextInt(5) == 0 ? " ! --dport " : " --dport ")
            .append(base)
            .append(':')
            .append(base + random.nextInt(2));
      }
    }
    if (random.nextInt(5) == 0) {
      m.append(" -m conntrack --ctstate ").append(random.nextBoolean() ? "NEW" : "INVALID");
    }
    return m.toString();
  }

  private static String source(Random random, EvaluatorDifferentialKernelTest.Lab lab) {
    String s =
        switch (random.nextInt(3)) {
          case 0 -> lab.client() + "/32";
          case 1 -> lab.client().substring(0, lab.client().lastIndexOf('.')) + ".0/24";
          default -> "192.0.2.0/24";
        };
    return (random.nextInt(4) == 0 ? " ! -s " : " -s ") + s;
  }
}
