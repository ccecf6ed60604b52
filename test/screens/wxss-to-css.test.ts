// WXSS to CSS for the screen pictures: rpx by the screen's width (750rpx is the whole screen),
// :host and WeChat's built-in tags as the DOM miniprogram-simulate renders, Vant's remote icon
// font left out, and nothing else touched (strings, data URLs, class names that look like tags).
import {
  pxPerRpx,
  rpxToPx,
  translateSelectors,
  wxssToCss,
} from '../../scripts/screens/wxss-to-css';

const phone = { screenWidth: 375, hostTag: 'van-icon' };
const tablet = { screenWidth: 1024, hostTag: 'van-icon' };

test('1rpx is half a px on a 375px-wide phone, and 750rpx is the whole width of any screen', () => {
  expect(pxPerRpx(375)).toBe(0.5);
  expect(rpxToPx('width: 100rpx', 375)).toBe('width: 50px');
  expect(rpxToPx('width: 750rpx', 1024)).toBe('width: 1024px');
  expect(rpxToPx('width: 750rpx', 1280)).toBe('width: 1280px');
  expect(rpxToPx('margin: -24rpx 0.5rpx .5rpx 1RPX', 375)).toBe(
    'margin: -12px 0.25px 0.25px 0.5px',
  );
  // Rounded to a thousandth: 28rpx on a 1024px tablet.
  expect(rpxToPx('font-size:28rpx', 1024)).toBe('font-size:38.229px');
  // Only rpx: px, em and names that merely contain "rpx" stay.
  expect(rpxToPx('width:10px;height:2em;--a-rpxish:1', 375)).toBe(
    'width:10px;height:2em;--a-rpxish:1',
  );
});

test('rpx in rules, in media queries and in keyframes; the same WXSS differs by screen width', () => {
  const wxss =
    '.main--a{padding:16rpx 24rpx}@media (min-width:600px){.main--a{padding:32rpx}}' +
    '@keyframes grow{from{width:0rpx}to{width:300rpx}}';
  expect(wxssToCss(wxss, phone).css).toBe(
    [
      '.main--a{padding:8px 12px}',
      '@media (min-width:600px){',
      '.main--a{padding:16px}',
      '}',
      '@keyframes grow{',
      'from{width:0px}',
      'to{width:150px}',
      '}',
    ].join('\n'),
  );
  expect(wxssToCss('.main--a{width:375rpx}', tablet).css).toBe('.main--a{width:512px}');
});

test(':host becomes the component’s tag; built-in tags become simulate’s wx- elements', () => {
  expect(translateSelectors(':host', 'van-icon')).toBe('van-icon');
  expect(translateSelectors(':host(.x) .y', 'van-icon')).toBe('van-icon.x .y');
  expect(translateSelectors('view, .main--a > text, scroll-view', 'main')).toBe(
    'wx-view, .main--a > wx-text, wx-scroll-view',
  );
  expect(translateSelectors('button:after', 'van-button')).toBe('wx-button:after');
  // Class names, ids, attributes and custom tags that contain a built-in's name stay as they are.
  expect(translateSelectors('.main--view .text #image van-icon [type=text]', 'main')).toBe(
    '.main--view .text #image van-icon [type=text]',
  );
  // `page` stays: the HTML has a page element, as WeChat does.
  expect(translateSelectors('page', 'main')).toBe('page');
});

test('Vant’s CDN icon font is left out; a data URL font, strings and comments survive', () => {
  const cdn =
    '@font-face{font-family:vant-icon;src:url(//at.alicdn.com/t/font.woff2?t=1) format("woff2")}';
  const local = '@font-face{font-family:x;src:url(data:font/woff2;base64,AAA;B{}) format("woff2")}';
  const translated = wxssToCss(
    `${cdn}${local}/* 10rpx */.van-icon--a:before{content:"a{b}10rpx"}`,
    phone,
  );
  expect(translated.dropped).toEqual([cdn]);
  expect(translated.css).not.toContain('alicdn');
  expect(translated.css).toContain('url(data:font/woff2;base64,AAA;B{})');
  expect(translated.css).toContain('.van-icon--a:before{content:"a{b}10rpx"}');
  expect(translated.css).not.toContain('/*');
  expect(wxssToCss('@font-face{src:url(https://x.test/a.woff)}', phone).dropped).toHaveLength(1);
});
