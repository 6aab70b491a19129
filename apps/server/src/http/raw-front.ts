// A front for the public role's HTTP server that answers the hot case itself: a plain
// `GET <path> HTTP/1.1` for a published file held in memory. Node's HTTP stack (parser,
// IncomingMessage/ServerResponse streams, header validation) costs about three times what nginx
// spends on such a request (bench/public-server/README.md); answering from prepared bytes on the
// socket removes it. Everything else — any other method or version, a body, Upgrade or Expect, an
// unusual or malformed head, a file the cache does not hold, a partial head left waiting — is
// handed, with every byte read so far, to the node:http server the front sits on, which handles
// the rest of that connection exactly as it would have without the front.
//
// What the front does on its own connections, as node:http would: keep-alive by default with
// `Connection: keep-alive` / `Keep-Alive: timeout=5` and an idle timeout, `Connection: close`
// honoured, pipelined requests answered in order, reading paused while the client does not read
// its answers, a half-closed connection closed, `Date` on every response, and the server's
// close() / closeIdleConnections() / closeAllConnections() applied to them.
import type { Server } from "node:http";
import type { Socket } from "node:net";

export interface RawRequest {
  /** The request target as sent (path and query). */
  url: string;
  host: string;
  acceptEncoding: string | undefined;
  ifNoneMatch: string | undefined;
}

/** Requests the front answered, and connections it handed to node:http. */
export interface RawFrontStats {
  answered: number;
  handedOver: number;
}

/** A response prepared once: the status line and headers (ending in CRLF, without Date or Connection) and the body. */
export interface RawResponse {
  head: Buffer;
  body: Buffer | null;
  /** Kept by the front: the whole kept-alive response of the current second, written in one piece. */
  joined?: { second: number; bytes: Buffer };
}

/**
 * The answer for a request, or null to let node:http handle it (and the rest of the connection);
 * a promise when the answer must be looked up first (the connection waits, in order).
 */
export type RawResolver = (req: RawRequest) => RawResponse | null | Promise<RawResponse | null>;

const CRLFCRLF = Buffer.from("\r\n\r\n");
/** Node's default limit for a request head; a longer one is handed over (node answers 431). */
const MAX_HEAD = 16 * 1024;
// The request line this front answers; anything else is node's.
const REQUEST_LINE = /^GET (\/[\x21-\x7e]*) HTTP\/1\.1$/;
// A header field as RFC 9110 allows it (token name, visible characters, spaces and tabs in the value).
const FIELD = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([\x20-\x7e\t]*?)[ \t]*$/;

/** Date, Connection and the blank line, rebuilt once a second (as node:http caches its Date). */
class Trailers {
  second = -1;
  keepAlive = Buffer.alloc(0);
  close = Buffer.alloc(0);
  constructor(private readonly keepAliveSeconds: number) {}
  refresh(now: number) {
    const s = Math.floor(now / 1000);
    if (s === this.second) return;
    this.second = s;
    const date = `Date: ${new Date(s * 1000).toUTCString()}\r\n`;
    this.keepAlive = Buffer.from(`${date}Connection: keep-alive\r\nKeep-Alive: timeout=${this.keepAliveSeconds}\r\n\r\n`, "latin1");
    this.close = Buffer.from(`${date}Connection: close\r\n\r\n`, "latin1");
  }
}

interface Parsed extends RawRequest {
  close: boolean;
}

/**
 * Heads seen recently, parsed: a client sends the same head for every request of a page and its
 * reloads (wrk: every request), and checking a head costs more than the rest of the answer.
 * Bounded (heads up to 2 KB, 1,000 of them); emptied when full.
 */
const parsedHeads = new Map<string, Parsed | null>();
const PARSED_HEADS = 1000;

function parseHeadCached(head: string): Parsed | null {
  if (head.length > 2048) return parseHead(head);
  let p = parsedHeads.get(head);
  if (p === undefined) {
    p = parseHead(head);
    if (parsedHeads.size >= PARSED_HEADS) parsedHeads.clear();
    parsedHeads.set(head, p);
  }
  return p;
}

