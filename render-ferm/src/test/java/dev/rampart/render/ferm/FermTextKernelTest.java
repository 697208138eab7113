package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Chain;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import dev.rampart.testing.Seeds;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Hostile strings: whatever core lets through to a comment or log prefix, ferm accepts and loads as
 * exactly one rule carrying exactly that text, written by ferm (own mode) or inserted by the
 * coexist hooks through the shell (twice applied, still one rule).
 */
@KernelTest(tools = {"ip", "ferm", "iptables-legacy", "iptables-legacy-save"})
class FermTextKernelTest {
  /** Printable ASCII that core lets through, rich in ferm, shell and iptables syntax. */
  private static final String ALLOWED = "aZ09 ;#{}()[]!&|<>*?~%@=,.:/+-_^";

  /** Adds what core refuses: quotes, backslash, backtick, dollar, control and non-ASCII. */
  private static final String ALL = ALLOWED + "\"'\\`$\t\n\u00e9";

  private static Gen<String> from(String alphabet) {
    return lists()
        .of(integers().between(0, alphabet.length() - 1))
        .ofSizeBetween(1, 40)
        .map(
            l ->
                l.stream()
                    .map(i -> String.valueOf(alphabet.charAt(i)))
                    .collect(Collectors.joining()));
  }

  private static final Gen<String> HOSTILE =
      from(ALLOWED)
          .mix(from(ALL), 30)
          .mix(
              lists()
                  .of(integers().between(0, 3))
                  .ofSizeBetween(1, 6)
                  .map(
                      l ->
                          l.stream()
                              .map(i -> List.of("--", "-j DROP", "!", "\"x\"").get(i))
                              .collect(Collectors.joining())),
              20);

  private static Optional<Rule> tryRule(String comment, String prefix) {
    try {
      Rule rule =
          Rule.builder()
              .target(Log.prefixed(prefix.length() > 29 ? prefix.substring(0, 29).strip() : prefix))
              .comment(comment)
              .build();
      Rulesets.filter(Chain.of("INPUT", List.of(rule))); // a policy's text is checked here
      return Optional.of(rule);
    } catch (IllegalArgumentException refusedByCore) {
      return Optional.empty();
    }
  }

  /** The value of {@code option} in an iptables-save line, unquoted. */
  private static String value(String line, String option) {
    String rest = line.substring(line.indexOf(option + " ") + option.length() + 1);
    if (rest.startsWith("\"")) {
      return rest.substring(1, rest.indexOf('"', 1));
    }
    int space = rest.indexOf(' ');
    return space < 0 ? rest : rest.substring(0, space);
  }

  @Test
  void whateverCoreAcceptsFermLoadsAsOneRuleWithTheSameText(KernelLab lab) {
    checkHostileTexts(lab.namespace("hostile"), RenderMode.OWN);
  }

  @Test
  void whateverCoreAcceptsTheCoexistHooksInsertOnceWithTheSameText(KernelLab lab) {
    checkHostileTexts(lab.namespace("hooks"), RenderMode.COEXIST);
  }

  private static void checkHostileTexts(Netns ns, RenderMode mode) {
    AtomicInteger loaded = new AtomicInteger();
    Seeds.qt()
        .withExamples(120)
        .withShrinkCycles(30)
        .forAll(HOSTILE)
        .checkAssert(
            text -> {
              Optional<Rule> rule = tryRule(text, text);
              if (rule.isEmpty()) {
                return; // core refused it: nothing reaches the renderer
              }
              Ruleset rs =
                  Rulesets.filter(
                      Chain.of("INPUT", List.of(rule.get(), Rulesets.rule(Verdict.ACCEPT))));
              Path dir =
                  FermLab.write(ImmutableMap.of("ferm.conf", FermRenderer.of(mode).render(rs)));
              try {
                ns.run("iptables-legacy", "-F", "INPUT");
                for (int run = 0; run < (mode == RenderMode.OWN ? 1 : 2); run++) {
                  ExecResult r = ns.exec("", "ferm", dir.resolve("ferm.conf").toString());
                  assertThat(r.exitCode()).as("ferm on %s: %s", text, r.stderr()).isZero();
                  assertThat(r.stderr()).as("hooks on %s", text).isEmpty();
                }
              } finally {
                FermLab.delete(dir);
              }
              String chain = mode == RenderMode.OWN ? "INPUT" : "RAMPART-INPUT";
              List<String> input =
                  ns.run("iptables-legacy-save", "-t", "filter")
                      .lines()
                      .filter(l -> l.startsWith("-A " + chain + " "))
                      .toList();
              assertThat(input).as(text).hasSize(2);
              assertThat(value(input.get(0), "--comment")).isEqualTo(text);
              Log log = (Log) rule.get().target();
              assertThat(value(input.get(0), "--log-prefix")).isEqualTo(log.prefix().orElseThrow());
              assertThat(input.get(1)).isEqualTo("-A " + chain + " -j ACCEPT");
              loaded.incrementAndGet();
            });
    assertThat(loaded.get()).as("examples core accepted").isGreaterThan(40);
  }
}
