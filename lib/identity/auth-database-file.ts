/**
 * Better Auth's SQLite file under DATA_DIR (lib/identity/auth.ts), also where the usage counters live in the sign-in
 * modes (lib/limits/counter-db.ts). A dot-file: never a storage key, so the local driver never lists or serves it.
 */
export const AUTH_SQLITE_FILE = '.auth.sqlite';