/** The request head (without the final blank line), or null when the front must not answer it. */
function parseHead(head: string): Parsed | null {
  const lines = head.split("\r\n");
  const m = REQUEST_LINE.exec(lines[0]!);
  if (!m) return null;
  let host: string | undefined;
  let acceptEncoding: string | undefined;
  let ifNoneMatch: string | undefined;
  let close = false;
  for (let i = 1; i < lines.length; i++) {
    const f = FIELD.exec(lines[i]!);
    // Folded lines, bare CR or LF, control characters, an empty name: node decides (400).
    if (!f) return null;
    const name = f[1]!.toLowerCase();
    const value = f[2]!;
    switch (name) {
      case "host":
        if (host !== undefined) return null;
        host = value;
        break;
      case "accept-encoding":
        acceptEncoding = acceptEncoding === undefined ? value : `${acceptEncoding}, ${value}`;
        break;
      case "if-none-match":
        if (ifNoneMatch !== undefined) return null;
        ifNoneMatch = value;
        break;
      case "connection":
        for (const token of value.toLowerCase().split(",")) {
          const t = token.trim();
          if (t === "close") close = true;
          else if (t !== "keep-alive" && t !== "") return null; // upgrade and the like
        }
        break;
      case "content-length":
      case "transfer-encoding":
      case "upgrade":
      case "expect":
        return null;
    }
  }
  // HTTP/1.1 requires Host; node answers 400 without it.
  if (host === undefined) return null;
  return { url: m[1]!, host, acceptEncoding, ifNoneMatch, close };
}

/**
 * Puts the front on `server` (before it listens; server.keepAliveTimeout applies as it is then): its connections go to the front, which hands
 * them to the server's own connection handling when it does not answer a request itself.
 */
