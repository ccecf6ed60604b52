// The staff's pages and components are sized in px, like Vant's controls. rpx is a 750th of the
// screen's width, so on a landscape tablet (1024 px) it makes text 1.4 times a phone's, beside Vant
// buttons that stay in px. The customer's subpackage is opened on phones only and may use rpx.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../miniprogram');
const phonesOnly = path.join(root, 'customer');

function staffFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return file === phonesOnly ? [] : staffFiles(file);
    return /\.(wxss|wxml)$/.test(entry.name) ? [file] : [];
  });
}

/** Each `12rpx` in a file's text, as `file:line: text`. */
function rpxSizes(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, index) =>
      /\d\s*rpx\b/i.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [],
    );
}

test('the staff pages and components are read from the app, and the customer pages are not', () => {
  const files = staffFiles(root).map((file) => path.relative(root, file));
  expect(files).toEqual(
    expect.arrayContaining([
      'app.wxss',
      path.join('pages', 'checkout', 'index.wxss'),
      path.join('pages', 'checkout', 'index.wxml'),
      path.join('components', 'sync-badge', 'index.wxss'),
    ]),
  );
  expect(files.filter((file) => file.startsWith('customer'))).toEqual([]);
});

test('no staff page or component is sized in rpx, in its stylesheet or its template', () => {
  const found = staffFiles(root).flatMap((file) =>
    rpxSizes(path.relative(root, file), fs.readFileSync(file, 'utf8')),
  );
  expect(found).toEqual([]);
});

test('an rpx size is found wherever it is written, with its line', () => {
  const text = '.a {\n  font-size: 26rpx;\n}\n<van-icon size="120 RPX" />\n.b { width: 50px; }';
  expect(rpxSizes('x.wxss', text)).toEqual([
    'x.wxss:2: font-size: 26rpx;',
    'x.wxss:4: <van-icon size="120 RPX" />',
  ]);
});
