// Writes each ```graphql block of ../README.md to operations/readme-<n>.graphql, so that
// graphql-codegen checks and types the operations the README shows.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
const blocks = [...readme.matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((m) => m[1]);
if (blocks.length === 0) {
  console.error("README.md has no ```graphql block");
  process.exit(1);
}
const out = join(here, "operations");
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
blocks.forEach((block, i) => {
  writeFileSync(join(out, `readme-${String(i + 1).padStart(2, "0")}.graphql`), block);
});
console.log(`${blocks.length} README block(s) written to operations/`);
