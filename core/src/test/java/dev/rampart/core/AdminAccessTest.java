package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminAccessTest {
  @Test
  void defaultsToSshFromAnywhereOnEveryInterface() {
    AdminAccess ssh = AdminAccess.ssh();
    assertThat(ssh.ports()).containsExactly(22);
    assertThat(ssh.sources(Family.IPV4)).containsExactly(Cidr.parse("0.0.0.0/0"));
    assertThat(ssh.sources(Family.IPV6)).containsExactly(Cidr.parse("::/0"));
    assertThat(ssh.interfaces()).isEmpty();
  }

  @Test
  void reachesAFamilyWithoutDeclaredSourcesFromAnywhere() {
    AdminAccess a =
        AdminAccess.builder().addPorts(22).addSources(Cidr.parse("203.0.113.0/24")).build();
    assertThat(a.sources(Family.IPV4)).containsExactly(Cidr.parse("203.0.113.0/24"));
    assertThat(a.sources(Family.IPV6)).containsExactly(Cidr.parse("::/0"));
  }

  @Test
  void hasNoSourcesInAFamilyTheAdministratorDoesNotUse() {
    AdminAccess a = AdminAccess.builder().addPorts(22).addFamilies(Family.IPV4).build();
    assertThat(a.sources(Family.IPV4)).containsExactly(Cidr.parse("0.0.0.0/0"));
    assertThat(a.sources(Family.IPV6)).isEmpty();
  }

  @Test
  void rejectsNoPort() {
    assertThatThrownBy(() -> AdminAccess.builder().build())
        .isInstanceOf(InvalidModelException.class)
        .hasMessage("admin access needs a port");
  }

  @Test
  void rejectsAPortOutOfRange() {
    assertThatThrownBy(() -> AdminAccess.builder().addPorts(0).build())
        .hasMessage("admin port out of range [1, 65535]: 0");
  }

  @Test
  void rejectsASourceOfAFamilyLeftOut() {
    assertThatThrownBy(
            () ->
                AdminAccess.builder()
                    .addPorts(22)
                    .addFamilies(Family.IPV4)
                    .addSources(Cidr.parse("2001:db8::/32"))
                    .build())
        .hasMessage(
            "admin source of a family the administrator does not come in over: 2001:db8::/32");
  }

  @Test
  void rejectsAnInterfacePrefix() {
    assertThatThrownBy(() -> AdminAccess.builder().addPorts(22).addInterfaces("eth+").build())
        .hasMessage("an admin interface is one interface, not a prefix: eth+");
  }

  @Test
  void rejectsAnInterfaceListedTwice() {
    assertThatThrownBy(
            () -> AdminAccess.builder().addPorts(22).addInterfaces("eth0", "eth0").build())
        .hasMessage("admin interface listed twice: eth0");
  }
}
