package dev.rampart.render.nftables;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.PortMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the port and address lists of one nft table are written so that the kernel loads them fast.
 * An anonymous set ({@code tcp dport { 80, 443 }}) is a set object of its own in the kernel, and
 * adding a set to a table walks the sets the table already holds: 20,000 lists took 50 s to load
 * where the same rules with single ports took 1 s. So no list becomes an anonymous set:
 *
 * <ul>
 *   <li>a list used by two or more rules of the table (same element type, same elements as nft
 *       keeps them) is a named set declared once, {@code tcp dport @_ports_1};
 *   <li>a list used once, of at most {@value #MAX_INLINE} elements, negated, the rule's only port
 *       (address) match: one comparison per element in the rule ({@code tcp dport != 22 tcp dport
 *       != 80}). Beside a comparison of the other port, nft 1.0.6 would merge two adjacent {@code
 *       !=} into one that is true when either port differs;
 *   <li>a list used once, of at most {@value #MAX_INLINE} elements, not negated, the only such list
 *       of a rule without a rate limit: one rule line per element. The elements are disjoint, so a
 *       packet matches at most one of the lines, and nothing the rule does changes the field
 *       compared, so the lines together do what the rule did;
 *   <li>any other list: a named set of its own.
 * </ul>
 *
 * <p>The kernel's cost of a table's sets grows with the square of their number (at 100k rules:
 * 1,000 named sets added 0.09 s to a 5.3 s load, 3,000 added 0.6 s, 10,000 added 8 s). So a table
 * declares at most {@value #MAX_NAMED} sets for lists that could be written otherwise: when more
 * shared lists qualify, those that save the fewest rule lines (uses times elements less one) are
 * written like lists used once, one rule line or one comparison per element, provided every rule
 * using them allows that form. A list no rule line or comparison can stand for (longer than {@value
 * #MAX_INLINE}, beside another list or a rate limit) stays a named set whatever the count.
 *
 * <p>A list that nft keeps as one element ({@code { 7, 8-9 }} is {@code 7-9}) is written as that
 * element. Named sets are called {@code _ports_N}, {@code _ip_N} and {@code _ip6_N} in order of
 * first use, with more leading {@code _} when a declared set of the ruleset has that name.
 */
final class ListSets {
  /** Longest list written inline (as comparisons or rule lines) when used once. */
  static final int MAX_INLINE = 8;

  /** Most named sets a table declares for shared lists that could be written inline. */
  static final int MAX_NAMED = 500;

  /**
   * A list as nft compares it: the element type and the elements as nft keeps them. Its hash is
   * computed once: a key is looked up several times per rule that uses it, and hashing the
   * elements' text each time was a third of a 100k-rule render.
   */
  static final class Key {
    private final String type;
    private final ImmutableList<String> elements;
    private final int hash;

    Key(String type, ImmutableList<String> elements) {
      this.type = type;
      this.elements = elements;
      this.hash = 31 * type.hashCode() + elements.hashCode();
    }

    String type() {
      return type;
    }

    ImmutableList<String> elements() {
      return elements;
    }

    /** Whether a set of these elements needs {@code flags interval}: a range or a prefix. */
    boolean interval() {
      return elements.stream().anyMatch(e -> e.indexOf('-') >= 0 || e.indexOf('/') >= 0);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o == this
          || (o instanceof Key k
              && k.hash == hash
              && k.type.equals(type)
              && k.elements.equals(elements));
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return type + elements;
    }
  }

  /** A named set this table declares for its lists. */
  record Declared(String name, Key key) {}

  private enum Form {
    NAMED,
    CONJUNCTION,
    EXPANDED
  }

  /** One use of a list in a rule; {@code alone}: the rule's only match of its kind. */
  private record Use(Key key, boolean negated, boolean alone) {}

  private final Map<Key, Form> forms;
  private final ImmutableList<Declared> declared;
  private final Map<Key, String> names;

  /**
   * The values of each rule's port matches, then of its address matches, in the order {@link
   * RuleWriter.Sorted} lists them; one entry per rule of the table in order, computed once per
   * render and read by position (a map from 150,000 matches to their values was a fifth of a
   * 100k-rule render).
   */
  private final List<Listed[]> values;

  private ListSets(Map<Key, Form> forms, List<Declared> declared, List<Listed[]> values) {
    this.forms = forms;
    this.declared = ImmutableList.copyOf(declared);
    this.names = new HashMap<>();
    declared.forEach(d -> names.put(d.key(), d.name()));
    this.values = values;
  }

  /** The lists of {@code chains} (one nft table) and how each is written. */
  static ListSets of(Iterable<Chain> chains, Iterable<AddressSet> declaredSets) {
    Map<Key, Integer> count = new LinkedHashMap<>();
    List<Listed[]> values = new ArrayList<>();
    // one instance per distinct list, so later lookups of a key find it by identity
    Map<Key, Key> canonical = new HashMap<>();
    List<List<Use>> uses = new ArrayList<>();
    List<Boolean> stateful = new ArrayList<>();
    RuleWriter.Sorted lists = new RuleWriter.Sorted();
    for (Chain chain : chains) {
      for (Rule rule : chain.rules()) {
        lists.sort(rule);
        List<Use> ruleUses = List.of();
        boolean onePort = lists.ports().size() == 1;
        boolean oneAddress = lists.addresses().size() == 1;
        int ports = lists.ports().size();
        Listed[] ruleValues =
            ports + lists.addresses().size() == 0
                ? NO_VALUES
                : new Listed[ports + lists.addresses().size()];
        for (int j = 0; j < lists.ports().size(); j++) {
          PortMatch m = lists.ports().get(j);
          Listed k = canonical(key(m), canonical);
          ruleValues[j] = k;
          ruleUses = use(ruleUses, k, m.negated(), onePort);
        }
        for (int j = 0; j < lists.addresses().size(); j++) {
          AddressMatch m = lists.addresses().get(j);
          Listed k = canonical(key(m), canonical);
          ruleValues[ports + j] = k;
          ruleUses = use(ruleUses, k, m.negated(), oneAddress);
        }
        for (int j = 0; j < ruleUses.size(); j++) {
          count.merge(ruleUses.get(j).key(), 1, Integer::sum);
        }
        values.add(ruleValues);
        uses.add(ruleUses);
        stateful.add(lists.stateful());
      }
    }
    Map<Key, Form> forms = new HashMap<>();
    for (int i = 0; i < uses.size(); i++) {
      if (uses.get(i).isEmpty()) {
        continue;
      }
      List<Use> once = new ArrayList<>(uses.get(i).size());
      int positive = 0;
      for (Use u : uses.get(i)) {
        if (count.getOrDefault(u.key(), 0) == 1) {
          once.add(u);
          positive += u.negated() ? 0 : 1;
        }
      }
      for (Use u : once) {
        forms.put(u.key(), inlineForm(u, positive, stateful.get(i)));
      }
    }
    inlineBeyondTheCap(count, uses, stateful, forms);
    Set<String> taken = new HashSet<>();
    declaredSets.forEach(s -> taken.add(s.name()));
    Map<String, Integer> numbers = new HashMap<>();
    List<Declared> declared = new ArrayList<>();
    for (Key k : count.keySet()) {
      if (forms.getOrDefault(k, Form.NAMED) == Form.NAMED) {
        forms.put(k, Form.NAMED);
        String kind = kind(k);
        int n = numbers.merge(kind, 1, Integer::sum);
        String name = "_" + kind + "_" + n;
        while (taken.contains(name)) {
          name = "_" + name;
        }
        declared.add(new Declared(name, k));
      }
    }
    return new ListSets(forms, declared, values);
  }

  /** {@code listed}, its list replaced by the instance {@code canonical} holds for it. */
  private static Listed canonical(Listed listed, Map<Key, Key> canonical) {
    if (listed.single().isPresent()) {
      return listed;
    }
    Key first = canonical.putIfAbsent(listed.key(), listed.key());
    return first == null ? listed : new Listed(Optional.empty(), first);
  }

  /**
   * When more than {@link #MAX_NAMED} lists would be named sets, writes the shared lists that save
   * the fewest rule lines inline ({@link Form#EXPANDED} or {@link Form#CONJUNCTION}, the form every
   * rule using the list allows) until {@link #MAX_NAMED} remain or no other list can be.
   */
  private static void inlineBeyondTheCap(
      Map<Key, Integer> count, List<List<Use>> uses, List<Boolean> stateful, Map<Key, Form> forms) {
    long named =
        count.keySet().stream()
            .filter(k -> forms.getOrDefault(k, Form.NAMED) == Form.NAMED)
            .count();
    if (named <= MAX_NAMED) {
      return;
    }
    Map<Key, Form> allowed = new LinkedHashMap<>();
    for (int i = 0; i < uses.size(); i++) {
      List<Use> rule = uses.get(i);
      long positive = rule.stream().filter(u -> !u.negated()).count();
      for (Use u : rule) {
        if (count.getOrDefault(u.key(), 0) < 2) {
          continue;
        }
        allowed.merge(
            u.key(), inlineForm(u, positive, stateful.get(i)), (a, b) -> a == b ? a : Form.NAMED);
      }
    }
    List<Key> candidates = new ArrayList<>();
    allowed.forEach(
        (k, form) -> {
          if (form != Form.NAMED) {
            candidates.add(k);
          }
        });
    candidates.sort(
        Comparator.comparingLong(k -> (long) count.getOrDefault(k, 0) * (k.elements().size() - 1)));
    for (Key k : candidates) {
      if (named <= MAX_NAMED) {
        return;
      }
      forms.put(k, allowed.get(k));
      named--;
    }
  }

  /**
   * The form {@code use} takes in its rule unless the list is a named set: one comparison per
   * element for a small negated list, the rule's only port (address) match; one rule line per
   * element for a small list, the only one of {@code positive} lists of the rule written so, in a
   * rule without a rate limit ({@code stateful}); otherwise {@link Form#NAMED}.
   */
  private static Form inlineForm(Use use, long positive, boolean stateful) {
    if (use.key().elements().size() > MAX_INLINE) {
      return Form.NAMED;
    }
    if (use.negated()) {
      return use.alone() ? Form.CONJUNCTION : Form.NAMED;
    }
    return positive == 1 && !stateful ? Form.EXPANDED : Form.NAMED;
  }

  /** {@code uses} with a use of {@code listed} added when it is a list; most rules have none. */
  private static List<Use> use(List<Use> uses, Listed listed, boolean negated, boolean alone) {
    if (listed.single().isPresent()) {
      return uses;
    }
    List<Use> to = uses.isEmpty() ? new ArrayList<>(2) : uses;
    to.add(new Use(listed.key(), negated, alone));
    return to;
  }

  /**
   * The values of the port matches, then of the address matches, of the rule at {@code index} in
   * the table (counting from 0 across its chains in the order {@link #of} read them), in the order
   * {@link RuleWriter.Sorted} lists them.
   */
  Listed[] valuesOf(int index) {
    return values.get(index);
  }

  private static String kind(Key k) {
    return switch (k.type()) {
      case "inet_service" -> "ports";
      case "ipv4_addr" -> "ip";
      default -> "ip6";
    };
  }

  /** The named sets to declare, in order of first use. */
  ImmutableList<Declared> declared() {
    return declared;
  }

  /**
   * The elements a rule whose port and address matches have these {@link #valuesOf values} is
   * written once for, one rule line each, or empty when it is written as one line.
   */
  ImmutableList<String> alternatives(Listed[] values) {
    for (Listed k : values) {
      if (k.single().isEmpty() && forms.get(k.key()) == Form.EXPANDED) {
        return k.key().elements();
      }
    }
    return ImmutableList.of();
  }

  /**
   * Appends the nft text comparing {@code field} and {@code part} ({@code tcp} and {@code dport})
   * with {@code list} to {@code out}; {@code alternative} is the element of the rule line being
   * written when the list is expanded into lines.
   */
  void append(
      StringBuilder out,
      String field,
      String part,
      boolean negated,
      Listed list,
      String alternative) {
    String op = negated ? " != " : " ";
    if (list.single().isPresent()) {
      out.append(field).append(' ').append(part).append(op).append(list.single().get());
      return;
    }
    Key key = list.key();
    switch (Objects.requireNonNull(forms.get(key))) {
      case NAMED ->
          out.append(field)
              .append(' ')
              .append(part)
              .append(op)
              .append('@')
              .append(Objects.requireNonNull(names.get(key)));
      case CONJUNCTION -> {
        for (int i = 0; i < key.elements().size(); i++) {
          if (i > 0) {
            out.append(' ');
          }
          out.append(field).append(' ').append(part).append(" != ").append(key.elements().get(i));
        }
      }
      case EXPANDED -> out.append(field).append(' ').append(part).append(' ').append(alternative);
    }
  }

  /** A match's value: one element, or a list of two or more. */
  record Listed(Optional<String> single, Key key) {}

  private static final Key NONE = new Key("", ImmutableList.of());

  private static final Listed[] NO_VALUES = {};

  /** The value of a port match. */
  static Listed key(PortMatch m) {
    if (m.isSingleRange()) {
      return new Listed(Optional.of(m.ports().get(0).toString()), NONE);
    }
    return listed(new Key("inet_service", Intervals.ports(m.ports())));
  }

  /** The value of an address match. */
  static Listed key(AddressMatch m) {
    if (m.addresses().size() == 1) {
      return new Listed(Optional.of(Intervals.cidr(m.addresses().get(0))), NONE);
    }
    String type = m.family() == Family.IPV4 ? "ipv4_addr" : "ipv6_addr";
    return listed(new Key(type, Intervals.addresses(m.addresses())));
  }

  private static Listed listed(Key key) {
    return key.elements().size() == 1
        ? new Listed(Optional.of(key.elements().get(0)), NONE)
        : new Listed(Optional.empty(), key);
  }
}
