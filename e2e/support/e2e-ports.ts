// Loopback ports of the e2e servers, shared by playwright.config.ts and the specs.
/** The app on local storage (every spec but the S3 one). */
export const LOCAL_APP_PORT = Number(process.env.E2E_PORT ?? 3217);
/** The same build on STORAGE=s3, started by e2e/support/start-s3-app.mjs. */
export const S3_APP_PORT = Number(process.env.E2E_S3_PORT ?? 3218);
/** The in-process s3rver that app talks to (and the browser uploads to). */
export const S3RVER_PORT = Number(process.env.E2E_S3RVER_PORT ?? 3219);
export const S3_BUCKET = 'e2e-bucket';
/** A page on another loopback origin that EMBED_ALLOWED_ORIGINS lets frame /embed/<id> (e2e/share.spec.ts). */
export const EMBED_PARENT_PORT = Number(process.env.E2E_EMBED_PARENT_PORT ?? 3227);
/** A page on another loopback origin that is NOT allowed to frame the embed. */
export const EMBED_STRANGER_PORT = Number(process.env.E2E_EMBED_STRANGER_PORT ?? 3228);
/** A PEP 503 index of test wheels that e2e/wheels.spec.ts serves; the local app's PYTHON_WHEELS_URL points at it. */
export const WHEEL_INDEX_PORT = Number(process.env.E2E_WHEEL_INDEX_PORT ?? 3229);
/** The OpenID provider (oidc-provider) that e2e/auth.spec.ts starts on loopback for the single sign-on test. */
export const OIDC_PROVIDER_PORT = Number(process.env.E2E_OIDC_PORT ?? 3230);
/** The same build with AUTH_MODE=password, started by e2e/auth.spec.ts itself (e2e/support/auth-apps.ts). */
export const AUTH_PASSWORD_APP_PORT = Number(process.env.E2E_AUTH_PASSWORD_PORT ?? 3231);
/** The same build with AUTH_MODE=oidc against that provider. */
export const AUTH_OIDC_APP_PORT = Number(process.env.E2E_AUTH_OIDC_PORT ?? 3232);
/**
 * The scripted OpenAI-compatible LLM server (e2e/support/start-llm-server.mjs): the local app's
 * OPENAI_COMPATIBLE_BASE_URL, answering from e2e/fixtures/ask-script.json.
 */
export const LLM_SERVER_PORT = Number(process.env.E2E_LLM_PORT ?? 3233);
