// The sign-in modes for e2e/auth.spec.ts: a real OpenID provider (oidc-provider, on loopback, in the test process)
// and `next start` of the already-built app with AUTH_MODE=password or AUTH_MODE=oidc, each on its own port and
// DATA_DIR. The spec starts them itself, so the other specs keep the AUTH_MODE=none server of playwright.config.ts
// and pay nothing for these.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { Provider } from 'oidc-provider';

export const OIDC_CLIENT_ID = 'ask-your-data-e2e';
// A test-only secret for a provider that lives for one test run on loopback; not a credential of anything.
const OIDC_CLIENT_SECRET = 'e2e-only-client-secret-0123456789abcdef';

export interface RunningApp {
  origin: string;
  stop: () => Promise<void>;
}

/** An OpenID provider whose dev login accepts any login name: its account has `<login>@team.example` as email. */
export async function startOidcProvider({ port, redirectUri }: { port: number; redirectUri: string }): Promise<{ issuer: string; stop: () => Promise<void> }> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_context, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: `${sub}@team.example`, email_verified: true, name: `SSO ${sub}` }),
    }),
    cookies: { keys: ['e2e-only-cookie-key-0123456789abcdef'] },
    features: { devInteractions: { enabled: true } },
  });
  const server: Server = provider.listen(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function waitForUrl(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app server exited with ${child.exitCode} before answering ${url}`);
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      if (response.status < 500) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** `next start` of this build in a sign-in mode, on an empty DATA_DIR (wiped first: every run starts with no accounts). */
export async function startAuthApp({
  port,
  mode,
  extraEnv = {},
}: {
  port: number;
  mode: 'password' | 'oidc';
  extraEnv?: Record<string, string>;
}): Promise<RunningApp> {
  const root = process.cwd();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = path.join(root, `.data/e2e-auth-${mode}-${port}`);
  rmSync(dataDir, { recursive: true, force: true });
  const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      AUTH_MODE: mode,
      BETTER_AUTH_URL: origin,
      DATA_DIR: dataDir,
      AI_PROVIDER: 'offline',
      // The workspace boots no packages from the network in a test (see playwright.config.ts).
      PYODIDE_PACKAGES_URL: 'http://127.0.0.1:9/pyodide-mirror/',
      ...extraEnv,
    },
  });
  await waitForUrl(`${origin}/sign-in`, 120_000, child);
  return {
    origin,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
