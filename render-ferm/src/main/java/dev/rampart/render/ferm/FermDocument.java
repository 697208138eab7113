package dev.rampart.render.ferm;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Coexist;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleFacts;
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
 * coexist mode the rules of each built-in chain are written into the chain {@code RAMPART-<chain>}
 * like any chain of ours; the {@link Hooks} that put the marked jumps into the built-in chains and
 * set their policies come last (after the {@code @include} in {@code ferm.conf}), and the {@code
 * @preserve} lists come after every chain ({@code ferm.d/95-preserve.ferm}).
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
  private final Map<Chain, String> names = new LinkedHashMap<>();
  private final Hooks hooks = new Hooks();

  FermDocument(FermRenderer options, Ruleset ruleset) {
    this.options = options;
    this.ruleset = ruleset;
    DockerChains.checkNotManaged(ruleset, options.mode(), FermRenderer.BACKEND);
    if (options.mode() == RenderMode.COEXIST) {
      Coexist.check(ruleset, FermRenderer.BACKEND);
    }
    this.defs = Definitions.of(ruleset, options.inlineSets());
    for (Table table : tables(ruleset, options)) {
      Preserves p = Preserves.of(table, options.mode(), options.dockerLayout());
      preserves.put(table.name(), p);
      for (Chain chain : table.chains()) {
        if (p.isHooked(chain)) {
          statements.put(chain, statementsOf(table, chain));
          names.put(chain, Coexist.chainFor(chain.name()));
          hooks.add(ruleset, table, chain);
        } else if (!p.isPreserved(chain)) {
          statements.put(chain, statementsOf(table, chain));
          names.put(chain, chain.name());
          if (p.isDockers(chain)) {
            hooks.own(table.name(), chain.name());
          }
        }
      }
    }
    LockoutCheck.check(ruleset, List.of(Family.IPV4, Family.IPV6)); // once ferm can say it all
  }

  /**
   * The ruleset's tables, then (in coexist mode) every other table: ferm rewrites every table it
   * finds in the kernel, named in its configuration or not, so Docker's chains, the built-in chains
   * (with our marked jumps) and the registry must be preserved in all of them; these other tables
   * are written only where the host has them (see {@link #isHostOnly}).
   */
  private static ImmutableList<Table> tables(Ruleset ruleset, FermRenderer options) {
    ImmutableList.Builder<Table> out = ImmutableList.<Table>builder().addAll(ruleset.tables());
    if (options.mode() == RenderMode.COEXIST) {
      for (TableName name : TableName.values()) {
        if (ruleset.table(name).isEmpty()) {
          out.add(Table.of(name, ImmutableList.of()));
        }
      }
    }
    return out.build();
  }

  /** Whether ferm writes {@code table} only where the host has it: not one of the ruleset's. */
  private boolean isHostOnly(Table table) {
    return ruleset.table(table.name()).isEmpty();
  }

  private ImmutableList<Statement> statementsOf(Table table, Chain chain) {
    ImmutableList.Builder<Statement> out = ImmutableList.builder();
    for (int i = 0; i < chain.rules().size(); i++) {
      Rule rule = chain.rules().get(i);
      RuleRef place = RuleRef.of(table.name(), chain.name(), i + 1);
      RuleFacts facts = RuleFacts.of(rule, ruleset); // once per rule: words, then families
      ImmutableList<String> words =
          RuleWords.of(ruleset, defs, options.inlineSets(), rule, facts, place);
      out.add(new Statement(words, ImmutableSet.copyOf(facts.families())));
    }
    return out.build();
  }

  /** The single-file rendering. */
  String single() {
    Lines out = preamble();
    body(Part.ALL, out);
    hookLines(out);
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
    hookLines(conf);
    files.put("ferm.conf", conf.toString());
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
    file(
        files,
        "ferm.d/95-preserve.ferm",
        "Chains ferm keeps as they are (@preserve), loaded last: a rule of yours in one of them"
            + " makes ferm fail instead of adding it again on every run.",
        Part.PRESERVE);
    return files.build();
  }

  private void file(
      ImmutableSortedMap.Builder<String, String> files, String name, String what, Part part) {
    Lines body = new Lines();
    body(part, body);
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
              f -> out.add(0, Hooks.hook("pre", "pre ipset", "ipset restore -exist < " + f)),
              () -> out.add(0, "# apply.sh loads ipset.rules from its directory, then runs ferm."));
    }
    if (options.mode() == RenderMode.COEXIST) {
      lines(hostDefinitions(), out);
      lines(hooks.kindDefinitions(), out);
      lines(Hooks.definitions(), out);
    }
    return out;
  }

  /** Writes {@code part} of every table inside one {@code domain (ip ip6)} block, if any. */
  private void body(Part part, Lines out) {
    Lines tables = new Lines();
    boolean preserve = part == Part.ALL || part == Part.PRESERVE;
    for (Table table : tables(ruleset, options)) {
      if (isHostOnly(table)) {
        for (Family family : Family.values()) {
          Lines chains = new Lines();
          if (preserve) {
            preserve(preservesOf(table), Optional.of(family), chains);
            declare(table, chains);
          }
          String when = "@if @eq($DOMAIN, " + domain(family) + ") @if ";
          table(when + HostChains.tableVariable(family, table.name()) + " ", table, chains, tables);
        }
        continue;
      }
      Lines chains = new Lines();
      if (preserve) {
        preserve(preservesOf(table), Optional.empty(), chains);
        declare(table, chains);
      }
      for (Chain chain : table.chains()) {
        ImmutableList<Statement> body = statements.get(chain);
        if (body != null) {
          chain(table, chain, body, part, chains);
        }
      }
      table("", table, chains, tables);
    }
    if (!tables.isEmpty()) {
      out.blank().add(0, "domain (ip ip6) {").append(tables).add(0, "}");
    }
  }

  private static void table(String condition, Table table, Lines chains, Lines out) {
    if (!chains.isEmpty()) {
      out.add(1, condition + "table " + table.name().label() + " {").append(chains).add(1, "}");
    }
  }

  private static String domain(Family family) {
    return family == Family.IPV4 ? "ip" : "ip6";
  }

  /** The hooks of coexist mode, after a blank line. */
  private void hookLines(Lines out) {
    if (options.mode() == RenderMode.COEXIST) {
      lines(hooks.lines(), out);
    }
  }

  /** The {@link HostChains} definitions of every table and family, with their comment. */
  private ImmutableList<String> hostDefinitions() {
    ImmutableList.Builder<String> out =
        ImmutableList.<String>builder().addAll(HostChains.comment());
    for (Table table : tables(ruleset, options)) {
      for (Family family : Family.values()) {
        if (isHostOnly(table)) {
          out.add(HostChains.tableDefinition(family, table.name()));
        }
        ImmutableList<String> names = hostNames(preservesOf(table), family);
        if (!names.isEmpty()) {
          out.add(HostChains.chainsDefinition(family, table.name(), names));
        }
      }
    }
    return out.build();
  }

  /**
   * The chains ferm keeps only where the host has them in {@code family}: {@link
   * Preserves#hostNames}, then {@link Preserves#unusedManagedChains}.
   */
  private ImmutableList<String> hostNames(Preserves p, Family family) {
    return ImmutableList.<String>builder()
        .addAll(p.hostNames(family, options.preserveForm()))
        .addAll(p.unusedManagedChains())
        .build();
  }

  private Preserves preservesOf(Table table) {
    Preserves p = preserves.get(table.name());
    if (p == null) {
      throw new IllegalStateException("no preserve list for table " + table.name().label());
    }
    return p;
  }

  /**
   * The {@code @preserve} statements of a table: the names preserved in any case, then per family
   * (only {@code only}'s, when present) the ones preserved where the host has them.
   */
  private void preserve(Preserves p, Optional<Family> only, Lines out) {
    ImmutableList<String> always =
        options.preserveForm() == PreserveForm.REGEX ? p.regexWords() : p.names();
    if (!always.isEmpty()) {
      out.add(CHAIN, "chain " + FermText.list(always) + " @preserve;");
    }
    for (Family family : Family.values()) {
      if (only.map(family::equals).orElse(true) && !hostNames(p, family).isEmpty()) {
        String v = HostChains.chainsVariable(family, p.table());
        out.add(
            CHAIN,
            "@if @eq($DOMAIN, "
                + domain(family)
                + ") @if @ne("
                + v
                + ", ()) chain "
                + v
                + " @preserve;");
      }
    }
  }

  /**
   * Coexist mode: an empty statement ({@code chain FILTERS;}) for each chain ferm writes in {@code
   * table}, and one for the managed chain {@code RAMPART-<chain>} of every built-in chain, used or
   * not: a jump to it that an earlier policy left in the preserved built-in chain must load (the
   * hook then deletes both). ferm loads a family only when some statement of it reaches a chain,
   * and neither {@code @preserve} nor a chain block whose rules are all for the other family does;
   * without these lines a family whose rules all live in other chains would get none of ours. (ferm
   * refuses the list form.)
   */
  private void declare(Table table, Lines out) {
    if (options.mode() != RenderMode.COEXIST) {
      return;
    }
    for (String builtin : table.name().builtinChains()) {
      if (table.chain(builtin).isPresent()) {
        out.add(CHAIN, "chain " + Coexist.chainFor(builtin) + ";");
      }
    }
    for (Chain chain : table.chains()) {
      if (statements.containsKey(chain) && !chain.isBuiltin()) {
        out.add(CHAIN, "chain " + chain.name() + ";");
      }
    }
  }

  private void chain(
      Table table, Chain chain, ImmutableList<Statement> body, Part part, Lines out) {
    boolean dockerUser =
        table.name() == TableName.FILTER && chain.name().equals(DockerLayout.DOCKER_USER);
    boolean own = options.mode() == RenderMode.OWN;
    int split = own && chain.isBuiltin() ? body.size() : defaultsStart(chain);
    List<String> policy = own ? policy(chain) : List.of();
    String name = names.getOrDefault(chain, chain.name());
    switch (part) {
      case ALL -> block(name, policy, body, out);
      case POLICIES -> {
        if (!policy.isEmpty()) {
          block(name, policy, List.of(), out);
        }
      }
      case HOST -> {
        if (!dockerUser && (split > 0 || split == body.size())) {
          block(name, List.of(), body.subList(0, split), out);
        }
      }
      case DOCKER_USER -> {
        if (dockerUser) {
          block(name, List.of(), body.subList(0, split), out);
        }
      }
      case DEFAULTS -> {
        if (split < body.size()) {
          block(name, List.of(), body.subList(split, body.size()), out);
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
