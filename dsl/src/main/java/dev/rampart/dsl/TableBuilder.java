package dev.rampart.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.rampart.core.Chain;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.TableRef;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Builds one table: managed chains in the order first mentioned, and foreign chains. */
public final class TableBuilder {
  private final TableName name;
  private final Map<String, ChainBuilder> chains = new LinkedHashMap<>();
  private final Map<String, Chain> foreign = new LinkedHashMap<>();

  TableBuilder(TableName name) {
    this.name = name;
  }

  /**
   * Describes the managed chain {@code chain} (built-in or user); may be called again to append.
   */
  public TableBuilder chain(String chain, Consumer<ChainBuilder> body) {
    checkNotNull(chain, "chain");
    checkNotNull(body, "body");
    body.accept(chains.computeIfAbsent(chain, c -> new ChainBuilder(TableRef.of(name), c)));
    return this;
  }

  /**
   * Declares chains someone else owns (Docker's), so rules may jump to them; they are never
   * written.
   */
  public TableBuilder foreign(String... chainNames) {
    return foreign(Arrays.asList(chainNames));
  }

  /**
   * Declares chains someone else owns (Docker's), so rules may jump to them; they are never
   * written.
   */
  public TableBuilder foreign(Iterable<String> chainNames) {
    for (String c : checkNotNull(chainNames, "chainNames")) {
      checkNotNull(c, "chainNames element");
      foreign.computeIfAbsent(c, n -> Places.within(TableRef.of(name), () -> Chain.foreign(n)));
    }
    return this;
  }

  Table build() {
    Table.Builder table = Table.builder().name(name);
    chains.values().forEach(c -> table.addChains(c.build()));
    foreign.values().forEach(table::addChains);
    return table.build();
  }
}
