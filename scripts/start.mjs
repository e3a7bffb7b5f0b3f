#!/usr/bin/env node
// `npm start` / `npm run serve`: `next start` on the address lib/core/listen-address.mjs decides (loopback in
// AUTH_MODE=none unless the operator opts out explicitly), after saying where and why. The .env files are read the
// way Next reads them, so a mode set there counts here too.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nextEnv from '@next/env';
import { decideListenAddress } from '../lib/core/listen-address.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
nextEnv.loadEnvConfig(root, false, { info: () => undefined, error: console.error });

const decision = decideListenAddress(process.env);
if (!decision.ok) {
  console.error(`npm start: ${decision.message}`);
  process.exit(1);
}
console.log(decision.notice);

const args = ['start', '-p', decision.port, ...(decision.host ? ['-H', decision.host] : [])];
const server = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), ...args], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
