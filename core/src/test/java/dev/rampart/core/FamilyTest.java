package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FamilyTest {

  @Test
  void labelsFamiliesInLowercase() {
    assertThat(Family.IPV4.label()).isEqualTo("ipv4");
    assertThat(Family.IPV6.label()).isEqualTo("ipv6");
  }
}
