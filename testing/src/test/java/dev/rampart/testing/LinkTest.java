package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Link's addressing plan, without the kernel (KernelLabKernelTest checks it on real links). */
class LinkTest {
  private final KernelLab lab = KernelLab.open();
  private final Netns a = new Netns(lab, "a");
  private final Netns b = new Netns(lab, "b");

  @AfterEach
  void closeLab() {
    lab.close();
  }

  @Test
  void addressesEndsOneAndTwoOfTheLinksSubnets() {
    Link link = new Link(a, b, 12);

    assertThat(link.address(a, Family.IPV4)).isEqualTo(InetAddresses.forString("10.201.12.1"));
    assertThat(link.address(b, Family.IPV4)).isEqualTo(InetAddresses.forString("10.201.12.2"));
    assertThat(link.address(a, Family.IPV6)).isEqualTo(InetAddresses.forString("fd00:201:c::1"));
    assertThat(link.address(b, Family.IPV6)).isEqualTo(InetAddresses.forString("fd00:201:c::2"));
    assertThat(link.subnet(Family.IPV4)).isEqualTo(Cidr.parse("10.201.12.0/24"));
    assertThat(link.subnet(Family.IPV6)).isEqualTo(Cidr.parse("fd00:201:c::/64"));
  }

  @Test
  void namesInterfacesWithinTheKernelLimit() {
    Link link = new Link(a, b, 254);

    assertThat(link.interfaceName(a)).isEqualTo("veth254a");
    assertThat(link.interfaceName(b)).isEqualTo("veth254b").hasSizeLessThanOrEqualTo(15);
  }

  @Test
  void knowsThePeerOfEachEnd() {
    Link link = new Link(a, b, 1);

    assertThat(link.peer(a)).isSameAs(b);
    assertThat(link.peer(b)).isSameAs(a);
  }

  @Test
  void rejectsANamespaceThatIsNotAnEnd() {
    Link link = new Link(a, b, 1);
    Netns other = new Netns(lab, "other");

    assertThatThrownBy(() -> link.interfaceName(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("namespace other is not an end of link a:veth1a <-> b:veth1b");
  }

  @Test
  void rejectsALinkNumberBeyondTheSubnetPlan() {
    assertThatThrownBy(() -> new Link(a, b, 255))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("link number out of range [1, 254]: 255");
  }
}
