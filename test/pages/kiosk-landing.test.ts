/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A kiosk nobody is signed in on lands on the self-order screen: the app opens at sign-in, which
// sends it on.
import { seededPerTest } from './support/seeded';
import { setUpPages, settle } from './support/pages';

const pages = setUpPages();
seededPerTest(pages, { kind: 'kiosk', staff: null });

test('the sign-in screen sends a kiosk to the self-order screen', async () => {
  pages.render('pages/sign-in/index');
  await settle(pages);
  expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/kiosk/index' });
});
