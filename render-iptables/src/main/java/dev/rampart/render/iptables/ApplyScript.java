package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.RuleRef;
import dev.rampart.core.internal.ApplyFrame;
import dev.rampart.render.iptables.FamilyView.RenderedChain;
import dev.rampart.render.iptables.FamilyView.RenderedRule;
import dev.rampart.render.iptables.FamilyView.RenderedTable;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes the POSIX shell script that applies a bundle ({@code rules.v4}, {@code rules.v6}, {@code
 * ipset.rules}) from the directory it lies in: core's {@link ApplyFrame} (lock, manifest check,
 * {@code --confirm} rollback) around this backend's commands. Every word that comes from the model
 * is single-quoted.
 *
 * <p>Coexist mode: {@code ipset restore -exist}, {@code iptables-restore --noflush} per family,
 * then each rule of a built-in chain is inserted at its model position unless an identical rule is
 * already there ({@code iptables -C CHAIN ... || iptables -I CHAIN N ...}), then the built-in
 * chains' policies are set. Running it twice changes nothing.
 *
 * <p>Own mode: {@code ipset restore -exist} and a full {@code iptables-restore} per family.
 */
final class ApplyScript {
  private ApplyScript() {}

  /** One family's input to the script: its tables and whether its restore file has content. */
  record FamilyPart(Family family, ImmutableList<RenderedTable> tables, boolean hasRestore) {}

  /** The systemd units that run the script from {@code /etc/rampart/iptables}, by file name. */
  static ImmutableMap<String, String> units() {
    return ApplyFrame.builder("iptables").build().units();
  }

  static String write(RenderMode mode, boolean hasSets, FamilyPart v4, FamilyPart v6) {
    ApplyFrame.Builder frame =
        ApplyFrame.builder("iptables")
            .describe(
                "Loads rules.v4, rules.v6 and ipset.rules ("
                    + (mode == RenderMode.OWN ? "own" : "coexist")
                    + " mode).")
            .iptables(true)
            .ipsets(hasSets);
    if (mode == RenderMode.COEXIST) {
      frame.describe("Docker's chains are left alone; running it again changes nothing.");
    }
    return frame.build().script(body(mode, hasSets, v4, v6));
  }

  /** The commands the frame wraps; they read the bundle's files from the working directory. */
  private static String body(RenderMode mode, boolean hasSets, FamilyPart v4, FamilyPart v6) {
    StringBuilder out = new StringBuilder();
    if (hasSets) {
      out.append("ipset restore -exist < ipset.rules\n");
    }
    String noflush = mode == RenderMode.COEXIST ? " --noflush" : "";
    for (FamilyPart part : ImmutableList.of(v4, v6)) {
      if (part.hasRestore()) {
        out.append(command(part.family()))
            .append("-restore")
            .append(noflush)
            .append(" < ")
            .append(part.family() == Family.IPV4 ? "rules.v4" : "rules.v6")
            .append('\n');
      }
    }
    if (mode == RenderMode.COEXIST) {
      for (FamilyPart part : ImmutableList.of(v4, v6)) {
        inserts(out, part);
      }
      for (FamilyPart part : ImmutableList.of(v4, v6)) {
        policies(out, part);
      }
    }
    return out.toString();
  }

  private static void inserts(StringBuilder out, FamilyPart part) {
    String cmd = command(part.family());
    for (RenderedTable table : part.tables()) {
      String t = Arg.word(table.name().label()).shell();
      for (RenderedChain chain : table.chains()) {
        if (!chain.builtin()) {
          continue;
        }
        String c = Arg.word(chain.name()).shell();
        Set<String> seen = new HashSet<>();
        int position = 0;
        for (RenderedRule rule : chain.rules()) {
          position++;
          String args = rule.shellText();
          if (!seen.add(args)) {
            throw RuleArgs.unsupported(
                part.family(),
                RuleRef.of(table.name(), chain.name(), rule.number()),
                "a second identical rule in a built-in chain (coexist mode inserts each rule"
                    + " once)",
                rule.restoreText());
          }
          out.append(cmd).append(" -t ").append(t).append(" -C ").append(c).append(' ');
          out.append(args).append(" 2>/dev/null || ");
          out.append(cmd).append(" -t ").append(t).append(" -I ").append(c).append(' ');
          out.append(Arg.word(Integer.toString(position)).shell()).append(' ');
          out.append(args).append('\n');
        }
      }
    }
  }

  private static void policies(StringBuilder out, FamilyPart part) {
    String cmd = command(part.family());
    for (RenderedTable table : part.tables()) {
      for (RenderedChain chain : table.chains()) {
        chain
            .policy()
            .ifPresent(
                p ->
                    out.append(cmd)
                        .append(" -t ")
                        .append(Arg.word(table.name().label()).shell())
                        .append(" -P ")
                        .append(Arg.word(chain.name()).shell())
                        .append(' ')
                        .append(Arg.word(p.name()).shell())
                        .append('\n'));
      }
    }
  }

  private static String command(Family family) {
    return family == Family.IPV4 ? "iptables" : "ip6tables";
  }
}
