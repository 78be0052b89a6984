// The reference for scripts/bench ws-connections: a Node.js `ws` server that accepts WebSocket connections and
// holds them, doing nothing else, so its memory per idle connection is a floor to compare presenced with.
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const server = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });
server.on('connection', (socket) => {
  socket.on('error', () => {});
});
server.on('listening', () => console.log(`READY ${port}`));
