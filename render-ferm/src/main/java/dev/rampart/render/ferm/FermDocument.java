package dev.rampart.render.ferm;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.docker.DockerChains;
import dev.rampart.core.eval.LockoutCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rendering of a ruleset: the single ferm file, or {@code ferm.conf} plus {@code ferm.d/}. In
 * coexist mode the rules and policies of built-in chains become {@link Hooks}: the insert hooks
 * follow the chains (in {@code ferm.d/20-host.ferm} in the directory layout), the policy hooks come
 * last (after the {@code @include} in {@code ferm.conf}).
 */
final class FermDocument {
  /** Which statements of the ruleset a file holds. */
  enum Part {
    /** Everything: the single-file layout. */
    ALL,
    /** The policies of built-in chains ({@code ferm.conf} of the directory layout). */
    POLICIES,
    /** The {@code @preserve} lists. */
    PRESERVE,
    /** Every chain of ours except {@code DOCKER-USER}, user chains up to their defaults. */
    HOST,
    /** {@code DOCKER-USER} up to its defaults. */
    DOCKER_USER,
    /**
     * The defaults of every user chain of ours: its final run of rules that refuse the packet or
     * match every packet (see {@link #defaultsStart}).
     */
    DEFAULTS
  }

  /** The depth of chain statements: inside {@code domain} and {@code table}. */
  private static final int CHAIN = 2;

  private final FermRenderer options;
  private final Ruleset ruleset;
  private final Definitions defs;
  private final Map<TableName, Preserves> preserves = new LinkedHashMap<>();
  private final Map<Chain, ImmutableList<Statement>> statements = new LinkedHashMap<>();
  private final Hooks hooks = new Hooks();

  FermDocument(FermRenderer options, Ruleset ruleset) {
    this.options = options;
    this.ruleset = ruleset;
    DockerChains.checkNotManaged(ruleset, options.mode(), FermRenderer.BACKEND);
    this.defs = Definitions.of(ruleset, options.inlineSets());
    for (Table table : tables(ruleset, options)) {
      Preserves p = Preserves.of(table, options.mode(), options.dockerLayout());
      preserves.put(table.name(), p);
      for (Chain chain : table.chains()) {
        if (p.isHooked(chain)) {
          statementsOf(table, chain); // what ferm could not say is refused all the same
          hooks.add(ruleset, options.inlineSets(), table, chain);
        } else if (!p.isPreserved(chain)) {
          statements.put(chain, statementsOf(table, chain));
        }
      }
    }
    LockoutCheck.check(ruleset, List.of(Family.IPV4, Family.IPV6)); // once ferm can say it all
  }

  /**
   * The ruleset's tables, then (in coexist mode) every other table the Docker layout uses: ferm
   * rewrites every table it finds in the kernel, named in its configuration or not, so Docker's
   * chains must be preserved in all of them.
   */
  private static ImmutableList<Table> tables(Ruleset ruleset, FermRenderer options) {
    ImmutableList.Builder<Table> out = ImmutableList.<Table>builder().addAll(ruleset.tables());
    if (options.mode() == RenderMode.COEXIST) {
      for (TableName name : TableName.values()) {
        boolean used =
            !options.dockerLayout().chains(Family.IPV4, name).isEmpty()
                || !options.dockerLayout().chains(Family.IPV6, name).isEmpty();
        if (used && ruleset.table(name).isEmpty()) {
          out.add(Table.of(name, ImmutableList.of()));
        }
      }
    }
    return out.build();
  }

  private ImmutableList<Statement> statementsOf(Table table, Chain chain) {
    ImmutableList.Builder<Statement> out = ImmutableList.builder();
    for (int i = 0; i < chain.rules().size(); i++) {
      Rule rule = chain.rules().get(i);
      RuleRef place = RuleRef.of(table.name(), chain.name(), i + 1);
      ImmutableList<String> words = RuleWords.of(ruleset, defs, options.inlineSets(), rule, place);
      out.add(new Statement(words, ImmutableSet.copyOf(ruleset.familiesOf(rule))));
    }
    return out.build();
  }

  /** The single-file rendering. */
  String single() {
    Lines out = preamble();
    body(Part.ALL, out);
    lines(hooks.insertLines(), out);
    lines(hooks.policyLines(), out);
    return out.toString();
  }

