// Virtual module generated at build time by scripts/prepare-assets.mjs: every workers/python/*.py, name → source.
declare module 'kernel-python-sources' {
  const sources: Record<string, string>;
  export default sources;
}
