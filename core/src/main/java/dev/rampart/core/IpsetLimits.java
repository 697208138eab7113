package dev.rampart.core;

/**
 * What the {@code ipset} tool loads into a {@code hash:net} or {@code hash:ip} set, checked once
 * for every renderer that writes {@code ipset restore} text: no element of prefix length 0, at most
 * the set's {@code maxelem} elements ({@link #DEFAULT_MAXELEM} unless the set says).
 */
public final class IpsetLimits {
  /** The backend named in the exceptions. */
  public static final String BACKEND = "ipset";

  /** The most elements a set created without {@code maxelem} holds. */
  public static final int DEFAULT_MAXELEM = 65536;

  private IpsetLimits() {}

  /**
   * Checks that ipset can load {@code set} whole.
   *
   * @throws UnsupportedFeatureException for an element of length 0 or too many elements, naming the
   *     set
   */
  public static void check(AddressSet set) {
    for (Cidr element : set.elements()) {
      if (element.prefixLength() == 0) {
        throw new UnsupportedFeatureException(
            BACKEND,
            "an element of length 0 (hash sets hold prefixes of length 1 or more)",
            element.toString(),
            SetRef.of(set.name()));
      }
    }
    int maxelem = set.maxElements().orElse(DEFAULT_MAXELEM);
    if (set.elements().size() > maxelem) {
      throw new UnsupportedFeatureException(
          BACKEND,
          "a set of more than " + maxelem + " elements (its maxelem)",
          set.elements().size() + " elements",
          SetRef.of(set.name()));
    }
  }
}
