package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainBodyTest {
  private static Statement both(String... words) {
    return new Statement(ImmutableList.copyOf(words), ImmutableSet.of(Family.IPV4, Family.IPV6));
  }

  private static Statement v4(String... words) {
    return new Statement(ImmutableList.copyOf(words), ImmutableSet.of(Family.IPV4));
  }

  private static Statement v6(String... words) {
    return new Statement(ImmutableList.copyOf(words), ImmutableSet.of(Family.IPV6));
  }

  private static String write(Statement... statements) {
    Lines out = new Lines();
    ChainBody.write(List.of(statements), out, 0);
    return out.toString();
  }

  @Test
  void mergesIdenticalSingleFamilyStatementsIntoOneForBoth() {
    assertThat(write(v4("proto tcp", "dport 22", "ACCEPT"), v6("proto tcp", "dport 22", "ACCEPT")))
        .isEqualTo("proto tcp dport 22 ACCEPT;\n");
  }

  @Test
  void mergesTheLongestCommonRunAndKeepsEachFamilysOrder() {
    assertThat(
            write(
                v4("saddr 10.0.0.0/8", "ACCEPT"),
                v4("interface lo", "ACCEPT"),
                v6("interface lo", "ACCEPT"),
                v6("saddr fd00::/8", "ACCEPT")))
        .isEqualTo(
            "@if @eq($DOMAIN, ip) saddr 10.0.0.0/8 ACCEPT;\n"
                + "interface lo ACCEPT;\n"
                + "@if @eq($DOMAIN, ip6) saddr fd00::/8 ACCEPT;\n");
  }

  @Test
  void groupsARunOfOneFamilyInOneIfBlock() {
    assertThat(write(v4("proto icmp", "ACCEPT"), v4("proto esp", "ACCEPT"), both("DROP")))
        .isEqualTo(
            "@if @eq($DOMAIN, ip) {\n"
                + "    proto icmp ACCEPT;\n"
                + "    proto esp ACCEPT;\n"
                + "}\n"
                + "DROP;\n");
  }

  @Test
  void nestsConsecutiveStatementsSharingTheirFirstWords() {
    assertThat(
            write(
                both("proto tcp", "saddr 10.0.0.0/8", "dport 22", "ACCEPT"),
                both("proto tcp", "saddr 10.0.0.0/8", "dport 80", "ACCEPT"),
                both("proto tcp", "dport 443", "ACCEPT"),
                both("proto udp", "ACCEPT")))
        .isEqualTo(
            "proto tcp {\n"
                + "    saddr 10.0.0.0/8 {\n"
                + "        dport 22 ACCEPT;\n"
                + "        dport 80 ACCEPT;\n"
                + "    }\n"
                + "    dport 443 ACCEPT;\n"
                + "}\n"
                + "proto udp ACCEPT;\n");
  }

  @Test
  void neverNestsATargetIntoTheSharedPrefix() {
    assertThat(write(both("proto tcp", "ACCEPT"), both("proto tcp", "ACCEPT")))
        .isEqualTo("proto tcp {\n    ACCEPT;\n    ACCEPT;\n}\n");
  }
}
