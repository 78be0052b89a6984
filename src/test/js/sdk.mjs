// Drives the real centrifuge-js SDK against a presenced node for CentrifugeSdkIT. Environment: URL (the WebSocket
// endpoint), PROTOCOL (json or protobuf), SCENARIO; OTHER_URL, when set, is where joinLeave's second client connects
// (another node). Prints one JSON line with what the SDK saw and exits 0; on any
// failure prints the error to stderr and exits 1.
import WebSocket from 'ws';
import { Centrifuge as JsonCentrifuge } from 'centrifuge';
import { Centrifuge as ProtobufCentrifuge } from 'centrifuge/build/protobuf';

const url = process.env.URL;
const protobuf = process.env.PROTOCOL === 'protobuf';
const Centrifuge = protobuf ? ProtobufCentrifuge : JsonCentrifuge;
const TIMEOUT = 10000;

function client(options, endpoint = url) {
  return new Centrifuge(endpoint, { websocket: WebSocket, protocol: protobuf ? 'protobuf' : 'json', ...options });
}

function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out waiting for ' + what)), TIMEOUT);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function event(emitter, name) {
  return within(new Promise((resolve) => emitter.once(name, resolve)), name);
}

// Protobuf carries data as bytes, JSON as values: both are compared as JSON text.
const EMPTY = protobuf ? new Uint8Array(0) : {};

function jsonText(v) {
  if (v === undefined || v === null || (v instanceof Uint8Array && v.length === 0)) {
    return null;
  }
  return v instanceof Uint8Array ? new TextDecoder().decode(v) : JSON.stringify(v);
}

// RPC data: JSON values, or their JSON text as bytes in protobuf.
function data(v) {
  return protobuf ? new TextEncoder().encode(JSON.stringify(v)) : v;
}

function info(i) {
  return { user: i.user, client: i.client, connInfo: jsonText(i.connInfo) };
}

async function connected(c) {
  const ctx = event(c, 'connected');
  c.connect();
  return (await ctx).client;
}

async function subscribed(c, channel, options = {}) {
  const sub = c.newSubscription(channel, options);
  const done = event(sub, 'subscribed');
  sub.subscribe();
  await done;
  return sub;
}

