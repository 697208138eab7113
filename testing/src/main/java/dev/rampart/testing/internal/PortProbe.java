package dev.rampart.testing.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Echo listener and port prober that the kernel lab runs in a helper JVM inside a namespace.
 *
 * <p>Uses nothing but the JDK, so it runs with only this module on the class path. Commands:
 *
 * <ul>
 *   <li>{@code listen [--tcp P,P...] [--udp P,P...]}: binds every port on the wildcard address
 *       (IPv4 and IPv6), echoes TCP streams and UDP datagrams, prints {@code READY} once bound and
 *       exits when its standard input ends (or when killed).
 *   <li>{@code probe (tcp|udp ADDRESS PORT)...}: tries every target in parallel with a one second
 *       timeout and prints {@code RESULT index true|false} per target, in order.
 * </ul>
 */
public final class PortProbe {
  /** Line printed by {@code listen} once every port is bound. */
  public static final String READY = "READY";

  /** Prefix of each result line printed by {@code probe}. */
  public static final String RESULT = "RESULT";

  static final int TIMEOUT_MILLIS = 1000;
  private static final Pattern COMMA = Pattern.compile(",");
  private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final byte[] PAYLOAD = "rampart-probe".getBytes(UTF_8);

  private PortProbe() {}

  /** A port to try: protocol {@code tcp} or {@code udp}, a literal address and a port. */
  record Target(String protocol, InetAddress address, int port) {}

  /** The ports a listener binds. */
  record Ports(List<Integer> tcp, List<Integer> udp) {}

  /** Runs {@code listen} or {@code probe}; exits with status 2 on a usage error. */
  public static void main(String[] args) throws IOException, InterruptedException {
    try {
      if (args.length > 0 && args[0].equals("listen")) {
        listen(parsePorts(Arrays.asList(args).subList(1, args.length)));
      } else if (args.length > 0 && args[0].equals("probe")) {
        List<Boolean> results = probe(parseTargets(Arrays.asList(args).subList(1, args.length)));
        for (int i = 0; i < results.size(); i++) {
          System.out.println(RESULT + " " + i + " " + results.get(i));
        }
        System.out.flush();
      } else {
        throw new IllegalArgumentException("usage: listen [--tcp P,P] [--udp P,P] | probe ...");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("port probe: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Parses {@code [--tcp P,P...] [--udp P,P...]}. */
  static Ports parsePorts(List<String> args) {
    List<Integer> tcp = new ArrayList<>();
    List<Integer> udp = new ArrayList<>();
    for (int i = 0; i < args.size(); i += 2) {
      String flag = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("missing port list after " + flag);
      }
      List<Integer> into;
      if (flag.equals("--tcp")) {
        into = tcp;
      } else if (flag.equals("--udp")) {
        into = udp;
      } else {
        throw new IllegalArgumentException("unknown option: " + flag);
      }
      for (String port : COMMA.split(args.get(i + 1), -1)) {
        into.add(parsePort(port));
      }
    }
    return new Ports(List.copyOf(tcp), List.copyOf(udp));
  }

  /** Parses a sequence of {@code tcp|udp ADDRESS PORT} triples. */
  static List<Target> parseTargets(List<String> args) {
    if (args.size() % 3 != 0) {
      throw new IllegalArgumentException("targets come in triples (tcp|udp ADDRESS PORT): " + args);
    }
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < args.size(); i += 3) {
      String protocol = args.get(i);
      if (!protocol.equals("tcp") && !protocol.equals("udp")) {
        throw new IllegalArgumentException("protocol must be tcp or udp: " + protocol);
      }
      targets.add(new Target(protocol, parseAddress(args.get(i + 1)), parsePort(args.get(i + 2))));
    }
    return List.copyOf(targets);
  }

  private static int parsePort(String text) {
    int port;
    try {
      port = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port: " + text, e);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range [1, 65535]: " + text);
    }
    return port;
  }

  private static InetAddress parseAddress(String text) {
    // A literal never triggers a DNS lookup; anything else is refused before it could.
    if (!ADDRESS_LITERAL.matcher(text).matches()) {
      throw new IllegalArgumentException("not an address literal: " + text);
    }
    try {
      return InetAddress.getByName(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("not an address literal: " + text, e);
    }
  }

  /** Tries every target in parallel; returns, in order, whether each one answered. */
  static List<Boolean> probe(List<Target> targets) throws InterruptedException {
    if (targets.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(targets.size(), 64));
    try {
      List<Future<Boolean>> futures = new ArrayList<>();
      for (Target target : targets) {
        futures.add(pool.submit(() -> answers(target)));
      }
      List<Boolean> results = new ArrayList<>();
      for (Future<Boolean> future : futures) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          results.add(false);
        }
      }
      return List.copyOf(results);
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean answers(Target target) {
    return target.protocol().equals("tcp")
        ? tcpAnswers(target.address(), target.port())
        : udpAnswers(target.address(), target.port());
  }

  private static boolean tcpAnswers(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean udpAnswers(InetAddress address, int port) {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.connect(address, port);
      socket.send(new DatagramPacket(PAYLOAD, PAYLOAD.length));
      DatagramPacket reply = new DatagramPacket(new byte[PAYLOAD.length + 16], PAYLOAD.length + 16);
      socket.receive(reply);
      return Arrays.equals(
          PAYLOAD, Arrays.copyOfRange(reply.getData(), reply.getOffset(), reply.getLength()));
    } catch (IOException e) {
      return false;
    }
  }

  /** Binds every port, prints {@link #READY}, serves until standard input ends. */
  static void listen(Ports ports) throws IOException {
    List<Thread> servers = new ArrayList<>();
    for (int port : ports.tcp()) {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(port), 128);
      servers.add(daemon("tcp-" + port, () -> acceptLoop(server)));
    }
    for (int port : ports.udp()) {
      DatagramSocket socket = new DatagramSocket(null);
      socket.bind(new InetSocketAddress(port));
      servers.add(daemon("udp-" + port, () -> echoDatagrams(socket)));
    }
    servers.forEach(Thread::start);
    System.out.println(READY);
    System.out.flush();
    InputStream in = System.in;
    while (in.read() != -1) {
      // Serve until the parent closes our standard input (or dies).
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void acceptLoop(ServerSocket server) {
    while (true) {
      try {
        Socket socket = server.accept();
        daemon("echo", () -> echo(socket)).start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void echo(Socket socket) {
    try (socket) {
      socket.setSoTimeout(2 * TIMEOUT_MILLIS);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[4096];
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // The peer went away or stayed silent: nothing to echo.
    }
  }

  /**
   * Echoes every datagram to its sender until {@code socket} is closed. A reply that cannot be sent
   * (unroutable, refused: {@code send} throws) loses that datagram's echo only.
   */
  static void echoDatagrams(DatagramSocket socket) {
    byte[] buffer = new byte[65535];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        continue; // closed (the loop ends) or one bad datagram
      }
      try {
        socket.send(
            new DatagramPacket(
                packet.getData(),
                packet.getOffset(),
                packet.getLength(),
                packet.getSocketAddress()));
      } catch (IOException e) {
        // This reply cannot go out; the next datagram is echoed all the same.
      }
    }
  }
}
