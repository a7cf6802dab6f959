// esbuild's text loader turns these imports into their file's contents (see esbuild.mjs).
declare module '*.yaml' {
  const text: string;
  export default text;
}
