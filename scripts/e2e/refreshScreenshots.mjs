// Copies the screenshots of the last end-to-end run (test/e2e/out/screenshots/, ignored by
// git) over the tracked images: the e2e gallery in test/e2e/screenshots/ and the three
// pictures the README and the walkthrough show. Run `npm run test:e2e` first; this is the
// only step that changes tracked images, so a test run always leaves `git status` clean.
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './codeServer.mjs';

const FROM = join(REPO, 'test', 'e2e', 'out', 'screenshots');
const GALLERY = join(REPO, 'test', 'e2e', 'screenshots');
/** README and walkthrough image ← the UI suite's screenshot it shows. */
const PICTURES = {
  'media/walkthrough/lenses.png': 'editor-with-lenses.png',
  'media/walkthrough/compare.png': 'compare-view.png',
  'media/walkthrough/hover.png': 'hover-instance.png',
};

const taken = existsSync(FROM) ? readdirSync(FROM).filter((name) => name.endsWith('.png') && !name.startsWith('failure-')) : [];
const missing = [...new Set(Object.values(PICTURES))].filter((name) => !taken.includes(name));
if (taken.length === 0 || missing.length > 0) {
  console.error(`No complete screenshot set in ${FROM}${missing.length > 0 ? ` (missing ${missing.join(', ')})` : ''}: run \`npm run test:e2e\` first.`);
  process.exit(1);
}
for (const name of taken) copyFileSync(join(FROM, name), join(GALLERY, name));
for (const [target, name] of Object.entries(PICTURES)) copyFileSync(join(FROM, name), join(REPO, target));
console.log(`Copied ${taken.length} screenshots into test/e2e/screenshots/ and ${Object.keys(PICTURES).length} into media/walkthrough/.`);
