package dev.rampart.render.nftables;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Bundle;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Renderer;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SetRef;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.docker.DockerChains;
import dev.rampart.core.eval.LockoutCheck;
import dev.rampart.core.internal.ApplyFrame;
import dev.rampart.core.match.Match;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders a {@link Ruleset} as one {@code nft -f} script that atomically replaces only Rampart's
 * own {@code inet} tables (by default {@code rampart} for filter, {@code rampart-nat}, {@code
 * rampart-mangle} and {@code rampart-raw}) and leaves every other table alone, in particular
 * iptables-nft's {@code ip filter}/{@code ip nat} and Docker's {@code docker-bridges}. Applying the
 * script twice gives the same ruleset: each of our tables is declared, deleted and defined again in
 * one transaction.
 *
 * <p>Built-in chains become base chains with the hook and priority of the iptables table they model
 * (raw -300, mangle -150, dstnat -100, filter 0, srcnat 100; one step lower beside Docker, see
 * {@link DockerBackend}); user chains become regular chains; address sets become named sets, IPv4
 * and IPv6 in one table. Rules of one family get {@code meta nfproto} unless an address, set or
 * ICMP type already implies it. No port or address list becomes an anonymous set, which the kernel
 * is slow to load by the thousand: a list several rules use is a named set declared once, a short
 * list used once is written as comparisons or one rule line per element (see {@code ListSets}).
 *
 * <pre>{@code
 * NftablesRenderer nft = NftablesRenderer.builder().docker(DockerBackend.IPTABLES_NFT).build();
 * String script = nft.render(ruleset);  // for nft -f
 * Bundle files = nft.bundle(ruleset);    // rules.nft and apply.sh
 * NftablesRenderer own = NftablesRenderer.of(RenderMode.OWN); // a host without Docker
 * }</pre>
 */
public final class NftablesRenderer implements Renderer {
  private static final ImmutableMap<TableName, String> DEFAULT_NAMES =
      ImmutableMap.of(
          TableName.FILTER, "rampart",
          TableName.NAT, "rampart-nat",
          TableName.MANGLE, "rampart-mangle",
          TableName.RAW, "rampart-raw");

  private static final ImmutableList<TableName> ORDER =
      ImmutableList.of(TableName.FILTER, TableName.NAT, TableName.MANGLE, TableName.RAW);

  private final DockerBackend docker;
  private final ImmutableMap<TableName, String> names;

  private NftablesRenderer(DockerBackend docker, Map<TableName, String> names) {
    this.docker = docker;
    this.names = ImmutableMap.copyOf(names);
  }

  /**
   * The default renderer (profile {@code IPTABLES_NFT}), for {@link java.util.ServiceLoader} on the
   * class path; prefer {@link #builder()} and {@link #of}.
   */
  public NftablesRenderer() {
    this(DockerBackend.IPTABLES_NFT, DEFAULT_NAMES);
  }

  /**
   * The renderer {@link java.util.ServiceLoader} finds on the module path: {@code IPTABLES_NFT}.
   */
  public static NftablesRenderer provider() {
    return builder().build();
  }

  /**
   * A renderer in {@code mode} with the default table names: own mode for a host without Docker
   * ({@link DockerBackend#NONE}), coexist mode for a node whose Docker writes iptables-nft rules
   * ({@link DockerBackend#IPTABLES_NFT}); see {@link Builder#docker} for Docker's nftables backend.
   */
  public static NftablesRenderer of(RenderMode mode) {
    checkNotNull(mode, "mode");
    return builder().mode(mode).build();
  }

  /** Returns a new builder: profile {@code IPTABLES_NFT}, default table names. */
  public static Builder builder() {
    return new Builder();
  }

  /** The Docker profile this renderer targets. */
  public DockerBackend docker() {
    return docker;
  }

  /** Own mode for {@link DockerBackend#NONE}, coexist mode for every Docker profile. */
  public RenderMode mode() {
    return docker == DockerBackend.NONE ? RenderMode.OWN : RenderMode.COEXIST;
  }

  /** The name of our nft table ({@code inet} family) that holds the model table {@code table}. */
  public String tableName(TableName table) {
    checkNotNull(table, "table");
    return java.util.Objects.requireNonNull(names.get(table));
  }

  /** Returns {@code nftables}. */
  @Override
  public String format() {
    return "nftables";
  }

  /**
   * Writes the {@code nft -f} script for {@code ruleset}.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException when nftables beside the profile's Docker
   *     cannot keep the meaning of a rule; names the rule and says what to write instead
   * @throws dev.rampart.core.InvalidModelException when the rules would drop admin access in a
   *     family ({@link LockoutCheck})
   */
  @Override
  public void render(Ruleset ruleset, Appendable out) throws IOException {
    checkNotNull(ruleset, "ruleset");
    checkNotNull(out, "out");
    out.append(script(ruleset));
  }

