// Runs a benchmark on the compiled build (dist/, the code `serve` runs) instead of the
// TypeScript sources through tsx, whose transform wraps every function in a naming helper
// (about a tenth of the planner's time): each import that resolves to src/**/*.ts is loaded
// from dist/**/*.js. The benchmark files themselves stay TypeScript. `tsc -p
// tsconfig.build.json` first (the npm scripts do).
import { register } from 'node:module';

register('./compiledHooks.ts', import.meta.url);
