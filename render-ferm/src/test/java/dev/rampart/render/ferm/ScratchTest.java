package dev.rampart.render.ferm;

import dev.rampart.core.RenderMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void prints() throws Exception {
    Path dir = Path.of("/tmp/fermx/out");
    Files.createDirectories(dir.resolve("bundle/ferm.d"));
    Files.writeString(dir.resolve("every.ferm"), FermRenderer.of(RenderMode.OWN).render(Rulesets.everyConstruct()));
    Files.writeString(dir.resolve("swarm.ferm"), FermRenderer.provider().render(Rulesets.swarmHost()));
    for (var e : FermRenderer.builder().directoryLayout(true).build().bundle(Rulesets.swarmHost()).entrySet()) {
      Files.writeString(dir.resolve("bundle").resolve(e.getKey()), e.getValue());
    }
  }
}
