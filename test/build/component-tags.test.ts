// Every custom component a page or component's template uses is declared in its own .json, as
// WeChat requires: an undeclared tag renders as nothing on a phone. Page tests draw one as a bare
// tag, but only on the screens they render; this reads every template, rendered or not.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../miniprogram');

/** WeChat's own tags with a dash (the others have none, and a custom component always has one). */
const builtIn = new Set([
  'scroll-view',
  'swiper-item',
  'movable-area',
  'movable-view',
  'cover-view',
  'cover-image',
  'rich-text',
  'picker-view',
  'picker-view-column',
  'checkbox-group',
  'radio-group',
  'web-view',
  'open-data',
  'official-account',
  'live-player',
  'live-pusher',
  'functional-page-navigator',
  'page-meta',
  'navigation-bar',
  'keyboard-accessory',
  'root-portal',
  'page-container',
  'share-element',
  'match-media',
  'voip-room',
  'grid-view',
  'list-view',
  'sticky-header',
  'sticky-section',
]);

function templates(): string[] {
  const found: string[] = [];
  for (const folder of ['pages', 'components', 'customer'])
    for (const file of fs.readdirSync(path.join(root, folder), { recursive: true }) as string[])
      if (file.endsWith('.wxml')) found.push(path.join(folder, file));
  return found.sort();
}

function undeclaredTags(template: string): string[] {
  const markup = fs.readFileSync(path.join(root, template), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const json = path.join(root, template.replace(/\.wxml$/, '.json'));
  const declared = fs.existsSync(json)
    ? Object.keys(
        (JSON.parse(fs.readFileSync(json, 'utf8')) as { usingComponents?: object })
          .usingComponents ?? {},
      )
    : [];
  const used = new Set(
    [...markup.matchAll(/<([a-z][a-z0-9]*(?:-[a-z0-9]+)+)[\s/>]/g)].map((m) => m[1]),
  );
  return [...used].filter((tag) => !builtIn.has(tag) && !declared.includes(tag)).sort();
}

test('the check reads the templates', () => {
  expect(templates()).toContain(path.join('pages', 'register', 'index.wxml'));
  expect(undeclaredTags(path.join('pages', 'register', 'index.wxml'))).toEqual([]);
});

test.each(templates())('%s declares every component it uses', (template) => {
  expect(undeclaredTags(template)).toEqual([]);
});
