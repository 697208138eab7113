package dev.rampart.render.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NftNamesTest {
  @Test
  void acceptsIdentifiersThatAreNoKeywords() {
    assertThat(NftNames.problem("DOCKER-USER")).isEmpty();
    assertThat(NftNames.problem("l4proto")).isEmpty();
    assertThat(NftNames.problem("_x.y")).isEmpty();
  }

  @Test
  void refusesKeywordsAndLeadingDigits() {
    assertThat(NftNames.problem("mark")).isEqualTo(Optional.of("a name nft reads as its keyword"));
    assertThat(NftNames.problem("lshift"))
        .isEqualTo(Optional.of("a name nft reads as its keyword"));
    assertThat(NftNames.problem("1abc"))
        .isEqualTo(Optional.of("a name nft cannot read (it must start with a letter, '_' or '.')"));
  }

  @Test
  void refusesADotAloneWhichNftScansAsItsOperator() {
    assertThat(NftNames.problem(".")).isEqualTo(Optional.of("a name nft reads as its keyword"));
    assertThat(NftNames.problem("..")).isEmpty();
  }
}
