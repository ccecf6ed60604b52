// Brings WeChat's own API typings (miniprogram-api-typings) into the test program without its
// global `require`, `setTimeout` and `console`, which would clash with Node's.
//
// The package's index.d.ts declares those globals next to a few helper types; lib.wx.api.d.ts holds
// the API itself. So we reference only the API file and restate the helpers it needs, copied from
// the package's index.d.ts (the Web Audio and WebGL names are `any` there too).

/* eslint-disable @typescript-eslint/no-explicit-any -- these mirror the package's own helper types */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- a global script, not a module
/// <reference path="../../node_modules/miniprogram-api-typings/types/wx/lib.wx.api.d.ts" />

declare namespace WechatMiniprogram {
  type IAnyObject = Record<string, any>;
  type Optional<F> = F extends (arg: infer P) => infer R ? (arg?: P) => R : F;
  type OptionalInterface<T> = { [K in keyof T]: Optional<T[K]> };
  interface AsyncMethodOptionLike {
    success?: (...args: any[]) => void;
  }
  type PromisifySuccessResult<P, T extends AsyncMethodOptionLike> = P extends { success: any }
    ? void
    : P extends { fail: any }
      ? void
      : P extends { complete: any }
        ? void
        : Promise<Parameters<Exclude<T['success'], undefined>>[0]>;

  type IIRFilterNode = any;
  type WaveShaperNode = any;
  type ConstantSourceNode = any;
  type OscillatorNode = any;
  type GainNode = any;
  type BiquadFilterNode = any;
  type PeriodicWaveNode = any;
  type AudioNode = any;
  type ChannelSplitterNode = any;
  type ChannelMergerNode = any;
  type DelayNode = any;
  type DynamicsCompressorNode = any;
  type ScriptProcessorNode = any;
  type PannerNode = any;
  type AnalyserNode = any;
  type WebGLTexture = any;
  type WebGLRenderingContext = any;
}

/** `wx.cloud`'s type lives in another file of the package; the stand-in has no cloud. */
type WxCloud = any;
