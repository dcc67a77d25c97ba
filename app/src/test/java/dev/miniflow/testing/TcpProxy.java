package dev.miniflow.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on loopback in front of a server (the workflow engine's gateway): cut, it
 * closes every connection and refuses new ones, as an unreachable gateway does; restored, it
 * listens on the same port again.
 */
public final class TcpProxy implements AutoCloseable {
  private final int port;
  private final int target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private ServerSocket listening;

  /** Forwards to {@code target} on loopback once {@link #restore() restored}; refuses until then. */
  public TcpProxy(int target) throws IOException {
    try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      this.port = free.getLocalPort();
    }
    this.target = target;
  }

  public int port() {
    return port;
  }

  public synchronized void restore() throws IOException {
    if (listening != null) {
      return;
    }
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    listening = server;
    Thread.ofPlatform().daemon().name("tcp-proxy-" + port).start(() -> accept(server));
  }

  public synchronized void cut() {
    if (listening != null) {
      closeQuietly(listening);
      listening = null;
    }
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  @Override
  public void close() {
    cut();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket in = server.accept();
        Socket out;
        try {
          out = new Socket(InetAddress.getLoopbackAddress(), target);
        } catch (IOException e) {
          closeQuietly(in);
          continue;
        }
        open.add(in);
        open.add(out);
        if (server.isClosed()) { // cut meanwhile
          closeQuietly(in);
          closeQuietly(out);
          return;
        }
        pipe(in, out);
        pipe(out, in);
      } catch (IOException e) {
        // cut: the server socket is closed
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread.ofVirtual().start(() -> {
      try {
        from.getInputStream().transferTo(to.getOutputStream());
      } catch (IOException e) {
        // either side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    });
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
