package dev.rampart.render.iptables;

import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.RuleRef;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotTable;
import java.io.IOException;

/**
 * Writes {@code iptables-restore} text that recreates what a {@link Snapshot} holds for one family:
 * per table every chain declared (built-ins with their policy, user chains with {@code -}), then
 * every rule in order. Counters are written as {@code [0:0]}.
 */
final class SnapshotWriter {
  private SnapshotWriter() {}

  static void write(Snapshot snapshot, Family family, Appendable out) throws IOException {
    for (SnapshotTable table : snapshot.tables()) {
      if (table.family() != family) {
        continue;
      }
      out.append('*').append(table.name().label()).append('\n');
      for (SnapshotChain c : table.chains()) {
        String policy =
            table.name().hasBuiltin(c.name()) ? c.policy().orElse(ChainPolicy.ACCEPT).name() : "-";
        out.append(':').append(c.name()).append(' ').append(policy).append(" [0:0]\n");
      }
      for (SnapshotChain c : table.chains()) {
        for (int i = 0; i < c.rules().size(); i++) {
          RuleRef place = table.ref().chain(c.name()).rule(i + 1);
          String args = RuleArgs.restoreText(family, place, c.rules().get(i).rule(), snapshot::set);
          out.append("-A ").append(c.name()).append(' ').append(args).append('\n');
        }
      }
      out.append("COMMIT\n");
    }
  }
}
