/**
 * The kernel lab: JUnit 5 tests that get their own network namespaces, load rules with the real
 * tools and probe ports across veth links; plus real Docker rule dumps ({@link Fixtures}) read from
 * the class path.
 *
 * <pre>{@code
 * @KernelTest(tools = {"ip", "iptables-restore"})
 * class FooKernelTest {
 *   @Test
 *   void answersOnSsh(KernelLab lab) {
 *     Netns server = lab.namespace("server");
 *     Netns client = lab.namespace("client");
 *     Link link = lab.link(client, server);
 *     server.listen(List.of(22), List.of());
 *     assertThat(client.tcpAnswers(link.address(server, Family.IPV4), 22)).isTrue();
 *   }
 * }
 * }</pre>
 */
@NullMarked
package dev.rampart.testing;

import org.jspecify.annotations.NullMarked;
