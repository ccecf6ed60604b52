// The receipt encoder inside the built core bundle, run as WeChat runs it: no require, Buffer,
// structuredClone or code generation. It must make the same bytes as in Node.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { encodeReceipt, layoutReceipt } from '@pos/shared';
import { builtRoot, ensureBuilt } from '../pages/support/pages';
import { receiptFixtureContext, receiptFixtureOrder } from '../support/receipt-fixture';

test('the built core encodes a receipt without Node or web APIs, byte for byte as in Node', () => {
  ensureBuilt();
  const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
  expect(
    vm.runInContext('typeof structuredClone + typeof Buffer + typeof TextEncoder', context),
  ).toBe('undefinedundefinedundefined');
  const source = fs.readFileSync(
    path.join(builtRoot, 'miniprogram_npm', '@pos', 'shared', 'index.js'),
    'utf8',
  );
  const module = { exports: {} as Record<string, unknown> };
  vm.runInContext(`(function (module, exports) {${source}\n})`, context)(module, module.exports);
  context.core = module.exports;
  context.order = receiptFixtureOrder();
  context.receiptContext = receiptFixtureContext;
  for (const paper of ['58mm', '80mm'] as const) {
    const inWeChat = vm.runInContext(
      `Array.from(core.encodeReceipt(core.layoutReceipt(order, receiptContext, '${paper}')))`,
      context,
    ) as number[];
    const inNode = encodeReceipt(
      layoutReceipt(receiptFixtureOrder(), receiptFixtureContext, paper),
    );
    expect(inWeChat).toEqual([...inNode]);
  }
});
