package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class RendererTest {
  private static final Ruleset EMPTY = Ruleset.builder().build();

  @Test
  void rendersToAStringThroughTheAppendableMethod() {
    Renderer r = new Fixed("tables: ");
    assertThat(r.render(Ruleset.builder().build())).isEqualTo("tables: 0");
  }

  @Test
  void bundlesTheRenderingUnderTheFormatName() {
    Bundle bundle = new Fixed("x").bundle(EMPTY);
    assertThat(bundle.files().keySet()).containsExactly("fixed", Bundle.MANIFEST);
    assertThat(bundle.file("fixed")).isEqualTo("x0");
    assertThat(bundle.executables()).isEmpty();
  }

  @Test
  void wrapsAnIoFailureOfTheAppendable() {
    Renderer failing =
        new Renderer() {
          @Override
          public String format() {
            return "failing";
          }

          @Override
          public void render(Ruleset ruleset, Appendable out) throws IOException {
            throw new IOException("disk full");
          }
        };
    assertThatThrownBy(() -> failing.render(EMPTY))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("java.io.IOException: disk full");
  }

  /** Writes a prefix and the number of tables. */
  private static final class Fixed implements Renderer {
    private final String prefix;

    Fixed(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public String format() {
      return "fixed";
    }

    @Override
    public void render(Ruleset ruleset, Appendable out) throws IOException {
      out.append(prefix).append(Integer.toString(ruleset.tables().size()));
    }
  }
}
