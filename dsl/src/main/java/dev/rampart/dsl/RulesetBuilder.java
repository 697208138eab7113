package dev.rampart.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Ints;
import dev.rampart.core.AddressSet;
import dev.rampart.core.AdminAccess;
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
  private final AdminAccess.Builder admin = AdminAccess.builder().from(AdminAccess.ssh());

  RulesetBuilder() {}

  /**
   * Declares how the administrator reaches the host (default {@link AdminAccess#ssh()}: SSH from
   * anywhere, on every interface); renderers refuse a ruleset whose INPUT would drop it.
   */
  public RulesetBuilder adminAccess(AdminAccess access) {
    admin.from(access);
    return this;
  }

  /** Sets the admin TCP ports (default 22, SSH). */
  public RulesetBuilder adminPorts(int... ports) {
    return adminPorts(Ints.asList(ports));
  }

  /** Sets the admin TCP ports (default 22, SSH). */
  public RulesetBuilder adminPorts(Iterable<Integer> ports) {
    admin.ports(ports);
    return this;
  }

  /**
   * Sets the admin sources, addresses or CIDRs of both families (default anywhere); a family with
   * none of them is not checked.
   *
   * @throws IllegalArgumentException naming the text that is not an address or prefix
   */
  public RulesetBuilder adminSources(String... sources) {
    return adminSources(Arrays.asList(sources));
  }

  /**
   * Sets the admin sources, addresses or CIDRs of both families (default anywhere); a family with
   * none of them is not checked.
   *
   * @throws IllegalArgumentException naming the text that is not an address or prefix
   */
  public RulesetBuilder adminSources(Iterable<String> sources) {
    ImmutableList.Builder<Cidr> cidrs = ImmutableList.builder();
    sources.forEach(s -> cidrs.add(Cidr.parse(s)));
    admin.sources(cidrs.build());
    return this;
  }

  /** Sets the interfaces the administrator comes in on (default every interface). */
  public RulesetBuilder adminInterfaces(String... names) {
    return adminInterfaces(Arrays.asList(names));
  }

  /** Sets the interfaces the administrator comes in on (default every interface). */
  public RulesetBuilder adminInterfaces(Iterable<String> names) {
    admin.interfaces(names);
    return this;
  }

  /**
   * Lets renderers write a ruleset that drops admin access (a host with a console, a test proving
   * the drop): say why in a comment beside the call.
   */
  public RulesetBuilder allowLockout() {
    ruleset.lockoutAllowed(true);
    return this;
  }

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
    return ruleset.adminAccess(admin.build()).build();
  }
}
