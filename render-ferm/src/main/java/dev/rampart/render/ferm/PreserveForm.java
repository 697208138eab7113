package dev.rampart.render.ferm;

/** How the {@code @preserve} list names Docker's chains. */
public enum PreserveForm {
  /**
   * Every chain by name, as ferm 2.4 and 2.5 require: {@code chain (DOCKER DOCKER-CT) @preserve;}.
   */
  NAMES,
  /**
   * Docker's user chains by one regular expression, for ferm 2.6 and later: {@code chain
   * ('/^DOCKER(?!-USER$)/' FORWARD) @preserve;}. Covers chains a future Docker adds.
   */
  REGEX
}
