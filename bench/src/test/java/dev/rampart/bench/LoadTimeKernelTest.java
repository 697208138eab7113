package dev.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code nft -f} of our nftables output of {@link Rulesets#realistic} takes less than twice a plain
 * file of the same rule count ({@link Rulesets#plain}), at 10k and 100k rules, measured by {@link
 * KernelLoad} (which {@code bench/run} runs too) in this lab's namespaces; prints its rows.
 *
 * <p>A measurement, minutes long: runs only with {@code -Drampart.scale=true}, e.g. {@code ./mvnw
 * -B -pl bench -am verify -Dtest=LoadTimeKernelTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Drampart.scale=true}.
 */
@KernelTest(tools = {"ip", "nft", "ipset"})
class LoadTimeKernelTest {
  @Test
  void nftLoadsOurOutputWithinTwiceAPlainFileOfTheSameRules(KernelLab lab) throws Exception {
    assumeTrue(
        Boolean.getBoolean("rampart.scale"),
        "a measurement of minutes: run with -Drampart.scale=true");
    List<KernelLoad.Load> loads = new ArrayList<>();
    loads.addAll(KernelLoad.measure(lab, 10_000, 3));
    loads.addAll(KernelLoad.measure(lab, 100_000, 1));
    loads.forEach(l -> l.rows().forEach(System.out::println));
    assertThat(loads)
        .filteredOn(l -> l.tool().equals("nft -f"))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l.ratio()).as(l.rows().get(2)).isLessThan(2));
  }
}
