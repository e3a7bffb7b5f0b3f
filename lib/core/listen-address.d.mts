export type ListenDecision = { ok: true; host: string | undefined; port: string; notice: string } | { ok: false; message: string };
export declare function decideListenAddress(env: Record<string, string | undefined>): ListenDecision;
