package dev.rampart.render.nftables.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void readsNestedValues() {
    assertThat(Json.parse("{\"a\": [1, -2, \"x\\\"y\\u0041\"], \"b\": {\"c\": true, \"d\": null}}"))
        .isEqualTo(
            Map.of("a", List.of(1L, -2L, "x\"yA"), "b", Map.of("c", true, "d", Optional.empty())));
  }

  @Test
  void rejectsTrailingText() {
    assertThatThrownBy(() -> Json.parse("[] x")).hasMessage("json: trailing text at offset 3");
  }
}
