// After changing samen.css: writes its SRI hash into samen.js (EmbedResourceTest fails until they agree).
//   node browser-tests/pin-styles.mjs
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('../src/main/resources/META-INF/resources/embed/v1/', import.meta.url);
const hash = `sha384-${createHash('sha384').update(readFileSync(new URL('samen.css', dir))).digest('base64')}`;
const js = new URL('samen.js', dir);
writeFileSync(js, readFileSync(js, 'utf8').replace(/const STYLES_INTEGRITY = '[^']*';/, `const STYLES_INTEGRITY = '${hash}';`));
console.log(hash);
