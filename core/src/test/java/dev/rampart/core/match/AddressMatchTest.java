package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressMatchTest {

  @Test
  void matchesSourceOrDestinationPrefixesOfOneFamily() {
    AddressMatch s = AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8")));
    assertThat(s.direction()).isEqualTo(Direction.SOURCE);
    assertThat(s.family()).isEqualTo(Family.IPV4);
    assertThat(s.negated()).isFalse();
    AddressMatch d = AddressMatch.destination(List.of(Cidr.parse("2001:db8::/32")));
    assertThat(d.direction()).isEqualTo(Direction.DESTINATION);
    assertThat(d.family()).isEqualTo(Family.IPV6);
  }

  @Test
  void negatesAndNegatesBack() {
    AddressMatch s = AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8")));
    assertThat(s.negate().negated()).isTrue();
    assertThat(s.negate().negate()).isEqualTo(s);
  }

  @Test
  void rejectsAnEmptyList() {
    assertThatThrownBy(() -> AddressMatch.source(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("address list is empty");
  }

  @Test
  void rejectsMixedFamiliesNamingTheOddOne() {
    assertThatThrownBy(
            () ->
                AddressMatch.source(
                    List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1"), Cidr.parse("192.0.2.1"))))
        .hasMessage("address list mixes ipv4 and ipv6: ::1/128");
  }

  @Test
  void rejectsADuplicateNamingIt() {
    assertThatThrownBy(
            () ->
                AddressMatch.destination(
                    List.of(
                        Cidr.parse("10.0.0.0/8"),
                        Cidr.parse("192.0.2.1"),
                        Cidr.parse("10.0.0.0/8"))))
        .hasMessage("address list has a duplicate: 10.0.0.0/8");
  }

  @Test
  void sitsInTheSourceOrDestinationFieldOfTheRuleHeader() {
    List<Cidr> net = List.of(Cidr.parse("10.0.0.0/8"));
    assertThat(AddressMatch.source(net).headerField()).contains(HeaderField.SOURCE);
    assertThat(AddressMatch.destination(net).negate().headerField())
        .contains(HeaderField.DESTINATION);
    assertThat(AddressMatch.source(net).namedSet()).isEmpty();
  }
}
