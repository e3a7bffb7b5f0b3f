export declare function makeBootSnapshot(args: { pyodideDir: string }): Promise<Uint8Array>;
