// The build's command line: the output folder in either spelling, and no option silently ignored
// (a mistyped one built over the DevTools build in dist/miniprogram/).
import path from 'node:path';
import { defaultOutDir, outDirFromArgs } from '../../scripts/build-miniprogram';

describe('outDirFromArgs', () => {
  it('builds into dist/miniprogram/ by default', () => {
    expect(outDirFromArgs([])).toBe(defaultOutDir);
    expect(defaultOutDir).toBe(path.resolve(__dirname, '../../dist/miniprogram'));
  });

  it('takes --out DIR and --out=DIR', () => {
    expect(outDirFromArgs(['--out', '/tmp/mp'])).toBe('/tmp/mp');
    expect(outDirFromArgs(['--out=/tmp/mp'])).toBe('/tmp/mp');
  });

  it('refuses an unknown option, a stray argument and an --out without a folder', () => {
    expect(() => outDirFromArgs(['--outdir', '/tmp/mp'])).toThrow(
      /--outdir[\s\S]*usage: npm run build/,
    );
    expect(() => outDirFromArgs(['/tmp/mp'])).toThrow(/usage: npm run build/);
    expect(() => outDirFromArgs(['--out'])).toThrow(/--out/);
    expect(() => outDirFromArgs(['--out='])).toThrow('--out needs a folder');
  });
});
