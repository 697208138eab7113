/** Rampart's test support: the kernel lab (network namespaces, real tools) and fixtures. */
module dev.rampart.testing {
  requires transitive dev.rampart.core;
  requires transitive org.junit.jupiter.api;
  requires transitive quicktheories;

  exports dev.rampart.testing;
}
