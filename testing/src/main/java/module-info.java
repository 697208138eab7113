/** Rampart's test support: the kernel lab (network namespaces, real tools) and fixtures. */
module dev.rampart.testing {
  requires transitive dev.rampart.core;
  requires transitive dev.rampart.analysis;
  requires transitive org.junit.jupiter.api;
  requires transitive quicktheories;
  requires transitive org.assertj.core;

  exports dev.rampart.testing;
  exports dev.rampart.testing.gen;
}
