package dev.rampart.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SetRef;
import dev.rampart.core.TableName;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Builds a {@link Ruleset}: tables with their chains, and named address sets. */
public final class RulesetBuilder {
  private final Map<TableName, TableBuilder> tables = new LinkedHashMap<>();
  private final Ruleset.Builder ruleset = Ruleset.builder();

  RulesetBuilder() {}

  /** Describes the filter table; may be called again to add to it. */
  public RulesetBuilder filter(Consumer<TableBuilder> body) {
    return table(TableName.FILTER, body);
  }

  /** Describes the nat table; may be called again to add to it. */
  public RulesetBuilder nat(Consumer<TableBuilder> body) {
    return table(TableName.NAT, body);
  }

  /** Describes the mangle table; may be called again to add to it. */
  public RulesetBuilder mangle(Consumer<TableBuilder> body) {
    return table(TableName.MANGLE, body);
  }

  /** Describes the raw table; may be called again to add to it. */
  public RulesetBuilder raw(Consumer<TableBuilder> body) {
    return table(TableName.RAW, body);
  }

  /** Describes the table {@code name}; may be called again to add to it. */
  public RulesetBuilder table(TableName name, Consumer<TableBuilder> body) {
    checkNotNull(name, "name");
    checkNotNull(body, "body");
    body.accept(tables.computeIfAbsent(name, TableBuilder::new));
    return this;
  }

  /**
   * Declares a set of networks named {@code name} of {@code family} holding {@code elements}
   * (addresses or CIDRs).
   *
   * @throws IllegalArgumentException naming the set and the element that is not an address
   */
  public RulesetBuilder set(String name, Family family, String... elements) {
    return set(name, family, Arrays.asList(elements));
  }

  /**
   * Declares a set of networks named {@code name} of {@code family} holding {@code elements}.
   *
   * @throws IllegalArgumentException naming the set and the element that is not an address
   */
  public RulesetBuilder set(String name, Family family, Iterable<String> elements) {
    checkNotNull(name, "name");
    checkNotNull(family, "family");
    ImmutableList.Builder<Cidr> cidrs = ImmutableList.builder();
    for (String e : checkNotNull(elements, "elements")) {
      checkNotNull(e, "elements element");
      cidrs.add(Places.within(SetRef.of(name), () -> Cidr.parse(e)));
    }
    return set(AddressSet.of(name, family, cidrs.build()));
  }

  /** Declares {@code set}. */
  public RulesetBuilder set(AddressSet set) {
    ruleset.addSets(checkNotNull(set, "set"));
    return this;
  }

  /**
   * Builds and validates the ruleset.
   *
   * @throws IllegalArgumentException naming the table, chain and rule of the first problem
   */
  public Ruleset build() {
    tables.values().forEach(t -> ruleset.addTables(t.build()));
    return ruleset.build();
  }
}
