// Bundles the bot and the operator CLI into dist/ with esbuild: our TypeScript
// (and the generated Prisma clients) in one file each, packages from
// node_modules left as imports. Running plain JS starts faster and uses less
// memory than compiling TypeScript on the fly.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Packages stay imports, except the holiday data (a JSON file, bundled as data).
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => name !== 'chinese-days');
await build({
  entryPoints: { main: join(root, 'src/main.ts'), cli: join(root, 'src/cli.ts') },
  outdir: join(root, 'dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external,
  sourcemap: 'linked',
  logLevel: 'warning',
});