  /**
   * Returns the {@code nft -f} script for {@code ruleset}, as {@link #render(Ruleset, Appendable)}
   * writes it (the script is made once, not copied into a second builder).
   *
   * @throws dev.rampart.core.UnsupportedFeatureException when nftables beside the profile's Docker
   *     cannot keep the meaning of a rule; names the rule and says what to write instead
   * @throws dev.rampart.core.InvalidModelException when the rules would drop admin access in a
   *     family ({@link LockoutCheck})
   */
  @Override
  public String render(Ruleset ruleset) {
    checkNotNull(ruleset, "ruleset");
    return script(ruleset).toString();
  }

  /** The whole script, written in full before anything is handed out (a refusal leaves none). */
  private StringBuilder script(Ruleset ruleset) {
    DockerChains.checkNotManaged(
        ruleset,
        docker == DockerBackend.NONE ? RenderMode.OWN : RenderMode.COEXIST,
        TablePlan.BACKEND);
    StringBuilder text = new StringBuilder();
    text.append("# Rampart nftables ruleset (Docker profile ")
        .append(docker.name().toLowerCase(java.util.Locale.ROOT))
        .append("). Replaces only the tables below.\n");
    for (TableName t : ORDER) {
      String name = tableName(t);
      text.append("table inet ").append(name).append('\n');
      text.append("delete table inet ").append(name).append('\n');
    }
    for (TableName t : ORDER) {
      Table table = ruleset.table(t).orElse(Table.of(t, ImmutableList.of()));
      TablePlan plan = new TablePlan(table, docker);
      plan.check();
      Set<AddressSet> sets = setsOf(ruleset, table);
      if (plan.managed().isEmpty() && sets.isEmpty()) {
        continue;
      }
      writeTable(ruleset, table, plan, sets, text);
    }
    LockoutCheck.check(ruleset, List.of(Family.IPV4, Family.IPV6)); // once nft can say it all
    return text;
  }

  /**
   * Returns {@code apply.sh} (executable; loads the script with {@code nft -f}), {@code rules.nft}
   * (the script), the systemd units {@code rampart-firewall.service} and {@code
   * rampart-firewall-docker.service}, and {@code MANIFEST}.
   */
  @Override
  public Bundle bundle(Ruleset ruleset) {
    checkNotNull(ruleset, "ruleset");
    Bundle.Builder bundle =
        Bundle.builder().executable("apply.sh", applyScript()).file("rules.nft", render(ruleset));
    frame().build().units().forEach(bundle::file);
    return bundle.build();
  }

  /** Core's frame (lock, manifest check, {@code --confirm} rollback of our tables). */
  private ApplyFrame.Builder frame() {
    return ApplyFrame.builder("nftables")
        .nftTables(ORDER.stream().map(this::tableName).collect(Collectors.toList()));
  }

  private String applyScript() {
    String tables =
        ORDER.stream().map(t -> "inet " + tableName(t)).collect(Collectors.joining(", "));
    return frame()
        .describe("Applies Rampart's nftables rules: replaces the tables " + tables)
        .describe(
            "in one transaction and leaves every other table (Docker's, iptables-nft's) alone.")
        .describe("Idempotent: applying twice gives the same ruleset, and applying policies one")
        .describe("after the other leaves what the last one alone leaves.")
        .describe("A failed transaction changes nothing.")
        .build()
        .script(
            "nft -f rules.nft || { echo \"apply.sh: nft -f rules.nft failed: no rule changed\" >&2;"
                + " exit 1; }\n");
  }

