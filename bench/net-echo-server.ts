/**
 * The limit the echo benchmarks are read against: the same echo server as
 * examples/echo-server.c, in plain Node `net`, in a process of its own.
 *   node dist/bench/net-echo-server.js PORT CONNECTIONS
 * Echoes every byte, ends its side once the peer has ended and all is
 * written, and exits after CONNECTIONS connections. Says on stderr where it
 * listens, as p1run does for port 0.
 */
import { createServer } from 'node:net';

const [port, limit] = process.argv.slice(2).map(Number) as [number, number];
let finished = 0;
const server = createServer({ allowHalfOpen: true }, (socket) => {
  socket.pipe(socket);
  socket.on('close', () => {
    if (++finished === limit) server.close();
  });
});
server.maxConnections = 256;
server.listen(port, '127.0.0.1', () => {
  process.stderr.write(`net-echo-server: listening on 127.0.0.1:${(server.address() as { port: number }).port}\n`);
});