  /** Appends {@code lines} after a blank line, if there are any. */
  private static void lines(List<String> lines, Lines out) {
    if (!lines.isEmpty()) {
      out.blank();
      lines.forEach(l -> out.add(0, l));
    }
  }

  /** The directory layout: {@code ferm.conf} and the {@code ferm.d/NN-name.ferm} files. */
  ImmutableSortedMap<String, String> directory() {
    ImmutableSortedMap.Builder<String, String> files = ImmutableSortedMap.naturalOrder();
    Lines conf = preamble();
    body(Part.POLICIES, conf);
    conf.blank().add(0, "@include 'ferm.d/';");
    lines(hooks.policyLines(), conf);
    files.put("ferm.conf", conf.toString());
    file(
        files,
        "ferm.d/10-preserve.ferm",
        "Chains ferm keeps as they are (@preserve).",
        Part.PRESERVE);
    file(
        files,
        "ferm.d/20-host.ferm",
        "Host rules: every chain of ours but DOCKER-USER.",
        Part.HOST);
    file(
        files,
        "ferm.d/30-docker-user.ferm",
        "DOCKER-USER: rules for forwarded (container)" + " traffic.",
        Part.DOCKER_USER);
    file(
        files,
        "ferm.d/90-defaults.ferm",
        "The final drops, rejects and returns of our chains, loaded last: files of yours"
            + " numbered 40 to 89 come before them.",
        Part.DEFAULTS);
    return files.build();
  }

  private void file(
      ImmutableSortedMap.Builder<String, String> files, String name, String what, Part part) {
    Lines body = new Lines();
    body(part, body);
    if (part == Part.HOST) {
      lines(hooks.insertLines(), body);
    }
    if (!body.isEmpty()) {
      files.put(name, new Lines().add(0, "# " + what).add(0, "# " + Header.EDIT) + body.toString());
    }
  }

  private Lines preamble() {
    Lines out = new Lines();
    Header.write(options, out);
    if (!defs.isEmpty()) {
      out.blank();
      defs.lines().forEach(l -> out.add(0, l));
    }
    if (!options.inlineSets() && !ruleset.sets().isEmpty()) {
      out.blank().add(0, "# ferm does not create ipsets: load them before the rules.");
      options
          .ipsetFile()
          .ifPresentOrElse(
              f -> out.add(0, Hooks.hook("pre", "ipset restore -exist < " + f)),
              () -> out.add(0, "# apply.sh loads ipset.rules from its directory, then runs ferm."));
    }
    lines(hooks.definitions(), out);
    return out;
  }

  /** Writes {@code part} of every table inside one {@code domain (ip ip6)} block, if any. */
  private void body(Part part, Lines out) {
    Lines tables = new Lines();
    for (Table table : tables(ruleset, options)) {
      Lines chains = new Lines();
      if (part == Part.ALL || part == Part.PRESERVE) {
        preserve(preservesOf(table), chains);
        declare(table, chains);
      }
      for (Chain chain : table.chains()) {
        ImmutableList<Statement> body = statements.get(chain);
        if (body != null) {
          chain(table, chain, body, part, chains);
        }
      }
      if (!chains.isEmpty()) {
        tables.add(1, "table " + table.name().label() + " {").append(chains).add(1, "}");
      }
    }
    if (!tables.isEmpty()) {
      out.blank().add(0, "domain (ip ip6) {").append(tables).add(0, "}");
    }
  }

  private Preserves preservesOf(Table table) {
    Preserves p = preserves.get(table.name());
    if (p == null) {
      throw new IllegalStateException("no preserve list for table " + table.name().label());
    }
    return p;
  }

  private void preserve(Preserves p, Lines out) {
    if (options.preserveForm() == PreserveForm.REGEX) {
      ImmutableList<String> words = p.regexWords();
      if (!words.isEmpty()) {
        out.add(CHAIN, "chain " + FermText.list(words) + " @preserve;");
      }
      return;
    }
    List<String> v4 = p.names(Family.IPV4);
    List<String> v6 = p.names(Family.IPV6);
    List<String> common = v4.stream().filter(v6::contains).toList();
    if (!common.isEmpty()) {
      out.add(CHAIN, "chain " + FermText.list(common) + " @preserve;");
    }
    only(v4, v6, "ip", out);
    only(v6, v4, "ip6", out);
  }

