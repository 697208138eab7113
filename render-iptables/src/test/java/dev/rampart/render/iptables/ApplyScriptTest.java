package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.dsl.Rampart;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyScriptTest {
  private static List<String> lines(String script) {
    return Splitter.on('\n').splitToList(body(script));
  }

  /** The commands core's frame wraps: what runs once the bundle is checked. */
  private static String body(String script) {
    String start = "(\n  set -e\n";
    int from = script.indexOf(start) + start.length();
    return script.substring(from, script.indexOf(")\nrampart_status=$?\n", from));
  }

  @Test
  void describesTheModeAtTheTop() {
    assertThat(IptablesRenderer.applyScript(Hosts.dockerHost()))
        .contains(
            """
            # Rampart: applies the iptables bundle of this directory.
            # Loads coexist.v4, coexist.v6 and ipset.rules (coexist mode).
            # Docker's chains are left alone; the host ends up holding what this policy alone gives,
            # whatever earlier policies were applied; running it again changes nothing.
            """);
  }

  @Test
  void coexistScriptLoadsEachFamilyInOneNoflushTransactionWithABoundedWait() {
    List<String> script = lines(IptablesRenderer.applyScript(Hosts.dockerHost()));
    assertThat(script)
        .filteredOn(l -> l.contains("-restore --noflush -w 10") && !l.contains("--test"))
        .hasSize(2);
    assertThat(script).filteredOn(l -> l.contains("-restore --noflush --test -w 10")).hasSize(2);
    assertThat(script).noneMatch(l -> l.matches("^ip6?tables .*"));
    assertThat(script)
        .contains(
            "ipset restore -exist < ipset.rules || fail \"ipset restore failed: no rule changed\"");
  }

  @Test
  void coexistScriptTestsBothFamiliesBeforeLoadingEither() {
    String script = body(IptablesRenderer.applyScript(Hosts.dockerHost()));
    assertThat(script.lastIndexOf("--test")).isLessThan(script.indexOf("--noflush -w"));
  }

  @Test
  void coexistScriptRunsBothFamiliesEvenWhenARestoreFileIsEmpty() {
    Ruleset rs =
        Rampart.ruleset()
            .filter(t -> t.chain("INPUT", c -> c.rule(r -> r.src("10.0.0.0/8").accept())))
            .build();
    assertThat(IptablesRenderer.of(RenderMode.COEXIST).bundle(rs).file("coexist.v6")).isEmpty();
    assertThat(body(IptablesRenderer.applyScript(rs)))
        .contains("| merge coexist.v6)")
        .doesNotContain("ipset restore");
  }

  @Test
  void ownScriptTestsBothFamiliesThenRestoresWholeTablesWithABoundedWait() {
    String script =
        IptablesRenderer.of(RenderMode.OWN).bundle(Hosts.dockerHost()).files().get("apply.sh");
    assertThat(script).contains("# Loads own.v4, own.v6 and ipset.rules (own mode).\n");
    String body = body(script);
    assertThat(lines(script))
        .contains(
            "ipset restore -exist < ipset.rules || fail \"ipset restore failed: no rule changed\"",
            "in4=$(cat own.v4)",
            "in6=$(cat own.v6)")
        .filteredOn(l -> l.contains("-restore -w 10") || l.contains("-restore --test -w 10"))
        .hasSize(5);
    assertThat(body).doesNotContain("--noflush");
    assertThat(body.lastIndexOf("--test")).isLessThan(body.indexOf("restore -w"));
    assertThat(body)
        .contains("fail \"ip6tables-restore failed: no rule changed (IPv4 rules put back)\"");
  }
}
