package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@KernelTest(tools = {"ip", "iptables-restore", "iptables-save"})
class LimitRatesKernelTest {
  private static final Map<LimitMatch.Unit, String> NAMES =
      Map.of(
          LimitMatch.Unit.SECOND, "sec",
          LimitMatch.Unit.MINUTE, "min",
          LimitMatch.Unit.HOUR, "hour",
          LimitMatch.Unit.DAY, "day");
  private static final Map<String, Long> SECONDS =
      Map.of("sec", 1L, "min", 60L, "hour", 3600L, "day", 86400L);

  private static boolean sameRate(String a, String b) {
    String[] x = a.split("/");
    String[] y = b.split("/");
    return Long.parseLong(x[0]) * SECONDS.get(y[1]) == Long.parseLong(y[0]) * SECONDS.get(x[1]);
  }

  @Test
  void ratesReadBackAsWePrintThemAndRefusedRatesReallyChange(KernelLab lab) {
    Netns ns = lab.namespace("limits");
    List<LimitMatch> limits = new ArrayList<>();
    for (int rate : new int[] {1, 2, 3, 5, 7, 10, 30, 60, 100, 120, 999, 1000, 3600, 9999, 10000}) {
      for (LimitMatch.Unit unit : LimitMatch.Unit.values()) {
        limits.add(LimitMatch.of(rate, unit));
      }
    }
    StringBuilder restore = new StringBuilder("*filter\n:L - [0:0]\n");
    for (LimitMatch l : limits) {
      restore.append("-A L -m limit --limit ").append(l.rate()).append('/');
      restore.append(NAMES.get(l.unit())).append(" -j ACCEPT\n");
    }
    ns.runWithInput(restore.append("COMMIT\n").toString(), "iptables-restore");
    List<String> saved = KernelSave.rules(ns, Family.IPV4, TableName.FILTER, "L");
    assertThat(saved).hasSameSizeAs(limits);
    int refused = 0;
    for (int i = 0; i < limits.size(); i++) {
      LimitMatch l = limits.get(i);
      String asked = l.rate() + "/" + NAMES.get(l.unit());
      String printed = saved.get(i).replace("-A L -m limit --limit ", "").replace(" -j ACCEPT", "");
      var canonical = LimitRates.canonical(l);
      if (canonical.isPresent()) {
        assertThat(printed).as(asked).isEqualTo(canonical.get());
      } else {
        refused++;
        assertThat(sameRate(asked, printed)).as("%s came back as %s", asked, printed).isFalse();
      }
    }
    assertThat(refused).isPositive();
  }
}
