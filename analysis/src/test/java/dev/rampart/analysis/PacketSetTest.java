package dev.rampart.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketSetTest {
  private final Space space = new Space(Family.IPV4, List.of("eth0"));

  @Test
  void differenceFromADisjointCubeIsTheSetItself() {
    PacketSet tcp = PacketSet.of(space, space.where(Field.PROTOCOL, Intervals.point(6)));
    Cube udp = space.where(Field.PROTOCOL, Intervals.point(17));
    assertThat(tcp.intersects(udp)).isFalse();
    assertThat(tcp.minus(udp)).isSameAs(tcp);
  }

  @Test
  void differenceFromAnOverlappingCubeIsExact() {
    PacketSet tcp = PacketSet.of(space, space.where(Field.PROTOCOL, Intervals.point(6)));
    Cube ssh = space.where(Field.DESTINATION_PORT, Intervals.point(22));
    PacketSet rest = tcp.minus(ssh);
    assertThat(tcp.intersects(ssh)).isTrue();
    assertThat(rest.intersects(ssh)).isFalse();
    assertThat(rest.union(tcp.intersect(ssh)).minus(tcp).isEmpty()).isTrue();
    assertThat(tcp.minus(rest).cubes()).containsExactly(tcp.cubes().get(0).intersect(ssh));
  }

  @Test
  void setsIntersectWhenSomeCubesDo() {
    Cube tcp = space.where(Field.PROTOCOL, Intervals.point(6));
    Cube udp = space.where(Field.PROTOCOL, Intervals.point(17));
    Cube ssh = space.where(Field.DESTINATION_PORT, Intervals.point(22));
    PacketSet tcpOrUdp = PacketSet.union(space, List.of(tcp, udp));
    assertThat(tcpOrUdp.intersects(PacketSet.of(space, ssh))).isTrue();
    assertThat(PacketSet.of(space, tcp).intersects(PacketSet.of(space, udp))).isFalse();
    assertThat(tcpOrUdp.intersects(PacketSet.empty(space))).isFalse();
  }

  @Test
  void aCubeInsideAnotherIsItsOwnIntersectionAndTheUniverseIsBuiltOnce() {
    Cube tcp = space.where(Field.PROTOCOL, Intervals.point(6));
    assertThat(tcp.intersect(space.universe())).isSameAs(tcp);
    assertThat(space.universe()).isSameAs(space.universe());
  }
}
