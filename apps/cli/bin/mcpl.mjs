#!/usr/bin/env node
// The mcpl bin: src/main.ts, on a Node that runs TypeScript whatever `node` started this file.
import { launchTypeScript } from '../../../scripts/launch-typescript.mjs'

await launchTypeScript(new URL('../src/main.ts', import.meta.url), 'mcpl')
