package dev.rampart.core;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A complete firewall policy: tables with their chains and rules, and the named address sets the
 * rules use. Building one validates the whole of it; every message names the place, e.g. {@code
 * table filter, chain INPUT, rule 3: unknown jump target: FILTERS}.
 *
 * <pre>{@code
 * Ruleset rs = Ruleset.builder()
 *     .addTables(Table.of(TableName.FILTER, List.of(
 *         Chain.builder().name("INPUT").policy(ChainPolicy.DROP)
 *             .addRules(Rule.of(List.of(InterfaceMatch.in("lo")), Target.ACCEPT))
 *             .build())))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class Ruleset {
  Ruleset() {}

  /** The tables, each at most once. */
  public abstract ImmutableList<Table> tables();

  /** The named address sets, each name at most once. */
  public abstract ImmutableList<AddressSet> sets();

  /**
   * How the administrator reaches the host (default {@link AdminAccess#ssh()}: SSH from anywhere,
   * on every interface); renderers refuse a ruleset that would lock it out, unless {@link
   * #lockoutAllowed()}.
   */
  @Value.Default
  public AdminAccess adminAccess() {
    return AdminAccess.ssh();
  }

  /**
   * Whether the ruleset may drop admin access, said explicitly (a host reached over a console, a
   * test that proves the drop); default {@code false}.
   */
  @Value.Default
  public boolean lockoutAllowed() {
    return false;
  }

  /** The table {@code name}, if declared. */
  public final Optional<Table> table(TableName name) {
    return tables().stream().filter(t -> t.name() == name).findFirst();
  }

  /** The set named {@code name}, if declared. */
  public final Optional<AddressSet> set(String name) {
    return Optional.ofNullable(setsByName().get(name));
  }

  /** The sets by name, the first one where a name is declared twice; built once, on use. */
  @Value.Lazy
  ImmutableMap<String, AddressSet> setsByName() {
    Map<String, AddressSet> byName = new HashMap<>();
    sets().forEach(s -> byName.putIfAbsent(s.name(), s));
    return ImmutableMap.copyOf(byName);
  }

  /**
   * The families {@code rule} is rendered for: its explicit family, else the one family its
   * addresses, sets, ICMP matches or targets imply, else both.
   */
  public final ImmutableList<Family> familiesOf(Rule rule) {
    return RuleScan.families(rule, this::set); // builds nothing: asked for every rule rendered
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Ruleset}; {@code build()} validates it. */
  public static final class Builder extends ImmutableRuleset.Builder {}

  @Value.Check
  final void check() {
    new RulesetValidator(this).validate();
  }
}