  /** The sets the table's rules use; the filter table also declares every other set. */
  private static Set<AddressSet> setsOf(Ruleset ruleset, Table table) {
    if (table.name() == TableName.FILTER) { // every set: no need to read the rules
      return new LinkedHashSet<>(ruleset.sets());
    }
    Set<String> used = new LinkedHashSet<>();
    for (Chain c : table.chains()) {
      for (Rule r : c.rules()) {
        for (Match m : r.matches()) {
          m.namedSet().ifPresent(used::add);
        }
      }
    }
    return ruleset.sets().stream()
        .filter(s -> used.contains(s.name()))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private void writeTable(
      Ruleset ruleset, Table table, TablePlan plan, Set<AddressSet> sets, StringBuilder out) {
    out.append("table inet ").append(tableName(table.name())).append(" {\n");
    boolean first = true;
    for (AddressSet set : sets) {
      first = separate(first, out);
      writeSet(set, out);
    }
    ListSets lists = ListSets.of(plan.managed(), ruleset.sets());
    RuleWriter rules = new RuleWriter(ruleset, lists);
    int index = 0; // of the rule in the table, as ListSets counts them
    for (ListSets.Declared set : lists.declared()) {
      first = separate(first, out);
      writeListSet(set, out);
    }
    for (Chain chain : plan.managed()) {
      first = separate(first, out);
      out.append("\tchain ").append(chain.name()).append(" {\n");
      plan.baseOf(chain.name())
          .ifPresent(
              b ->
                  out.append("\t\ttype ")
                      .append(b.type())
                      .append(" hook ")
                      .append(b.hook())
                      .append(" priority ")
                      .append(b.priority())
                      .append("; policy ")
                      .append(basePolicy(chain))
                      .append(";\n"));
      for (int i = 0; i < chain.rules().size(); i++) {
        RuleRef place = RuleRef.of(table.name(), chain.name(), i + 1);
        rules.write(chain.rules().get(i), index++, place, "\t\t", out);
      }
      if (plan.baseOf(chain.name()).isPresent() && TablePlan.splitPolicy(chain)) {
        for (Family f : Family.values()) {
          if (chain.policyFor(f).filter(ChainPolicy.DROP::equals).isPresent()) {
            out.append("\t\tmeta nfproto ")
                .append(f.label())
                .append(" drop comment \"")
                .append(f.label())
                .append(" policy DROP\"\n");
          }
        }
      }
      out.append("\t}\n");
    }
    out.append("}\n");
  }

  /**
   * The policy of {@code chain} as an inet base chain: its policy when both families share it
   * (accept when unset), else accept, the families whose policy is DROP dropping in a last rule.
   */
  private static String basePolicy(Chain chain) {
    ChainPolicy p =
        TablePlan.splitPolicy(chain)
            ? ChainPolicy.ACCEPT
            : chain.policyFor(Family.IPV4).orElse(ChainPolicy.ACCEPT);
    return p.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean separate(boolean first, StringBuilder out) {
    if (!first) {
      out.append('\n');
    }
    return false;
  }

  private static void writeSet(AddressSet set, StringBuilder out) {
    NftNames.problem(set.name())
        .ifPresent(
            p -> {
              throw TablePlan.unsupported(p, set.name(), SetRef.of(set.name()));
            });
    out.append("\tset ").append(set.name()).append(" {\n");
    out.append("\t\ttype ")
        .append(set.family() == Family.IPV4 ? "ipv4_addr" : "ipv6_addr")
        .append('\n');
    List<String> flags = new ArrayList<>();
    if (set.kind() == AddressSet.Kind.NET) {
      flags.add("interval");
    }
    if (set.timeout().isPresent()) {
      flags.add("timeout");
    }
    if (!flags.isEmpty()) {
      out.append("\t\tflags ").append(String.join(", ", flags)).append('\n');
    }
    set.timeout().ifPresent(t -> out.append("\t\ttimeout ").append(t).append("s\n"));
    if (set.maxElements().isPresent()) {
      int size = set.maxElements().getAsInt();
      if (set.elements().size() > size) {
        throw TablePlan.unsupported(
            "a set of more than " + size + " elements (its size)",
            set.elements().size() + " elements",
            SetRef.of(set.name()));
      }
      out.append("\t\tsize ").append(size).append('\n');
    }
    ImmutableList<Cidr> elements = Intervals.withoutContained(set.elements());
    if (!elements.isEmpty()) {
      out.append("\t\telements = { ")
          .append(elements.stream().map(Intervals::cidr).collect(Collectors.joining(", ")))
          .append(" }\n");
    }
    out.append("\t}\n");
  }

  /** Declares a set that holds a port or address list of the table's rules. */
  private static void writeListSet(ListSets.Declared set, StringBuilder out) {
    out.append("\tset ").append(set.name()).append(" {\n");
    out.append("\t\ttype ").append(set.key().type()).append('\n');
    if (set.key().interval()) {
      out.append("\t\tflags interval\n");
    }
    out.append("\t\telements = { ").append(String.join(", ", set.key().elements())).append(" }\n");
    out.append("\t}\n");
  }

  /** Builds an {@link NftablesRenderer}. */
  public static final class Builder {
    private DockerBackend docker = DockerBackend.IPTABLES_NFT;
    private final Map<TableName, String> names = new EnumMap<>(DEFAULT_NAMES);

    private Builder() {}

    /** Sets the Docker profile of the host; default {@link DockerBackend#IPTABLES_NFT}. */
    public Builder docker(DockerBackend docker) {
      checkNotNull(docker, "docker");
      this.docker = docker;
      return this;
    }

    /**
     * Sets the Docker profile from a mode: {@link DockerBackend#NONE} for own mode, {@link
     * DockerBackend#IPTABLES_NFT} for coexist mode.
     */
    public Builder mode(RenderMode mode) {
      checkNotNull(mode, "mode");
      return docker(mode == RenderMode.OWN ? DockerBackend.NONE : DockerBackend.IPTABLES_NFT);
    }

    /**
     * Names the {@code inet} table that holds the model table {@code table}.
     *
     * @throws IllegalArgumentException when nft cannot read the name, or it is a table of
     *     iptables-nft ({@code filter}, {@code nat}, ...), of Docker ({@code docker...}) or a
     *     keyword
     */
    public Builder tableName(TableName table, String name) {
      checkNotNull(table, "table");
      checkNotNull(name, "name");
      names.put(table, NftNames.checkTable(name));
      return this;
    }

    /**
     * Returns the renderer.
     *
     * @throws IllegalArgumentException when two model tables share one table name
     */
    public NftablesRenderer build() {
      checkArgument(
          names.values().stream().distinct().count() == names.size(),
          "each model table needs a table name of its own: %s",
          names);
      return new NftablesRenderer(docker, names);
    }
  }
}
