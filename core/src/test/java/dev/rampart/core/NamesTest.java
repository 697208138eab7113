package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {
  private static final String TEXT_CHARSET =
      "printable ASCII without quotes, backslash, backtick or dollar";

  @Test
  void publishesTheKernelLimits() {
    assertThat(Names.MAX_CHAIN).isEqualTo(28);
    assertThat(Names.MAX_SET).isEqualTo(31);
    assertThat(Names.MAX_INTERFACE).isEqualTo(15);
    assertThat(Names.MAX_COMMENT).isEqualTo(255);
    assertThat(Names.MAX_LOG_PREFIX).isEqualTo(29);
  }

  // chain names

  @Test
  void acceptsAChainNameOfExactly28Characters() {
    String name = "A".repeat(28);
    assertThat(Names.checkChain(name)).isEqualTo(name);
  }

  @Test
  void rejectsAChainNameOf29Characters() {
    assertThatThrownBy(() -> Names.checkChain("A".repeat(29)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chain name longer than 28 characters: " + "A".repeat(29));
  }

  @Test
  void acceptsDockerStyleChainNames() {
    for (String name : List.of("DOCKER-USER", "DOCKER-ISOLATION-STAGE-1", "f2b_sshd", "a.b")) {
      assertThat(Names.checkChain(name)).isEqualTo(name);
    }
  }

  @Test
  void rejectsAnEmptyChainName() {
    assertThatThrownBy(() -> Names.checkChain("")).hasMessage("chain name is empty");
  }

  @Test
  void rejectsAChainNameStartingWithADash() {
    assertThatThrownBy(() -> Names.checkChain("-j"))
        .hasMessage(
            "chain name may only hold letters, digits, '_', '-', '.' and not start with '-': -j");
  }

  @Test
  void rejectsHostileCharactersInAChainNameShowingControlCharactersEscaped() {
    assertThatThrownBy(() -> Names.checkChain("A\n-A INPUT"))
        .hasMessage(
            "chain name may only hold letters, digits, '_', '-', '.' and not start with '-':"
                + " A\\n-A INPUT");
    for (String name : List.of("A B", "A\"", "A'", "A\\", "A$x", "A`x`", "A;B", "Ä", "A#")) {
      assertThatThrownBy(() -> Names.checkChain(name))
          .as(name)
          .hasMessageStartingWith("chain name may only hold letters");
    }
  }

  @Test
  void escapesControlCharactersInTheLengthMessageToo() {
    String name = "A".repeat(28) + "\r";
    assertThatThrownBy(() -> Names.checkChain(name))
        .hasMessage("chain name longer than 28 characters: " + "A".repeat(28) + "\\r");
  }

  @Test
  void rejectsTargetNamesAsChainNames() {
    for (String name : List.of("ACCEPT", "DROP", "RETURN", "QUEUE", "REJECT", "LOG", "DNAT")) {
      assertThatThrownBy(() -> Names.checkChain(name))
          .hasMessage("chain name is a target's name: " + name);
    }
  }

  @Test
  void rejectsTargetExtensionNamesThatIptablesRefuses() {
    // iptables 1.8.9: "chain name may not clash with target name" for these.
    for (String name : List.of("TCPMSS", "SET", "NFLOG", "TEE", "TPROXY", "CT")) {
      assertThatThrownBy(() -> Names.checkChain(name))
          .hasMessage("chain name is a target's name: " + name);
    }
  }

  @Test
  void acceptsLowercaseTargetNamesAsChainNames() {
    assertThat(Names.checkChain("accept")).isEqualTo("accept");
    assertThat(Names.checkChain("tcp")).isEqualTo("tcp");
  }

  // set names

  @Test
  void acceptsASetNameOfExactly31Characters() {
    String name = "s".repeat(31);
    assertThat(Names.checkSet(name)).isEqualTo(name);
  }

  @Test
  void rejectsASetNameOf32Characters() {
    assertThatThrownBy(() -> Names.checkSet("s".repeat(32)))
        .hasMessage("set name longer than 31 characters: " + "s".repeat(32));
  }

  @Test
  void rejectsAnEmptySetName() {
    assertThatThrownBy(() -> Names.checkSet("")).hasMessage("set name is empty");
  }

  @Test
  void acceptsASetNameStartingWithAnUnderscore() {
    assertThat(Names.checkSet("_allow-v4.1")).isEqualTo("_allow-v4.1");
  }

  @Test
  void rejectsASetNameStartingWithADigitOrDash() {
    for (String name : List.of("1set", "-set", ".set")) {
      assertThatThrownBy(() -> Names.checkSet(name))
          .hasMessage(
              "set name may only hold letters, digits, '_', '-', '.' and start with a letter or"
                  + " '_': "
                  + name);
    }
  }

  @Test
  void rejectsHostileCharactersInASetName() {
    assertThatThrownBy(() -> Names.checkSet("ok\tno"))
        .hasMessage(
            "set name may only hold letters, digits, '_', '-', '.' and start with a letter or '_':"
                + " ok\\tno");
    assertThatThrownBy(() -> Names.checkSet("s\u00e9t")).hasMessageEndingWith(": s\\xe9t");
  }

  // interface names

  @Test
  void acceptsAnInterfaceNameOfExactly15Characters() {
    assertThat(Names.checkInterface("i".repeat(15))).isEqualTo("i".repeat(15));
  }

  @Test
  void countsTheWildcardPlusTowardsThe15Characters() {
    assertThat(Names.checkInterface("i".repeat(14) + "+")).isEqualTo("i".repeat(14) + "+");
    assertThatThrownBy(() -> Names.checkInterface("i".repeat(15) + "+"))
        .hasMessage("interface name longer than 15 characters: " + "i".repeat(15) + "+");
  }

  @Test
  void rejectsAnInterfaceNameOf16Characters() {
    assertThatThrownBy(() -> Names.checkInterface("i".repeat(16)))
        .hasMessage("interface name longer than 15 characters: " + "i".repeat(16));
  }

  @Test
  void rejectsAnEmptyInterfaceName() {
    assertThatThrownBy(() -> Names.checkInterface("")).hasMessage("interface name is empty");
  }

  @Test
  void acceptsWildcardAndVlanInterfaceNames() {
    for (String name : List.of("eth0", "docker_gwbridge", "veth+", "+", "eth0.100", "br-1a2b")) {
      assertThat(Names.checkInterface(name)).isEqualTo(name);
    }
  }

  @Test
  void rejectsDotAndDotDotAsInterfaceNames() {
    for (String name : List.of(".", "..", ".+")) {
      assertThatThrownBy(() -> Names.checkInterface(name))
          .hasMessage(
              "interface name may only hold letters, digits, '_', '-', '.' and a final '+': "
                  + name);
    }
  }

  @Test
  void rejectsHostileCharactersInAnInterfaceName() {
    assertThatThrownBy(() -> Names.checkInterface("eth0 -j"))
        .hasMessage(
            "interface name may only hold letters, digits, '_', '-', '.' and a final '+': eth0 -j");
    for (String name : List.of("a+b", "eth/0", "eth:0", "e\"", "e'", "e\\", "e$", "e`", "e\n")) {
      assertThatThrownBy(() -> Names.checkInterface(name))
          .as(name)
          .hasMessageStartingWith("interface name may only hold");
    }
  }

  // comments

  @Test
  void acceptsACommentOfExactly255Characters() {
    assertThat(Names.checkComment("c".repeat(255))).hasSize(255);
  }

  @Test
  void rejectsACommentOf256Characters() {
    assertThatThrownBy(() -> Names.checkComment("c".repeat(256)))
        .hasMessage("comment longer than 255 characters: " + "c".repeat(256));
  }

  @Test
  void rejectsAnEmptyComment() {
    assertThatThrownBy(() -> Names.checkComment("")).hasMessage("comment is empty");
  }

  @Test
  void acceptsPunctuationOutsideTheExcludedCharacters() {
    String text = "allow ssh (admins) #1; 10.0.0.0/8 -> port 22 & more: 100% {ok} [x] <y> ~!?*";
    assertThat(Names.checkComment(text)).isEqualTo(text);
  }

  @Test
  void rejectsQuotesBackslashBacktickAndDollarInAComment() {
    for (String text : List.of("say \"hi\"", "it's", "a\\b", "`id`", "$HOME", "${x}")) {
      assertThatThrownBy(() -> Names.checkComment(text))
          .as(text)
          .hasMessage("comment may only hold " + TEXT_CHARSET + ": " + Printable.of(text));
    }
  }

  @Test
  void rejectsANewlineInACommentShowingItEscaped() {
    assertThatThrownBy(() -> Names.checkComment("ok\n-A INPUT -j ACCEPT"))
        .hasMessage("comment may only hold " + TEXT_CHARSET + ": ok\\n-A INPUT -j ACCEPT");
  }

  @Test
  void showsABackslashDoubledSoEscapesStayUnambiguous() {
    assertThatThrownBy(() -> Names.checkComment("a\\u000a"))
        .hasMessage("comment may only hold " + TEXT_CHARSET + ": a\\\\u000a");
  }

  @Test
  void rejectsUnicodeInACommentShowingCodePoints() {
    assertThatThrownBy(() -> Names.checkComment("caf\u00e9 \ud83d\udd25"))
        .hasMessage("comment may only hold " + TEXT_CHARSET + ": caf\\xe9 \\u1f525");
  }

  @Test
  void rejectsTabDeleteAndNulInAComment() {
    assertThatThrownBy(() -> Names.checkComment("a\tb")).hasMessageEndingWith(": a\\tb");
    assertThatThrownBy(() -> Names.checkComment("a\u007fb")).hasMessageEndingWith(": a\\x7fb");
    assertThatThrownBy(() -> Names.checkComment("a\u0000b")).hasMessageEndingWith(": a\\x00b");
  }

  @Test
  void rejectsLeadingAndTrailingSpacesInAComment() {
    assertThatThrownBy(() -> Names.checkComment(" ssh"))
        .hasMessage("comment may not start or end with a space:  ssh");
    assertThatThrownBy(() -> Names.checkComment("ssh "))
        .hasMessage("comment may not start or end with a space: ssh ");
  }

  // log prefixes

  @Test
  void acceptsAnNflogPrefixOfExactly63Characters() {
    assertThat(Names.checkNflogPrefix("p".repeat(63))).hasSize(63);
  }

  @Test
  void rejectsAnNflogPrefixStartingWithASpace() {
    assertThatThrownBy(() -> Names.checkNflogPrefix(" x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nflog prefix may not start with a space:  x");
  }

  @Test
  void acceptsALogPrefixOfExactly29Characters() {
    assertThat(Names.checkLogPrefix("p".repeat(29))).hasSize(29);
  }

  @Test
  void rejectsALogPrefixOf30Characters() {
    assertThatThrownBy(() -> Names.checkLogPrefix("p".repeat(30)))
        .hasMessage("log prefix longer than 29 characters: " + "p".repeat(30));
  }

  @Test
  void rejectsAnEmptyLogPrefix() {
    assertThatThrownBy(() -> Names.checkLogPrefix("")).hasMessage("log prefix is empty");
  }

  @Test
  void acceptsALogPrefixEndingInASpace() {
    assertThat(Names.checkLogPrefix("[rampart drop] ")).isEqualTo("[rampart drop] ");
  }

  @Test
  void rejectsALogPrefixStartingWithASpace() {
    assertThatThrownBy(() -> Names.checkLogPrefix(" drop"))
        .hasMessage("log prefix may not start with a space:  drop");
  }

  @Test
  void rejectsHostileCharactersInALogPrefix() {
    assertThatThrownBy(() -> Names.checkLogPrefix("x\" -j ACCEPT"))
        .hasMessage("log prefix may only hold " + TEXT_CHARSET + ": x\" -j ACCEPT");
  }

  // the documented charset, against an independent oracle

  @Test
  void checkCommentAcceptsExactlyTheDocumentedCharsetForMostlyAsciiStrings() {
    Seeds.qt()
        .withExamples(5000)
        .forAll(strings().betweenCodePoints(0x1f, 0x80).ofLengthBetween(0, 260))
        .checkAssert(NamesTest::agreesWithTheOracle);
  }

  @Test
  void checkCommentAcceptsExactlyTheDocumentedCharsetForArbitraryUnicode() {
    Seeds.qt()
        .withExamples(2000)
        .forAll(strings().allPossible().ofLengthBetween(0, 300))
        .checkAssert(NamesTest::agreesWithTheOracle);
  }

  @Test
  void checkCommentAcceptsExactlyTheDocumentedCharsetAroundTheLengthLimit() {
    Seeds.qt()
        .withExamples(2000)
        .forAll(strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(250, 260))
        .checkAssert(NamesTest::agreesWithTheOracle);
  }

  private static void agreesWithTheOracle(String text) {
    Throwable thrown = catchThrowable(() -> Names.checkComment(text));
    if (isDocumentedComment(text)) {
      assertThat(thrown).as(Printable.of(text)).isNull();
    } else {
      assertThat(thrown).as(Printable.of(text)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  /**
   * The rule of {@link Names#checkComment}'s Javadoc, written independently: 1 to 255 characters
   * from space to tilde, none of {@code " ' \ ` $}, no space at either end.
   */
  private static boolean isDocumentedComment(String text) {
    if (text.isEmpty() || text.length() > 255) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 32 || c > 126 || "\"'\\`$".indexOf(c) >= 0) {
        return false;
      }
    }
    return text.charAt(0) != ' ' && text.charAt(text.length() - 1) != ' ';
  }

  @Test
  void knowsTheTargetNamesOfIptables() {
    assertThat(Names.isTargetName("ACCEPT")).isTrue();
    assertThat(Names.isTargetName("NFQUEUE")).isTrue();
    assertThat(Names.isTargetName("DOCKER-USER")).isFalse();
    assertThat(Names.isTargetName("accept")).isFalse();
  }

  @Test
  void callsPrintableAsciiWithoutQuotesBackslashBacktickOrDollarSafe() {
    assertThat(Names.isSafeText("allow ssh: 10.0.0.0/8 [v2] #1")).isTrue();
    for (String bad : new String[] {"a\"b", "a'b", "a\\b", "a`b", "a$b", "a\nb", "caf\u00e9"}) {
      assertThat(Names.isSafeText(bad)).as(bad).isFalse();
    }
  }

  @Test
  void callsPrintableAsciiWithQuotesPrintable() {
    assertThat(Names.isPrintable("GET / \"a\" 'b' $c `d` \\")).isTrue();
    assertThat(Names.isPrintable("a\tb")).isFalse();
    assertThat(Names.isPrintable("caf\u00e9")).isFalse();
  }
}
