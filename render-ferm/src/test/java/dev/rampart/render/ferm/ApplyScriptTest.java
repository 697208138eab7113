package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Run twice in a namespace by PreservesKernelTest. */
class ApplyScriptTest {
  /** The commands core's frame wraps: what runs once the bundle is checked. */
  private static String body(String script) {
    String start = "(\n  set -e\n";
    int from = script.indexOf(start) + start.length();
    return script.substring(from, script.indexOf(")\nrampart_status=$?\n", from));
  }

  @Test
  void restoresTheSetsThenRunsFermOnTheConfigurationBesideIt() {
    String script = ApplyScript.of(true);
    assertThat(script)
        .contains(
            """
            # Rampart: applies the ferm bundle of this directory.
            # Applies the ferm rules of this directory: ipset restore, then ferm.
            # Rendered by Rampart: change the Java policy and render again, not this file.
            # ferm rewrites its tables whole and keeps Docker's chains (@preserve); its hooks
            # leave one marked jump per built-in chain: the host holds what this policy
            # alone gives, whatever was applied before. Arguments go to ferm.
            # Fails when any step or hook fails (hooks report on descriptor 3).
            # A failing step or hook puts back all it saved first: rules and sets.
            """);
    assertThat(body(script))
        .startsWith(
            """
            command -v ferm >/dev/null 2>&1 || { echo "apply.sh: ferm not found" >&2; exit 1; }
            """)
        .endsWith(
            """
            ipset restore -exist < "$dir/ipset.rules" || { echo "apply.sh: ipset restore failed" >&2; exit 1; }
            exec 4>&1
            failed=$(ferm "$@" "$dir/ferm.conf" 3>&1 1>&4 4>&-) || { echo "apply.sh: ferm failed" >&2; exit 1; }
            exec 4>&-
            if [ -n "$failed" ]; then
              printf '%s\\n' "$failed" | sed -e 's/^\\(.*\\) rampart-hook-failed$/apply.sh: a ferm hook failed: \\1/' >&2
              exit 1
            fi
            """);
  }

  @Test
  void checksTheIptablesFlavourBeforeAnyStep() {
    String script = body(ApplyScript.of(true));
    assertThat(script.indexOf("docker_in \"$other\""))
        .isPositive()
        .isLessThan(script.indexOf("ipset restore -exist <"));
    assertThat(script)
        .contains(
            "if (PATH=/usr/sbin:/sbin:$PATH; command -v iptables-legacy) >/dev/null 2>&1; then\n"
                + "  flavour=legacy\n",
            "| grep -q -E -- '^-A (PREROUTING|OUTPUT) .*-j DOCKER( |$)'\n",
            "if [ \"${RAMPART_FERM_ANY_FLAVOUR:-}\" != 1 ]; then\n");
  }

  @Test
  void skipsTheIpsetStepWithoutSets() {
    assertThat(body(ApplyScript.of(false)))
        .doesNotContain("ipset")
        .contains("\nfailed=$(ferm \"$@\" \"$dir/ferm.conf\" 3>&1 1>&4 4>&-)");
  }
}
