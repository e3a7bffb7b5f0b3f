// Where `npm start` listens (scripts/start.mjs), decided from the environment. Plain JavaScript so the start script
// runs it before anything is built; typed by listen-address.d.mts and tested by listen-address.test.ts.
//
// AUTH_MODE=none has no accounts: whoever reaches the port uses the app and its storage. So in that mode the server
// listens on loopback (127.0.0.1) unless the operator opts out twice, with a non-loopback HOST *and*
// ALLOW_PUBLIC_ANONYMOUS=true; a non-loopback HOST alone is refused with a message, never silently narrowed.

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/i;
const MODES = ['none', 'password', 'oidc'];

/**
 * @param {Record<string, string | undefined>} env
 * @returns {{ ok: true, host: string | undefined, port: string, notice: string } | { ok: false, message: string }}
 */
export function decideListenAddress(env) {
  const mode = env.AUTH_MODE || 'none';
  if (!MODES.includes(mode)) return { ok: false, message: `AUTH_MODE must be one of ${MODES.join(', ')} (got "${mode}").` };
  const port = env.PORT || '3000';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535) return { ok: false, message: `PORT must be a port number (got "${port}").` };
  const allow = (env.ALLOW_PUBLIC_ANONYMOUS || 'false').toLowerCase();
  if (!['true', 'false'].includes(allow)) return { ok: false, message: `ALLOW_PUBLIC_ANONYMOUS must be true or false (got "${env.ALLOW_PUBLIC_ANONYMOUS}").` };
  const host = env.HOST || undefined;

  if (mode !== 'none') {
    const where = host ?? 'every interface';
    return { ok: true, host, port, notice: `AUTH_MODE=${mode}: listening on ${where}, port ${port}; every page but share links and embeds needs a sign-in.` };
  }
  if (!host || LOOPBACK.test(host)) {
    const address = host ?? '127.0.0.1';
    return {
      ok: true,
      host: address,
      port,
      notice: `AUTH_MODE=none: listening on loopback only (http://${address.includes(':') ? `[${address}]` : address}:${port}). No accounts in this mode, so other machines cannot connect. For a team, set AUTH_MODE=password or AUTH_MODE=oidc (see README).`,
    };
  }
  if (allow !== 'true') {
    return {
      ok: false,
      message: `Refusing to listen on HOST=${host} with AUTH_MODE=none: anyone who can reach this address could read, change and delete data without signing in. Set AUTH_MODE=password or AUTH_MODE=oidc, or add ALLOW_PUBLIC_ANONYMOUS=true if exposing the anonymous mode is really intended.`,
    };
  }
  return {
    ok: true,
    host,
    port,
    notice: `AUTH_MODE=none on HOST=${host} (ALLOW_PUBLIC_ANONYMOUS=true): anyone who can reach this address uses the app without signing in.`,
  };
}
