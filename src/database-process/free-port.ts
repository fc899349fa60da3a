/** Finds a free TCP port on the loopback interface. */
import fs from 'node:fs';
import net from 'node:net';

/** The kernel's range for port-0 binds and outgoing connections (Linux), or undefined elsewhere. */
function ephemeralRange(): [number, number] | undefined {
  try {
    const [low, high] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return low && high ? [low, high] : undefined;
  } catch {
    return undefined;
  }
}

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A free loopback port for a process we start (a database, the service), chosen below the
 * kernel's ephemeral range: a port-0 listener (every supertest request makes one) or an outgoing
 * connection never gets it, so a database restarted on the same port finds it still free.
 * Another process may still take it before we bind it; callers retry.
 */
export async function findFreePort(): Promise<number> {
  const range = ephemeralRange();
  if (range && range[0] > 20_000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const candidate = 15_000 + Math.floor(Math.random() * (range[0] - 15_000));
      const bound = await tryListen(candidate);
      if (bound !== undefined) return bound;
    }
  }
  const bound = await tryListen(0);
  if (bound === undefined) throw new Error('no free loopback port');
  return bound;
}

/** Resolves once something accepts TCP connections on host:port, or rejects after timeoutMs. */
export async function waitForPort(host: string, port: number, timeoutMs: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive()) throw new Error(`the process exited before listening on ${host}:${port}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
