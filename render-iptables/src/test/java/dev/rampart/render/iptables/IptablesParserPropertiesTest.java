package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Properties of the parser: no input makes it throw anything but {@link IptablesParseException},
 * and generated models read back as the rules they are. Fixed seed; override with {@code
 * -Drampart.seed=N}.
 */
class IptablesParserPropertiesTest {
  private static final long SEED = Long.getLong("rampart.seed", 20261202L);

  private static final List<String> TEXTS = texts();

  /** Names of constructs the renderer writes in a canonical form (see IptablesParserTest). */
  private static final Set<String> CANONICALIZED =
      Set.of(
          "any interface is no test",
          "full tcp range is no test",
          "limit in another unit with burst",
          "limit with the default burst",
          "log with the default level",
          "reject with ICMP6_PORT_UNREACHABLE",
          "reject with ICMP_PORT_UNREACHABLE",
          "source /0 is no test");

  private static List<String> texts() {
    List<String> texts = new ArrayList<>();
    for (String f :
        List.of(
            "swarm-portmap-28-S.txt",
            "docker-28.0-gwbridge-partial.txt",
            "swarm-aws-1.4.21-partial.txt",
            "swarm-17.05-filter-S-partial.txt",
            "swarm-17.05-vagrant-S-partial.txt")) {
      texts.add(Fixtures.read("docker/" + f));
    }
    texts.add(
        IptablesRenderer.builder()
            .family(Family.IPV4)
            .mode(RenderMode.OWN)
            .build()
            .render(Constructs.ruleset()));
    texts.add(
        IptablesRenderer.builder()
            .family(Family.IPV6)
            .mode(RenderMode.OWN)
            .build()
            .render(Constructs.ruleset()));
    return texts;
  }

  private static final String HOSTILE = "\"\\! -:[]*#\n\t\r/,+0xé\u0000";

  /** A fixture or rendering, cut and mutated at random places. */
  private static Gen<String> mutated() {
    Gen<Integer> which = SourceDSL.integers().between(0, TEXTS.size() - 1);
    Gen<Integer> edits = SourceDSL.integers().between(0, 6);
    Gen<List<Integer>> positions =
        SourceDSL.lists().of(SourceDSL.integers().between(0, Integer.MAX_VALUE)).ofSize(14);
    return which
        .zip(edits, positions, (w, n, p) -> mutate(TEXTS.get(w), n, p))
        .describedAs(s -> s.length() > 400 ? s.substring(0, 400) + "..." : s);
  }

  private static String mutate(String text, int edits, List<Integer> p) {
    StringBuilder b = new StringBuilder(text);
    for (int i = 0; i < edits && b.length() > 0; i++) {
      int at = p.get(2 * i) % b.length();
      int r = p.get(2 * i + 1);
      switch (r % 4) {
        case 0 -> b.setLength(at); // cut
        case 1 -> b.deleteCharAt(at);
        case 2 -> b.insert(at, HOSTILE.charAt(r % HOSTILE.length()));
        default -> {
          int end = Math.min(b.length(), at + 1 + r % 20);
          b.delete(at, end); // drop a token or two
        }
      }
    }
    return b.toString();
  }

  @Test
  void noInputThrowsAnythingButTheParseException() {
    qt().withFixedSeed(SEED)
        .withExamples(3000)
        .forAll(mutated())
        .checkAssert(
            text -> {
              try {
                IptablesParser.parse(text);
              } catch (IptablesParseException e) {
                assertThat(e.line()).as("rampart.seed=" + SEED).isPositive();
                assertThat(e.getMessage()).startsWith("line " + e.line() + ": ");
              }
            });
  }

  /** Generated rulesets: the construct cases of each family in random chains and order. */
  private static Gen<Ruleset> rulesets() {
    List<Constructs.Case> filter =
        Constructs.all().stream()
            .filter(c -> c.table() == TableName.FILTER && !CANONICALIZED.contains(c.name()))
            .filter(c -> c.ipv4().isPresent() && c.ipv6().isEmpty())
            .toList();
    Gen<List<Integer>> picks =
        SourceDSL.lists()
            .of(SourceDSL.integers().between(0, filter.size() - 1))
            .ofSizeBetween(0, 40);
    Gen<Integer> policy = SourceDSL.integers().between(0, 1);
    return picks.zip(
        policy,
        (ps, pol) -> {
          Chain.Builder input = Chain.builder().name("INPUT");
          Chain.Builder forward = Chain.builder().name("FORWARD");
          Chain.Builder output = Chain.builder().name("OUTPUT");
          for (int p : ps) {
            Constructs.Case c = filter.get(p);
            (c.chain().equals("INPUT") ? input : c.chain().equals("FORWARD") ? forward : output)
                .addRules(c.rule());
          }
          input.policy(pol == 0 ? ChainPolicy.ACCEPT : ChainPolicy.DROP);
          Table t =
              Table.builder()
                  .name(TableName.FILTER)
                  .addChains(input.build(), forward.build(), output.build())
                  .addChains(
                      Chain.builder()
                          .name(Constructs.SUB)
                          .addRules(Constructs.rule(Verdict.RETURN))
                          .build())
                  .build();
          return Ruleset.builder()
              .addTables(t)
              .addAllSets(Constructs.ruleset().sets())
              .lockoutAllowed(true) // random constructs in INPUT: the round trip is under test
              .build();
        });
  }

  @Test
  void generatedModelsReadBackAsTheSameRules() {
    qt().withFixedSeed(SEED)
        .withExamples(300)
        .forAll(rulesets())
        .checkAssert(
            rs -> {
              Snapshot s =
                  IptablesParser.parse(
                      IptablesRenderer.builder()
                          .family(Family.IPV4)
                          .mode(RenderMode.OWN)
                          .build()
                          .render(rs));
              for (Chain c : rs.tables().get(0).chains()) {
                SnapshotChain read =
                    s.table(Family.IPV4, TableName.FILTER)
                        .orElseThrow()
                        .chain(c.name())
                        .orElseThrow();
                List<Rule> rules = read.rules().stream().map(SnapshotRule::rule).toList();
                assertThat(rules).as("rampart.seed=" + SEED).hasSameSizeAs(c.rules());
                for (int i = 0; i < rules.size(); i++) {
                  assertThat(ImmutableSet.copyOf(rules.get(i).matches()))
                      .as("rampart.seed=%s, chain %s, rule %s", SEED, c.name(), i + 1)
                      .isEqualTo(ImmutableSet.copyOf(c.rules().get(i).matches()));
                  assertThat(rules.get(i).target()).isEqualTo(c.rules().get(i).target());
                  assertThat(rules.get(i).comment()).isEqualTo(c.rules().get(i).comment());
                }
                assertThat(read.policy())
                    .isEqualTo(
                        Optional.of(c.policy().orElse(ChainPolicy.ACCEPT))
                            .filter(x -> TableName.FILTER.hasBuiltin(c.name())));
              }
            });
  }
}
