// The build's last step (npm run build): compiles every template under templates/ with the
// built renderer, which checks each one as it would at boot, and saves the result where the
// app looks for it (dist/templates.precompiled.json). A start then reuses it instead of
// compiling some forty templates; a template edited after the build is compiled at boot.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const load = (file) => import(pathToFileURL(join(dist, 'src/platform/templates', file)).href);
const { TemplateRenderer } = await load('template-renderer.js');
const { findTemplatesRoot, PRECOMPILED_TEMPLATES_PATH } = await load('templates-root.js');

const precompiled = new TemplateRenderer(findTemplatesRoot()).precompiled();
writeFileSync(PRECOMPILED_TEMPLATES_PATH, JSON.stringify(precompiled));
console.log(
  `templates: ${Object.keys(precompiled.specs).length} compiled into ${PRECOMPILED_TEMPLATES_PATH}`,
);
