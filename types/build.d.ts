// Constants esbuild.mjs writes into the bundles (`define`), so a release's version is
// read from package.json once, at build time, and never copied into the source.
/** The package version, e.g. "0.1.0". */
declare const INFERENCE_LENS_VERSION: string;
