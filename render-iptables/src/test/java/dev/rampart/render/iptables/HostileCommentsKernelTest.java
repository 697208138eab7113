package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import dev.rampart.testing.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Hostile comments never inject anything: a generated string is either refused by core or loads as
 * exactly one rule per chain whose comment reads back identical, both through the restore file (a
 * managed chain) and through the apply script's shell quoting (a built-in chain).
 */
@KernelTest(
    tools = {
      "ip",
      "sh",
      "iptables",
      "iptables-restore",
      "iptables-save",
      "ip6tables",
      "ip6tables-restore",
      "ip6tables-save"
    })
class HostileCommentsKernelTest {
  private static final List<Character> SPECIALS =
      List.of('\t', '\n', '\r', '\0', '\u007f', '\u00e9', '\u2028', '\u2713', '\u00a0', '"', '\'');

  /** Printable ASCII (every character), now and then a control or non-ASCII character. */
  private static Gen<String> comments() {
    Gen<Character> chars =
        Generate.frequency(
            Pair.of(25, Generate.characters(' ', '~')), Pair.of(1, Generate.pick(SPECIALS)));
    return lists()
        .of(chars)
        .ofSizeBetween(1, 40)
        .map(l -> l.stream().map(String::valueOf).collect(Collectors.joining()));
  }

  /** The comment of a saved {@code ... -m comment --comment X -j ACCEPT} line, unquoted. */
  private static Optional<String> comment(String line) {
    String marker = " -m comment --comment ";
    int at = line.indexOf(marker);
    if (at < 0) {
      return Optional.empty();
    }
    String rest = line.substring(at + marker.length());
    StringBuilder text = new StringBuilder();
    int i = 0;
    if (rest.startsWith("\"")) {
      for (i = 1; i < rest.length() && rest.charAt(i) != '"'; i++) {
        if (rest.charAt(i) == '\\') {
          i++;
        }
        text.append(rest.charAt(i));
      }
      i++;
    } else {
      for (; i < rest.length() && rest.charAt(i) != ' '; i++) {
        text.append(rest.charAt(i));
      }
    }
    return rest.substring(i).equals(" -j ACCEPT") ? Optional.of(text.toString()) : Optional.empty();
  }

  private static Ruleset ruleset(Rule rule) {
    return Ruleset.builder()
        .addTables(
            Table.of(
                TableName.FILTER,
                List.of(Chain.of("INPUT", List.of(rule)), Chain.of("HOSTILE", List.of(rule)))))
        .build();
  }

  @Test
  void aHostileCommentIsRefusedOrReadsBackIdenticalInOneRule(KernelLab lab, @TempDir Path dir) {
    Netns ns = lab.namespace("hostile");
    AtomicInteger example = new AtomicInteger();
    AtomicInteger loaded = new AtomicInteger();
    Seeds.qt()
        .withExamples(60)
        .withShrinkCycles(20)
        .forAll(comments())
        .checkAssert(
            s -> {
              Rule rule = Rule.builder().target(Verdict.ACCEPT).comment(s).build();
              Ruleset policy;
              try {
                policy = ruleset(rule);
              } catch (IllegalArgumentException refused) {
                return;
              }
              loaded.incrementAndGet();
              Path bundle = dir.resolve("b" + example.incrementAndGet());
              try {
                Files.createDirectories(bundle);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              ns.run("iptables", "-F", "INPUT");
              ns.run("ip6tables", "-F", "INPUT");
              Path script =
                  KernelSave.write(
                      IptablesRenderer.of(RenderMode.COEXIST).bundle(policy).files(), bundle);
              ns.run("sh", script.toString());
              for (Family family : Family.values()) {
                // besides coexist's own layout: INPUT's marked jump and the RAMPART-OWNED records
                List<String> lines =
                    KernelSave.table(ns, family, TableName.FILTER)
                        .lines()
                        .filter(l -> l.startsWith("-A "))
                        .filter(
                            l ->
                                !l.equals("-A INPUT -m comment --comment rampart -j RAMPART-INPUT"))
                        .filter(l -> !l.startsWith("-A RAMPART-OWNED "))
                        .toList();
                assertThat(lines).as("%s rules for %s", family.label(), s).hasSize(2);
                assertThat(lines.get(0)).startsWith("-A HOSTILE ");
                assertThat(lines.get(1)).startsWith("-A RAMPART-INPUT ");
                for (String line : lines) {
                  assertThat(comment(line)).as(line).contains(s);
                }
              }
            });
    assertThat(loaded.get()).as("examples that reached the kernel").isGreaterThanOrEqualTo(5);
  }
}
