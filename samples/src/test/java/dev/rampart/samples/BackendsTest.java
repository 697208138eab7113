package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Renderer;
import dev.rampart.core.Ruleset;
import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BackendsTest {
  private static final Set<String> RENDERER_MODULES =
      Set.of(
          "dev.rampart.render.iptables", "dev.rampart.render.ferm", "dev.rampart.render.nftables");

  /** The class-path entries of core, the three renderers and what they need at run time. */
  private static final Pattern MODULE_PATH =
      Pattern.compile(
          ".*(/(core|render-iptables|render-ferm|render-nftables)/target/classes"
              + "|/rampart-(core|render-iptables|render-ferm|render-nftables)-[^/]*\\.jar"
              + "|/(guava|failureaccess|jspecify)-[^/]*\\.jar)");

  @Test
  void serviceLoaderFindsEveryRendererOnTheClassPath() {
    assertThat(ServiceLoader.load(Renderer.class).stream().map(p -> p.get().format()))
        .containsExactlyInAnyOrder("iptables", "ferm", "nftables");
  }

  @Test
  void serviceLoaderFindsEveryRendererOnTheModulePath() throws Exception {
    Path[] entries =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> MODULE_PATH.matcher(e).matches())
            .map(Path::of)
            .toArray(Path[]::new);
    ModuleLayer boot = ModuleLayer.boot();
    Configuration config =
        boot.configuration()
            .resolveAndBind(ModuleFinder.of(entries), ModuleFinder.of(), RENDERER_MODULES);
    ModuleLayer layer = boot.defineModulesWithOneLoader(config, ClassLoader.getSystemClassLoader());
    Class<?> spi = layer.findLoader("dev.rampart.core").loadClass(Renderer.class.getName());
    Method format = spi.getMethod("format");

    List<String> found =
        ServiceLoader.load(layer, spi).stream()
            .peek(p -> assertThat(p.type().getModule().getLayer()).isSameAs(layer))
            .map(p -> invoke(format, p.get()))
            .toList();

    assertThat(found).containsExactlyInAnyOrder("iptables", "ferm", "nftables");
  }

  @Test
  void everyBundleMarksOnlyItsApplyScriptExecutable() {
    Ruleset rs = Scenarios.named("minimal-host").orElseThrow().ruleset();
    Backends.bundles()
        .forEach(
            (name, renderer) ->
                assertThat(renderer.bundle(rs).executables()).as(name).containsExactly("apply.sh"));
  }

  private static String invoke(Method method, Object target) {
    try {
      return (String) method.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
