// Types of bundle-plugins.mjs, for bench/cold-start-profile.ts.
import type { Plugin } from 'esbuild'

export declare const BUNDLE_PLUGINS: Plugin[]
