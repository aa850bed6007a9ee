// Types of bundle-plugins.mjs, for bench/cold-start-profile.ts.
import type { BuildOptions, Plugin } from 'esbuild'

export declare const BUNDLE_PLUGINS: Plugin[]
export declare const FUNCTION_BUNDLE_OPTIONS: BuildOptions & { banner: { js: string } }
