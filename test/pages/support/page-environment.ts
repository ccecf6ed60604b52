// The jest environment of the page tests: jsdom for miniprogram-simulate's rendering, with Node's
// timers, fetch and encoders kept, so a real sync server and the wx stand-in run in the same test.
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-jsdom';

export default class PageEnvironment extends TestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    // Node's package entries, not browser builds: `ws` in the stand-in must be the real client.
    const projectConfig = {
      ...config.projectConfig,
      testEnvironmentOptions: {
        ...config.projectConfig.testEnvironmentOptions,
        customExportConditions: ['node', 'node-addons'],
      },
    };
    super({ ...config, projectConfig }, context);
    // The server's heartbeat calls unref() on its interval: Node timers, not the window's.
    Object.assign(this.global, {
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      setImmediate,
      clearImmediate,
      queueMicrotask,
      fetch,
      Buffer,
      TextEncoder,
      TextDecoder,
      structuredClone,
    });
  }
}
