// Catalog data files, parsed and validated at build time by esbuild.mjs and bundled as plain data.
declare module '*.yaml' {
  const data: unknown;
  export default data;
}
