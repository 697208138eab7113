package dev.rampart.testing;

import static dev.rampart.testing.RampartAssertions.assertThat;
import static dev.rampart.testing.RampartAssertions.from;
import static dev.rampart.testing.RampartAssertions.internet;
import static dev.rampart.testing.RampartAssertions.tcp;
import static dev.rampart.testing.RampartAssertions.udp;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.analysis.Exposure;
import dev.rampart.analysis.SourceClass;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import org.junit.jupiter.api.Test;

/**
 * On {@link VerdictAssertTest#RULESET}: from the internet, 80/tcp reaches the host and 8080/tcp is
 * DNATed and forwarded to 172.18.0.2:80; 443/tcp is rejected, everything else dropped.
 */
class ExposureAssertTest {
  private static final String W80 =
      "  ipv4 tcp 80 to host: witness tcp 1.0.0.1:40000 > 172.18.0.1:80 in eth0 state new, via"
          + " ipv4 table filter, chain INPUT, rule 1\n";
  private static final String W8080 =
      "  ipv4 tcp 8080 to 172.18.0.2:80: witness tcp 1.0.0.1:40000 > 172.18.0.1:8080 in eth0"
          + " state new, via ipv4 table filter, chain FORWARD\n";

  private static ExposureAssert exposure() {
    return assertThat(VerdictAssertTest.RULESET)
        .on(VerdictAssertTest.HOST)
        .exposure(from(internet()));
  }

  private static String table() {
    return Exposure.of(VerdictAssertTest.RULESET, VerdictAssertTest.HOST, SourceClass.internet())
        .toString();
  }

  @Test
  void containsOnlyPassesOnTheExactEntries() {
    exposure().containsOnly(tcp(80), tcp(8080));
  }

  @Test
  void containsOnlyPassesOnEntriesNarrowedToTheirDestinationAndFamily() {
    exposure().containsOnly(tcp(80).toHost().ipv4(), tcp(8080).to("172.18.0.2", 80));
  }

  @Test
  void containsAndDoesNotContainPass() {
    exposure()
        .contains(tcp(80))
        .doesNotContain(tcp(443), tcp(22), udp(53), tcp(81, 8079), Exposed.of(Protocol.ESP));
  }

  @Test
  void theSnapshotAndItsAfterApplyAnswerAsThePolicy() {
    Snapshot snapshot = Snapshot.of(VerdictAssertTest.RULESET);
    assertThat(snapshot)
        .on(VerdictAssertTest.HOST)
        .exposure(from(internet()))
        .containsOnly(tcp(80), tcp(8080));
    assertThat(AfterApply.of(Snapshot.of(VerdictAssertTest.RULESET), VerdictAssertTest.RULESET))
        .on(VerdictAssertTest.HOST)
        .exposure(from(internet()))
        .containsOnly(tcp(80), tcp(8080));
  }

  @Test
  void anUnexpectedEntryIsListedWithItsWitnessAndPlaceThenTheTable() {
    assertThatThrownBy(() -> exposure().containsOnly(tcp(80)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "expected the exposure from internet to contain only [tcp 80]\n"
                + "but these are reachable and not expected:\n"
                + W8080
                + "exposure: "
                + table());
  }

  @Test
  void aMissingEntryIsListedWithTheTable() {
    assertThatThrownBy(() -> exposure().contains(tcp(80), tcp(443), tcp(79, 81)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "expected the exposure from internet to contain [tcp 80, tcp 443, tcp 79-81]\n"
                + "but these are expected and not reachable:\n"
                + "  tcp 443\n"
                + "  tcp 79-81 (not reachable: 79,81)\n"
                + "exposure: "
                + table());
  }

  @Test
  void containsOnlyListsBothUnexpectedAndMissingEntries() {
    assertThatThrownBy(() -> exposure().containsOnly(tcp(22), tcp(8080).to("172.18.0.2", 8080)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "expected the exposure from internet to contain only [tcp 22, tcp 8080 to"
                + " 172.18.0.2:8080]\n"
                + "but these are reachable and not expected:\n"
                + W80
                + W8080
                + "and these are expected and not reachable:\n"
                + "  tcp 22\n"
                + "  tcp 8080 to 172.18.0.2:8080\n"
                + "exposure: "
                + table());
  }

  @Test
  void doesNotContainListsTheReachablePartWithAWitnessAimedAtIt() {
    assertThatThrownBy(() -> exposure().doesNotContain(tcp(8000, 9000)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "expected the exposure from internet to not contain [tcp 8000-9000]\n"
                + "but these are reachable:\n"
                + W8080
                + "exposure: "
                + table());
  }

  @Test
  void aRangeIsExpectedWhole() {
    assertThatThrownBy(() -> exposure().containsOnly(tcp(1, 10000)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "expected the exposure from internet to contain only [tcp 1-10000]\n"
                + "but these are expected and not reachable:\n"
                + "  tcp 1-10000 (not reachable: 1-79,81-8079,8081-10000)\n"
                + "exposure: "
                + table());
  }
}
