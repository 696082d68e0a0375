/**
 * Ports for the embedded servers. A free port is asked from the OS (bind to 0) rather than guessed, so
 * parallel test runs in one tree do not collide; the short race between closing it and the server
 * binding it is accepted, and surfaces as a clear "exited before it was ready" error.
 */
import net from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/**
 * Fails fast when a fixed port is taken. Without this, a readiness check could succeed against
 * whatever already listens there (say, another `npm start`) before our server dies on the bind.
 */
export function assertPortFree(port: number, host: string, what: string, hint = ''): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        reject(new PortInUseError(`${what} cannot listen on ${host}:${port}: the port is ${error.code === 'EACCES' ? 'not permitted' : 'already in use'}.${hint ? ` ${hint}` : ''}`));
      } else {
        reject(error);
      }
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
