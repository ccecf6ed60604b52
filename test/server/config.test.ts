// Server configuration: defaults, env over file, and a message naming every bad value.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ConfigError,
  configEnvVars,
  configFileKeys,
  loadConfig,
  type ConfigFileReader,
} from '../../sync-server/config';

/** A reader over in-memory files; anything else does not exist. */
function files(contents: Record<string, string>): ConfigFileReader & { asked: string[] } {
  const asked: string[] = [];
  const reader = (file: string) => {
    asked.push(file);
    return contents[file];
  };
  return Object.assign(reader, { asked });
}

const noFiles = files({});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the defaults when nothing is set, after looking for ./pos.config.json', () => {
    const reader = files({});
    expect(loadConfig({}, reader)).toEqual({
      port: 8787,
      host: '0.0.0.0',
      dataDir: './data',
      storeName: null,
      businessDayStartMinutes: 240,
      utcOffsetMinutes: 480,
      rounding: { unit: 'none', mode: 'down' },
      storeRules: {
        discountApprovalBasisPoints: 2000,
        cashVarianceApprovalFen: 1000,
        pointsPerYuan: 1,
        pointsRedeemPerYuan: 100,
        offlineStoredValueCap: { perMember: 10000, perDevice: 50000 },
      },
      logLevel: 'info',
      configFile: null,
      wechatPay: null,
      miniProgram: null,
    });
    expect(reader.asked).toEqual(['./pos.config.json']);
  });

  it('reads every setting from the environment', () => {
    const config = loadConfig(
      {
        POS_PORT: '9000',
        POS_HOST: '127.0.0.1',
        POS_DATA_DIR: '/var/lib/pos',
        POS_STORE_NAME: '  街角咖啡  ',
        POS_BUSINESS_DAY_START: '23:59',
        POS_UTC_OFFSET_MINUTES: '-300',
        POS_ROUNDING: 'jiao-half-up',
        POS_LOG_LEVEL: 'debug',
      },
      noFiles,
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      dataDir: '/var/lib/pos',
      storeName: '街角咖啡',
      businessDayStartMinutes: 1439,
      utcOffsetMinutes: -300,
      rounding: { unit: 'jiao', mode: 'half-up' },
      logLevel: 'debug',
    });
  });

  it('reads the store rules, amounts in yuan as a person writes them', () => {
    const fromEnv = loadConfig(
      {
        POS_DISCOUNT_APPROVAL_PERCENT: '15',
        POS_CASH_VARIANCE_APPROVAL: '¥20.5',
        POS_POINTS_PER_YUAN: '0',
        POS_POINTS_REDEEM_PER_YUAN: '200',
        POS_OFFLINE_STORED_VALUE_PER_MEMBER: '0',
        POS_OFFLINE_STORED_VALUE_PER_DEVICE: '1,000',
      },
      noFiles,
    );
    expect(fromEnv.storeRules).toEqual({
      discountApprovalBasisPoints: 1500,
      cashVarianceApprovalFen: 2050,
      pointsPerYuan: 0,
      pointsRedeemPerYuan: 200,
      offlineStoredValueCap: { perMember: 0, perDevice: 100000 },
    });
    const fromFile = loadConfig(
      {},
      files({ './pos.config.json': JSON.stringify({ cashVarianceApproval: 7.5 }) }),
    );
    expect(fromFile.storeRules.cashVarianceApprovalFen).toBe(750);
  });

  it.each([
    ['POS_CASH_VARIANCE_APPROVAL', '-5', 'must be an amount in yuan from 0 to 100000'],
    ['POS_CASH_VARIANCE_APPROVAL', '10.005', 'must be an amount in yuan from 0 to 100000'],
    ['POS_OFFLINE_STORED_VALUE_PER_DEVICE', '100001', 'must be an amount in yuan from 0 to 100000'],
    ['POS_OFFLINE_STORED_VALUE_PER_MEMBER', 'lots', 'must be an amount in yuan from 0 to 100000'],
    ['POS_DISCOUNT_APPROVAL_PERCENT', '101', 'must be a whole percent 0-100'],
    ['POS_POINTS_PER_YUAN', '1.5', 'must be whole points 0-100'],
    ['POS_POINTS_REDEEM_PER_YUAN', '0', 'must be whole points 1-100000'],
  ])('refuses %s=%s, naming it and what is allowed', (name, value, allowed) => {
    const { problems } = configError(() => loadConfig({ [name]: value }, noFiles));
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`${name}=${JSON.stringify(value)}: ${allowed}`)).toBe(true);
  });

  it('refuses an offset in hours where minutes belong', () => {
    const { problems } = configError(() => loadConfig({ POS_UTC_OFFSET_MINUTES: '8' }, noFiles));
    expect(problems).toEqual([
      'POS_UTC_OFFSET_MINUTES="8": must be minutes (not hours) from -720 to 840, a multiple of 15 (China: 480)',
    ]);
    expect(loadConfig({ POS_UTC_OFFSET_MINUTES: '345' }, noFiles).utcOffsetMinutes).toBe(345);
  });

  it('names a malformed secret by its length, never printing it, and adds no "missing" for it', () => {
    // The real 32-character AppSecret with a stray character pasted after it.
    const secret = '0123456789abcdef0123456789ABCDEFx';
    const fromEnv = configError(() =>
      loadConfig({ POS_WECHAT_APPID: 'wxd678efh567hg6787', POS_WECHAT_APPSECRET: secret }, noFiles),
    );
    expect(fromEnv.problems).toEqual([
      expect.stringMatching(
        /^POS_WECHAT_APPSECRET=\(hidden, 33 characters\): must be the 32-character/,
      ),
    ]);
    const key = 'Zk3!pQ9rT6vX2mN8bL5cW1yH4jD7gF0'; // an APIv3 key with one character lost
    expect(
      configError(() => loadConfig({ POS_WECHATPAY_APIV3_KEY: key }, noFiles)).message,
    ).not.toContain(key);
    const fromFile = configError(() =>
      loadConfig(
        {},
        files({
          './pos.config.json': JSON.stringify({
            wechatAppId: 'wxd678efh567hg6787',
            wechatAppSecret: '"0123456789abcdef0123456789ABCDEF"',
          }),
        }),
      ),
    );
    expect(fromFile.message).toContain(
      './pos.config.json: wechatAppSecret=(hidden, 34 characters)',
    );
    expect(fromFile.message).not.toContain('0123456789abcdef');
  });

  it.each([
    ['none', { unit: 'none', mode: 'down' }],
    ['jiao-down', { unit: 'jiao', mode: 'down' }],
    ['jiao-half-up', { unit: 'jiao', mode: 'half-up' }],
    ['yuan-down', { unit: 'yuan', mode: 'down' }],
    ['yuan-half-up', { unit: 'yuan', mode: 'half-up' }],
  ])('maps rounding %s to the rule %o', (name, rule) => {
    expect(loadConfig({ POS_ROUNDING: name }, noFiles).rounding).toEqual(rule);
  });

  it('reads the default file when it exists, and the environment wins over it', () => {
    const reader = files({
      './pos.config.json': JSON.stringify({
        port: 8000,
        storeName: '文件里的店',
        rounding: 'yuan-down',
      }),
    });
    const config = loadConfig({ POS_PORT: '8001' }, reader);
    expect(config.port).toBe(8001);
    expect(config.storeName).toBe('文件里的店');
    expect(config.rounding).toEqual({ unit: 'yuan', mode: 'down' });
    expect(config.configFile).toBe('./pos.config.json');
  });

  it('reads a file saved with a UTF-8 byte order mark (Windows Notepad)', () => {
    const config = loadConfig({}, files({ './pos.config.json': '\uFEFF{"port": 9001}' }));
    expect(config.port).toBe(9001);
  });

  it('reads the file POS_CONFIG names instead of the default', () => {
    const reader = files({
      '/etc/pos.json': '{"businessDayStart": "00:00"}',
      './pos.config.json': '{"port": 1}',
    });
    const config = loadConfig({ POS_CONFIG: '/etc/pos.json' }, reader);
    expect(config.businessDayStartMinutes).toBe(0);
    expect(config.port).toBe(8787);
    expect(config.configFile).toBe('/etc/pos.json');
  });

  it('treats an empty variable as unset', () => {
    const reader = files({ './pos.config.json': '{"port": 8000}' });
    expect(loadConfig({ POS_PORT: '', POS_STORE_NAME: '  ' }, reader)).toMatchObject({
      port: 8000,
      storeName: null,
    });
  });

  it.each([
    ['POS_PORT', 'abc', 'must be a port number 0-65535'],
    ['POS_PORT', '65536', 'must be a port number 0-65535'],
    ['POS_PORT', '80.5', 'must be a port number 0-65535'],
    ['POS_HOST', 'my host', 'must be an IP address or a host name'],
    ['POS_DATA_DIR', 'data\0dir', 'must be a folder path'],
    ['POS_STORE_NAME', '店'.repeat(41), 'must be 1-40 characters'],
    ['POS_BUSINESS_DAY_START', '4:00', 'must be a time of day HH:MM'],
    ['POS_BUSINESS_DAY_START', '24:00', 'must be a time of day HH:MM'],
    ['POS_UTC_OFFSET_MINUTES', '900', 'must be minutes (not hours) from -720 to 840'],
    ['POS_UTC_OFFSET_MINUTES', 'eight', 'must be minutes (not hours) from -720 to 840'],
    [
      'POS_ROUNDING',
      'round',
      'must be one of none, jiao-down, jiao-half-up, yuan-down, yuan-half-up',
    ],
    ['POS_LOG_LEVEL', 'verbose', 'must be one of fatal, error, warn, info, debug, trace, silent'],
  ])('refuses %s=%j, naming it, the value and what is allowed', (name, value, allowed) => {
    const error = configError(() => loadConfig({ [name]: value }, noFiles));
    expect(error.problems).toHaveLength(1);
    expect(error.message.startsWith(`${name}=${JSON.stringify(value)}: ${allowed}`)).toBe(true);
  });

  it('names the file and key of a bad file value, with the JSON value', () => {
    const reader = files({
      './pos.config.json': JSON.stringify({ port: '8787', businessDayStart: 4, logLevel: 'loud' }),
    });
    const error = configError(() => loadConfig({}, reader));
    expect(error.problems).toEqual([
      './pos.config.json: port="8787": must be a port number 0-65535',
      './pos.config.json: businessDayStart=4: must be a time of day HH:MM from 00:00 to 23:59, such as 04:00',
      './pos.config.json: logLevel="loud": must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
    expect(error.message).toMatch(/^3 problems in the configuration:\n- /);
  });

  it('reports a bad variable even when the file has a good value for it', () => {
    const reader = files({ './pos.config.json': '{"port": 8000}' });
    expect(configError(() => loadConfig({ POS_PORT: 'x' }, reader)).problems).toEqual([
      'POS_PORT="x": must be a port number 0-65535',
    ]);
  });

  it('refuses unknown keys in the file, naming them, and ignores "//" comment keys', () => {
    const reader = files({
      './pos.config.json': JSON.stringify({
        '//': 'note',
        '// port': 'doc',
        prot: 1,
        colour: 'red',
      }),
    });
    const error = configError(() => loadConfig({}, reader));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('./pos.config.json: unknown keys "prot", "colour"');
    expect(error.message).toContain('allowed: port, host, dataDir');
  });

  it('refuses a missing file that POS_CONFIG names explicitly', () => {
    const error = configError(() => loadConfig({ POS_CONFIG: 'missing.json' }, noFiles));
    expect(error.message).toBe('POS_CONFIG="missing.json": the file does not exist');
  });

  it.each([
    ['{"port": 8787,}', /^\.\/pos\.config\.json: not valid JSON \(/],
    ['[1, 2]', /^\.\/pos\.config\.json: must be a JSON object/],
    ['null', /^\.\/pos\.config\.json: must be a JSON object/],
  ])('refuses a file holding %s', (text, message) => {
    expect(configError(() => loadConfig({}, files({ './pos.config.json': text }))).message).toMatch(
      message,
    );
  });

  it('reports a file that exists but cannot be read', () => {
    const unreadable: ConfigFileReader = () => {
      throw new Error('EACCES: permission denied');
    };
    expect(configError(() => loadConfig({}, unreadable)).message).toBe(
      './pos.config.json: cannot be read (EACCES: permission denied)',
    );
  });

  it('refuses a POS_ variable it does not know, naming the one meant, and ignores an empty one', () => {
    const error = configError(() =>
      loadConfig({ POS_LOGLEVEL: 'debug', POS_DATADIR: '/srv/pos', POS_COLOR: 'blue' }, noFiles),
    );
    expect(error.problems).toEqual([
      'POS_LOGLEVEL: not a setting of this server; did you mean POS_LOG_LEVEL?',
      'POS_DATADIR: not a setting of this server; did you mean POS_DATA_DIR?',
      expect.stringMatching(
        /^POS_COLOR: not a setting of this server \(the settings are POS_CONFIG, POS_PORT, .*POS_LOG_LEVEL\)$/,
      ),
    ]);
    expect(loadConfig({ POS_LOGLEVEL: '', PATH: '/bin', POS_CONFIG: '' }, noFiles).port).toBe(8787);
  });

  it('lists every problem at once', () => {
    const error = configError(() =>
      loadConfig({ POS_PORT: '-1', POS_LOG_LEVEL: 'x', POS_CONFIG: 'gone.json' }, noFiles),
    );
    expect(error.problems.map((problem) => problem.split('=')[0])).toEqual([
      'POS_CONFIG',
      'POS_PORT',
      'POS_LOG_LEVEL',
    ]);
  });
});

describe('pos.config.example.json', () => {
  const examplePath = path.join(__dirname, '..', '..', 'pos.config.example.json');
  const example = JSON.parse(fs.readFileSync(examplePath, 'utf8')) as Record<string, unknown>;

  it('loads as a valid config file', () => {
    const config = loadConfig(
      { POS_CONFIG: 'example.json' },
      files({ 'example.json': JSON.stringify(example) }),
    );
    expect(config.port).toBe(8787);
    expect(config.configFile).toBe('example.json');
  });

  it('sets and documents every key, with its environment variable', () => {
    for (const key of configFileKeys) {
      expect(example).toHaveProperty([key]);
      expect(String(example[`// ${key}`])).toContain(configEnvVars[key]);
    }
  });
});
