import type { Server } from 'node:http';

/** Why the port could not be opened, by the variable that sets it (PORT) and what to do about it. */
export function describeListenError(err: unknown, port: number): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return `PORT=${port} is already in use by another process: stop that process or set PORT to a free port`;
  if (code === 'EACCES') return `PORT=${port} needs privileges this process does not have: set PORT to a port above 1023`;
  return `PORT=${port} cannot be opened (${typeof code === 'string' ? code : (err as Error | null)?.message ?? 'unknown error'})`;
}

/** `server.listen(port)` as a promise that rejects (with the PORT named) when the port cannot be opened. */
export function listenOn(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fail = (e: unknown) => reject(new Error(describeListenError(e, port), { cause: e }));
    server.once('error', fail);
    server.listen(port, () => {
      server.off('error', fail);
      resolve();
    });
  });
}