  /**
   * Coexist mode: an empty statement ({@code chain FILTERS;}) for each chain ferm writes in {@code
   * table}. ferm loads a family only when some statement of it reaches a chain, and neither {@code
   * @preserve} nor a chain block whose rules are all for the other family does; without these
   * lines a family whose rules all live in built-in chains would get none of our chains, and its
   * hooks would jump to chains that do not exist. (ferm refuses the list form.)
   */
  private void declare(Table table, Lines out) {
    if (options.mode() != RenderMode.COEXIST) {
      return;
    }
    for (Chain chain : table.chains()) {
      if (statements.containsKey(chain)) {
        out.add(CHAIN, "chain " + chain.name() + ";");
      }
    }
  }

  private static void only(List<String> these, List<String> others, String domain, Lines out) {
    List<String> only = these.stream().filter(c -> !others.contains(c)).toList();
    if (!only.isEmpty()) {
      out.add(
          CHAIN, "@if @eq($DOMAIN, " + domain + ") chain " + FermText.list(only) + " @preserve;");
    }
  }

  private void chain(
      Table table, Chain chain, ImmutableList<Statement> body, Part part, Lines out) {
    boolean dockerUser =
        table.name() == TableName.FILTER && chain.name().equals(DockerLayout.DOCKER_USER);
    int split = chain.isBuiltin() ? body.size() : defaultsStart(chain);
    List<String> policy = policy(chain);
    switch (part) {
      case ALL -> block(chain.name(), policy, body, out);
      case POLICIES -> {
        if (!policy.isEmpty()) {
          block(chain.name(), policy, List.of(), out);
        }
      }
      case HOST -> {
        if (!dockerUser && (split > 0 || split == body.size())) {
          block(chain.name(), List.of(), body.subList(0, split), out);
        }
      }
      case DOCKER_USER -> {
        if (dockerUser) {
          block(chain.name(), List.of(), body.subList(0, split), out);
        }
      }
      case DEFAULTS -> {
        if (split < body.size()) {
          block(chain.name(), List.of(), body.subList(split, body.size()), out);
        }
      }
      case PRESERVE -> {}
    }
  }

  /**
   * The index where the chain's defaults begin: its final run of rules that refuse the packet
   * ({@code DROP}, {@code REJECT}) or match every packet. An operator's file in {@code ferm.d}
   * numbered before them adds rules that take effect.
   */
  private static int defaultsStart(Chain chain) {
    int i = chain.rules().size();
    while (i > 0
        && (chain.rules().get(i - 1).matches().isEmpty() || chain.rules().get(i - 1).refuses())) {
      i--;
    }
    return i;
  }

  /**
   * The policy statements of {@code chain}: {@code policy DROP;} when both families have the same
   * one, else one {@code @if @eq($DOMAIN, ip) policy DROP;} per family that has one.
   */
  private static List<String> policy(Chain chain) {
    Optional<ChainPolicy> v4 = chain.policyFor(Family.IPV4);
    Optional<ChainPolicy> v6 = chain.policyFor(Family.IPV6);
    if (v4.equals(v6)) {
      return v4.map(p -> List.of("policy " + p.name() + ";")).orElse(List.of());
    }
    List<String> out = new ArrayList<>();
    v4.ifPresent(p -> out.add("@if @eq($DOMAIN, ip) policy " + p.name() + ";"));
    v6.ifPresent(p -> out.add("@if @eq($DOMAIN, ip6) policy " + p.name() + ";"));
    return out;
  }

  private static void block(String name, List<String> policy, List<Statement> body, Lines out) {
    if (body.isEmpty() && policy.size() <= 1 && policy.stream().noneMatch(p -> p.startsWith("@"))) {
      out.add(CHAIN, "chain " + name + (policy.isEmpty() ? ";" : " " + policy.get(0)));
      return;
    }
    out.add(CHAIN, "chain " + name + " {");
    policy.forEach(p -> out.add(CHAIN + 1, p));
    ChainBody.write(new ArrayList<>(body), out, CHAIN + 1);
    out.add(CHAIN, "}");
  }
}
