// What WeChat's own stylesheet gives its built-in components and the page, for a browser that has
// never heard of them. All in :where(), so any wxss rule wins, as it does in WeChat.
import { iconFontFace } from './icon-font';

const rules = [
  'html,body{margin:0;padding:0}',
  // The page root: WeChat paints its background over the whole window.
  ':where(page){display:block;min-height:100vh;font-size:16px;line-height:1.4;-webkit-text-size-adjust:100%}',
  ':where(wx-view,wx-scroll-view,wx-swiper,wx-swiper-item,wx-cover-view,wx-movable-area,wx-form,wx-navigator,wx-rich-text,wx-picker,wx-picker-view,wx-progress,wx-map,wx-video,wx-camera,wx-canvas,wx-web-view){display:block}',
  ':where(wx-text,wx-label,wx-icon){display:inline}',
  ':where(wx-scroll-view){overflow:auto;scrollbar-width:none}',
  ':where(wx-swiper){overflow:hidden;height:150px}',
  ':where(wx-image){display:inline-block;overflow:hidden;width:320px;height:240px}',
  ':where(wx-image) > img{display:block;width:100%;height:100%;object-fit:fill}',
  ':where(wx-image[mode=aspectFit]) > img{object-fit:contain}',
  ':where(wx-image[mode=aspectFill]) > img{object-fit:cover}',
  ':where(wx-image[mode=widthFix]){height:auto}',
  ':where(wx-image[mode=widthFix]) > img{height:auto}',
  ':where(wx-input){display:block;height:1.4em;min-height:1.4em;overflow:hidden;white-space:nowrap}',
  ':where(wx-textarea){display:block;width:300px;height:150px;position:relative}',
  ':where(wx-input,wx-textarea) > :where(input,textarea){all:unset;display:block;box-sizing:border-box;width:100%;height:100%;font:inherit;color:inherit;text-align:inherit;line-height:inherit}',
  ':where(wx-input,wx-textarea) > :where(input,textarea)::placeholder{color:#808080}',
  // The classic button (Vant's wxss is written against it, and clears its ::after border).
  ':where(wx-button){position:relative;display:block;margin-left:auto;margin-right:auto;padding-left:14px;padding-right:14px;box-sizing:border-box;font-size:18px;text-align:center;text-decoration:none;line-height:2.55555556;border-radius:5px;overflow:hidden;color:#000;background-color:#f8f8f8}',
  ':where(wx-button)::after{content:" ";width:200%;height:200%;position:absolute;top:0;left:0;border:1px solid rgba(0,0,0,.2);transform:scale(.5);transform-origin:0 0;box-sizing:border-box;border-radius:10px}',
  ':where(wx-button[size=mini]){display:inline-block;line-height:2.3;font-size:13px;padding:0 1.34em}',
  ':where(wx-button[type=primary]){color:#fff;background-color:#1aad19}',
  ':where(wx-button[type=warn]){color:#fff;background-color:#e64340}',
  ':where(wx-button[disabled]){color:rgba(0,0,0,.3);background-color:#f7f7f7}',
  '[hidden]{display:none!important}',
];

/** The base stylesheet: WeChat's defaults and Vant's icon font served locally. */
export function wechatBaseCss(): string {
  return [iconFontFace(), ...rules].join('\n');
}
