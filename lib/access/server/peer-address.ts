import 'server-only';
import http from 'node:http';
import https from 'node:https';

/**
 * The TCP peer address of a request, for the rate limiter. Next's route handlers get a web Request with no socket,
 * and the only address Next passes on is `X-Forwarded-For`, which it fills from the socket only when the client sent
 * none (base-server.js: `req.headers['x-forwarded-for'] ??= socket.remoteAddress`): a client that sends its own gets
 * it trusted. So instrumentation.ts installs this at server start: every incoming request gets PEER_HEADER set from
 * its socket, overwriting whatever the client sent under that name, before Next sees the request.
 *
 * The header is believed only in a process where the hook is installed (`isPeerHeaderTrusted`); on a host where it
 * is not (another server wrapper), callers fall back to one shared bucket rather than to a spoofable value.
 */

export const PEER_HEADER = 'x-ayd-peer-address';

const INSTALLED = Symbol.for('ask-your-data.peer-address-installed');
type Flagged = { [INSTALLED]?: boolean };

function patch(prototype: http.Server): void {
  const original = prototype.emit;
  prototype.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const request = args[0];
      if (request instanceof http.IncomingMessage) {
        request.headers[PEER_HEADER] = request.socket.remoteAddress ?? '';
      }
    }
    return Reflect.apply(original, this, [event, ...args]) === true;
  } as typeof prototype.emit;
}

/** Idempotent. Patches http(s).Server so every request carries its socket's address under PEER_HEADER. */
export function installPeerAddressHeader(): void {
  const flags = globalThis as Flagged;
  if (flags[INSTALLED]) return;
  patch(http.Server.prototype);
  // https.Server inherits emit from another chain (tls.Server): patch it too when it is a different function.
  if (https.Server.prototype.emit !== http.Server.prototype.emit) patch(https.Server.prototype as unknown as http.Server);
  flags[INSTALLED] = true;
}

export function isPeerHeaderTrusted(): boolean {
  return (globalThis as Flagged)[INSTALLED] === true;
}