export function installRawFront(server: Server, resolve: RawResolver): RawFrontStats {
  const stats: RawFrontStats = { answered: 0, handedOver: 0 };
  // Idle time before a kept-alive connection is closed: node:http's own setting, read when the
  // front starts (as the server reads it when it is created).
  const keepAliveMs = server.keepAliveTimeout || 5000;
  const trailers = new Trailers(Math.max(1, Math.floor(keepAliveMs / 1000)));
  const nodeListeners = server.listeners("connection") as Array<(socket: Socket) => void>;
  server.removeAllListeners("connection");
  /** Connections the front still holds, and whether each is between requests. */
  const held = new Map<Socket, { idle: boolean }>();
  let closing = false;

  const handOver = (socket: Socket, data: Buffer | null, detach: () => void) => {
    stats.handedOver++;
    detach();
    held.delete(socket);
    socket.setTimeout(0);
    // Node reads what was already received first, then the socket (httpolyglot does the same).
    socket.pause();
    if (data && data.length > 0) socket.unshift(data);
    for (const l of nodeListeners) l.call(server, socket);
    process.nextTick(() => socket.resume());
  };

  server.on("connection", (socket: Socket) => {
    if (closing) {
      for (const l of nodeListeners) l.call(server, socket);
      return;
    }
    const state = { idle: true };
    held.set(socket, state);
    /** Bytes received and not answered yet. */
    let pending: Buffer | null = null;
    /** An answer is being looked up (the resolver returned a promise); reading is paused. */
    let waiting = false;
    let ended = false;
    let gone = false;

    /** Writes one answer and drops its request from `pending`; false when the connection closes. */
    /** The last write was refused (kernel buffer full): reading pauses until it drains. */
    let full = false;
    const answer = (req: Parsed, res: RawResponse, headEnd: number) => {
      stats.answered++;
      const close = req.close || closing;
      trailers.refresh(Date.now());
      if (close) {
        socket.cork();
        socket.write(res.head);
        socket.write(trailers.close);
        if (res.body) socket.write(res.body);
        socket.uncork();
      } else {
        // One buffer per response and second: a single write, no vector to gather.
        if (res.joined?.second !== trailers.second)
          res.joined = { second: trailers.second, bytes: Buffer.concat(res.body ? [res.head, trailers.keepAlive, res.body] : [res.head, trailers.keepAlive]) };
        full = !socket.write(res.joined.bytes);
      }
      pending = pending!.length > headEnd + 4 ? pending!.subarray(headEnd + 4) : null;
      if (!close) return true;
      ended = true;
      detach();
      held.delete(socket);
      socket.end();
      return false;
    };

    const run = (): void => {
      while (pending) {
        const buf: Buffer = pending;
        const end = buf.indexOf(CRLFCRLF);
        if (end < 0) {
          if (buf.length > MAX_HEAD) return handOver(socket, buf, detach);
          state.idle = false;
          return;
        }
        const req = end <= MAX_HEAD ? parseHeadCached(buf.toString("latin1", 0, end)) : null;
        if (!req) return handOver(socket, buf, detach);
        const res = resolve(req);
        if (res && "then" in res) {
          // Routing table or file to be checked against the disk again (once a second at most).
          waiting = true;
          state.idle = false;
          socket.pause();
          res.then(
            (r) => done(req, r, end),
            () => done(req, null, end),
          );
          return;
        }
        if (!res) return handOver(socket, buf, detach);
        if (!answer(req, res, end)) return;
      }
      state.idle = true;
      // A client that sends faster than it reads: stop reading until it catches up.
      if (full) {
        full = false;
        socket.pause();
        socket.once("drain", () => socket.resume());
      }
    };
    const done = (req: Parsed, res: RawResponse | null, headEnd: number) => {
      waiting = false;
      if (gone) return;
      if (!res) return handOver(socket, pending, detach);
      if (!answer(req, res, headEnd)) return;
      socket.resume();
      run();
    };

    const onData = (chunk: Buffer) => {
      pending = pending ? Buffer.concat([pending, chunk]) : chunk;
      if (!waiting) run();
    };
    const onTimeout = () => {
      // A head left half-sent: node's own timeouts and answers apply to it.
      if (pending) return handOver(socket, pending, detach);
      socket.destroy();
    };
    const onEnd = () => {
      // The client will send nothing more (node:http's server allows half-open sockets and ends
      // them itself): finish writing, then close.
      if (pending) return handOver(socket, pending, detach);
      if (!ended) socket.end();
    };
    const onError = () => socket.destroy();
    const onClose = () => held.delete(socket);
    function detach() {
      gone = true;
      socket.removeListener("data", onData);
      socket.removeListener("timeout", onTimeout);
      socket.removeListener("end", onEnd);
      socket.removeListener("error", onError);
      socket.removeListener("close", onClose);
    }
    socket.setNoDelay(true);
    socket.setTimeout(keepAliveMs);
    socket.on("data", onData);
    socket.on("timeout", onTimeout);
    socket.on("end", onEnd);
    socket.on("error", onError);
    socket.on("close", onClose);
  });

  // close() stops new connections and ends idle ones (Node ≥ 19 calls closeIdleConnections);
  // busy ones answer their current request with Connection: close.
  const closeIdle = server.closeIdleConnections.bind(server);
  const closeAll = server.closeAllConnections.bind(server);
  const close = server.close.bind(server);
  server.closeIdleConnections = () => {
    for (const [socket, s] of held) if (s.idle) socket.destroy();
    closeIdle();
  };
  server.closeAllConnections = () => {
    for (const socket of held.keys()) socket.destroy();
    held.clear();
    closeAll();
  };
  server.close = ((cb?: (err?: Error) => void) => {
    closing = true;
    for (const [socket, s] of held) if (s.idle) socket.destroy();
    return close(cb);
  }) as Server["close"];
  return stats;
}
