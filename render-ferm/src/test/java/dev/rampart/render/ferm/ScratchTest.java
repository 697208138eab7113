package dev.rampart.render.ferm;

import dev.rampart.core.RenderMode;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void prints() {
    System.out.println(FermRenderer.of(RenderMode.OWN).render(RandomRulesets.of(34030649996L)));
  }
}
