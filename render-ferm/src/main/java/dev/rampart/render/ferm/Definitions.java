package dev.rampart.render.ferm;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.Cidr;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleFacts;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.match.AddressMatch;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code @def} variables of a rendering: address lists used more than once ({@code
 * $NET_LIST_1}, numbered in order of first use) and, when sets are expanded inline, one variable
 * per set ({@code $SET_trusted}).
 */
final class Definitions {
  private final Map<List<Cidr>, String> lists = new LinkedHashMap<>();
  private final Map<String, String> sets = new LinkedHashMap<>();
  private final Map<String, List<Cidr>> setElements = new HashMap<>();

  private Definitions() {}

  /** Collects the variables of {@code ruleset}; sets get variables only when {@code inline}. */
  static Definitions of(Ruleset ruleset, boolean inline) {
    Definitions defs = new Definitions();
    Map<List<Cidr>, Integer> uses = new LinkedHashMap<>();
    for (Table table : ruleset.tables()) {
      for (Chain chain : table.chains()) {
        for (Rule rule : chain.rules()) {
          for (AddressMatch a : RuleFacts.of(rule).addresses()) {
            if (a.addresses().size() > 1) {
              uses.merge(a.addresses(), 1, Integer::sum);
            }
          }
        }
      }
    }
    uses.forEach(
        (list, n) -> {
          if (n > 1) {
            defs.lists.put(list, "NET_LIST_" + (defs.lists.size() + 1));
          }
        });
    if (inline) {
      Set<String> taken = new HashSet<>();
      for (AddressSet set : ruleset.sets()) {
        String stem = "SET_" + FermText.variableStem(set.name());
        String name = stem;
        for (int i = 2; !taken.add(name); i++) {
          name = stem + "_" + i;
        }
        defs.sets.put(set.name(), name);
        defs.setElements.put(set.name(), ImmutableList.copyOf(set.elements()));
      }
    }
    return defs;
  }

  /** The variable holding {@code list}, if it is used more than once. */
  Optional<String> list(List<Cidr> list) {
    return Optional.ofNullable(lists.get(list)).map(v -> "$" + v);
  }

  /** The variable holding the elements of set {@code name} (inline sets only). */
  String set(String name) {
    String v = sets.get(name);
    if (v == null) {
      throw new IllegalStateException("no variable for set " + name);
    }
    return "$" + v;
  }

  /** The {@code @def} lines, lists first, then sets, each in order of first use. */
  ImmutableList<String> lines() {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    lists.forEach((list, name) -> out.add(def(name, list)));
    sets.forEach((set, name) -> out.add(def(name, setElements.getOrDefault(set, List.of()))));
    return out.build();
  }

  private static String def(String name, List<Cidr> elements) {
    List<String> words = elements.stream().map(FermText::address).toList();
    return "@def $" + name + " = (" + String.join(" ", words) + ");";
  }

  /** Whether there is nothing to define. */
  boolean isEmpty() {
    return lists.isEmpty() && sets.isEmpty();
  }
}