const scenarios = {
  // Connect with a token, subscribe, read presence and stats, mark the user active.
  async presence() {
    const c = client({ token: process.env.TOKEN });
    const id = await connected(c);
    const sub = await subscribed(c, 'chat:sdk');
    const presence = await within(sub.presence(), 'presence');
    const stats = await within(sub.presenceStats(), 'presence stats');
    const rpc = await within(c.rpc('update_user_status', EMPTY), 'rpc');
    c.disconnect();
    const clients = Object.fromEntries(Object.entries(presence.clients).map(([k, v]) => [k, info(v)]));
    return { client: id, clients, stats, rpc: jsonText(rpc.data) };
  },

  // Two clients: the watcher sees the other's join and leave.
  async joinLeave() {
    const watcher = client({ token: process.env.TOKEN });
    await connected(watcher);
    const sub = watcher.newSubscription('chat:room', { joinLeave: true });
    const events = [];
    sub.on('join', (ctx) => events.push({ type: 'join', ...info(ctx.info) }));
    sub.on('leave', (ctx) => events.push({ type: 'leave', ...info(ctx.info) }));
    const ready = event(sub, 'subscribed');
    sub.subscribe();
    await ready;
    const other = client({ token: process.env.OTHER_TOKEN }, process.env.OTHER_URL || url);
    const otherId = await connected(other);
    const joined = new Promise((resolve) => sub.on('join', (ctx) => ctx.info.client === otherId && resolve()));
    const left = new Promise((resolve) => sub.on('leave', (ctx) => ctx.info.client === otherId && resolve()));
    const otherSub = await subscribed(other, 'chat:room');
    await within(joined, 'join push');
    otherSub.unsubscribe();
    await within(left, 'leave push');
    watcher.disconnect();
    other.disconnect();
    return { other: otherId, events };
  },

  // The first token has expired (109): the SDK asks getToken for a new one and connects; the second token expires
  // soon, and the SDK refreshes the connection through getToken again without reconnecting.
  async refresh() {
    const issued = [process.env.SHORT_TOKEN, process.env.TOKEN];
    let calls = 0;
    const c = client({ token: process.env.EXPIRED_TOKEN, getToken: async () => issued[Math.min(calls++, 1)] });
    let connects = 0;
    c.on('connected', () => connects++);
    const disconnects = [];
    c.on('disconnected', (ctx) => disconnects.push(ctx.code));
    await connected(c);
    await within(new Promise((resolve) => {
      const poll = setInterval(() => calls >= 2 && (clearInterval(poll), resolve()), 20);
    }), 'the refresh');
    // A command after the refresh shows the connection still serves.
    const rpc = await within(c.rpc('update_user_status', EMPTY), 'rpc after refresh');
    const result = { getTokenCalls: calls, connects, disconnects: [...disconnects], state: c.state,
      rpc: jsonText(rpc.data) };
    c.disconnect();
    return result;
  },

  // The user-status RPC methods: a report of this connection, then the user's own status set and read back.
  async status() {
    const c = client({ token: process.env.TOKEN });
    const id = await connected(c);
    const update = await within(c.rpc('update_user_status', EMPTY), 'update rpc');
    const set = await within(c.rpc('set_user_status',
      data({ state: 'busy', custom: { text: 'lunch', emoji: ':hamburger:' } })), 'set rpc');
    const get = await within(c.rpc('get_user_status', data({ users: [process.env.STATUS_USER], detail: true })),
      'get rpc');
    c.disconnect();
    return { client: id, update: jsonText(update.data), set: jsonText(set.data), get: jsonText(get.data) };
  },

  // A watches b and c (its token's watch claim) through the watch channel: the snapshot, then b's changes as
  // publications, in version order. A client whose token does not name d is refused d with 103.
  async watch() {
    const a = client({ token: process.env.TOKEN });
    await connected(a);
    const updates = [];
    const sub = a.newSubscription('$watch', { data: data({ users: ['b', 'c'] }) });
    sub.on('publication', (ctx) => updates.push(JSON.parse(jsonText(ctx.data))));
    const ready = event(sub, 'subscribed');
    sub.subscribe();
    const snapshot = JSON.parse(jsonText((await ready).data));
    const seen = [];
    // Waits for b's next update that satisfies test, and records it.
    const next = (what, test) => within(new Promise((resolve) => {
      const poll = setInterval(() => {
        const u = updates.find((x) => x.user === 'b' && !seen.includes(x) && test(x));
        if (u) {
          clearInterval(poll);
          seen.push(u);
          resolve(u);
        }
      }, 10);
    }), what);
    const b = client({ token: process.env.B_TOKEN });
    await connected(b);
    const online = await next('b online', (u) => u.online);
    await within(b.rpc('update_user_status', EMPTY), 'b active');
    const active = await next('b active', (u) => u.status === 'active');
    const idle = await next('b idle', (u) => u.status === 'idle');
    await within(b.rpc('set_user_status', data({ state: 'busy', custom: { text: 'in a meeting' } })), 'b busy');
    const busy = await next('b busy', (u) => u.status === 'busy');
    await within(b.rpc('set_user_status', data({ state: 'invisible' })), 'b invisible');
    const invisible = await next('b invisible', (u) => !u.online);
    await within(b.rpc('set_user_status', data({ state: null })), 'b visible');
    await next('b visible', (u) => u.online);
    b.disconnect();
    const offline = await next('b offline', (u) => !u.online);
    a.disconnect();

    const narrow = client({ token: process.env.NARROW_TOKEN });
    await connected(narrow);
    const refused = narrow.newSubscription('$watch', { data: data({ users: ['d'] }) });
    const unsubscribed = event(refused, 'unsubscribed');
    refused.subscribe();
    const denied = await unsubscribed;
    narrow.disconnect();
    return { snapshot, online, active, idle, busy, invisible, offline, denied: denied.code };
  },

  // A token that is not valid: disconnected with 3500, no reconnect.
  async badToken() {
    const c = client({ token: process.env.BAD_TOKEN || 'forged' });
    const disconnected = event(c, 'disconnected');
    c.connect();
    const ctx = await disconnected;
    return { code: ctx.code, reason: ctx.reason, state: c.state };
  },
};

const scenario = scenarios[process.env.SCENARIO];
if (!scenario) {
  console.error('unknown SCENARIO ' + process.env.SCENARIO);
  process.exit(2);
}
try {
  const result = await scenario();
  console.log(JSON.stringify(result));
  process.exit(0);
} catch (e) {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
}
