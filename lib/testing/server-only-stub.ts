// Vitest runs server modules outside Next; `server-only` throws there by design, so tests alias it to this file.
export {};
