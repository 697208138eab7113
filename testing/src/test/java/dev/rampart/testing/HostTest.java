package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostTest {

  @Test
  void searchesPathThenTheSbinDirectories() {
    List<String> path = Splitter.on(':').omitEmptyStrings().splitToList(System.getenv("PATH"));
    List<String> search = Splitter.on(':').splitToList(Host.searchPath());

    assertThat(search).startsWith(path.get(0)).contains("/usr/local/sbin", "/usr/sbin", "/sbin");
    assertThat(search).containsAll(path).doesNotHaveDuplicates();
  }

  @Test
  void knowsWhetherWeAreRootAsIdDoes() {
    assertThat(Host.isRoot()).isEqualTo(Exec.check("", List.of("id", "-u")).strip().equals("0"));
  }

  @Test
  void reportsOnlyTheToolsItCannotFind() {
    assertThat(Host.missingTools(List.of("sh", "rampart-no-such-tool", "ls")))
        .containsExactly("rampart-no-such-tool");
  }

  @Test
  void refusesToolNamesWithASlash() {
    assertThat(Host.missingTools(List.of("/bin/sh"))).containsExactly("/bin/sh");
  }
}
