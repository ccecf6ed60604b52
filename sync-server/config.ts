// The sync server's settings: environment variables over an optional JSON file over defaults.
// Every value is validated, so a typo stops the server with a message naming the variable or key.
import { z } from 'zod';
import type { RoundingRule } from '@pos/shared';
import { wechatPayConfig } from './payments/wechatpay-config';
import type { WechatPayConfig } from './payments/wechatpay-provider';
import { miniProgramConfig, type MiniProgramConfig } from './payments/mini-program-login';

/** Thrown for any bad setting; `problems` has one line per bad variable, key or file. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? problems[0]
        : `${problems.length} problems in the configuration:\n- ${problems.join('\n- ')}`,
    );
    this.name = 'ConfigError';
  }
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** The names a person writes for 抹零 (rounding of small change), and the rule each one means. */
export const roundingNames = {
  none: { unit: 'none', mode: 'down' },
  'jiao-down': { unit: 'jiao', mode: 'down' },
  'jiao-half-up': { unit: 'jiao', mode: 'half-up' },
  'yuan-down': { unit: 'yuan', mode: 'down' },
  'yuan-half-up': { unit: 'yuan', mode: 'half-up' },
} as const satisfies Record<string, RoundingRule>;
export type RoundingName = keyof typeof roundingNames;

export interface ServerConfig {
  port: number;
  host: string;
  /** Where lowdb keeps its JSON files; a relative path is relative to the working directory. */
  dataDir: string;
  /** Overrides the store's saved name; null keeps it (a new store starts with the demo name). */
  storeName: string | null;
  businessDayStartMinutes: number;
  utcOffsetMinutes: number;
  rounding: RoundingRule;
  logLevel: LogLevel;
  /** The file the settings were read from, or null when there was none. */
  configFile: string | null;
  /** A WeChat Pay merchant (every POS_WECHATPAY_* set), or null: the payment simulator. */
  wechatPay: WechatPayConfig | null;
  /** The mini-program's AppID and AppSecret (both POS_WECHAT_* set): customers pay inside it. */
  miniProgram: MiniProgramConfig | null;
}

/** Reads a file's text; returns undefined when the file does not exist (and throws for other failures). */
export type ConfigFileReader = (path: string) => string | undefined;

export const DEFAULT_CONFIG_FILE = './pos.config.json';

function timeOfDayToMinutes(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return hours * 60 + minutes;
}

// Each setting: its environment variable, the schema of its value (environment text for integer
// settings is turned into a number first) and what is allowed, which every error message repeats.
const settings = {
  port: {
    env: 'POS_PORT',
    integer: true,
    schema: z.number().int().min(0).max(65535),
    allowed: 'must be a port number 0-65535',
  },
  host: {
    env: 'POS_HOST',
    integer: false,
    schema: z.union([z.hostname(), z.ipv6()]),
    allowed: 'must be an IP address or a host name, such as 0.0.0.0 (every network) or 127.0.0.1',
  },
  dataDir: {
    env: 'POS_DATA_DIR',
    integer: false,
    schema: z
      .string()
      .min(1)
      .refine((path) => !path.includes('\0')),
    allowed: 'must be a folder path, such as ./data',
  },
  storeName: {
    env: 'POS_STORE_NAME',
    integer: false,
    schema: z.string().trim().min(1).max(40),
    allowed: 'must be 1-40 characters',
  },
  businessDayStart: {
    env: 'POS_BUSINESS_DAY_START',
    integer: false,
    schema: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .transform(timeOfDayToMinutes),
    allowed: 'must be a time of day HH:MM from 00:00 to 23:59, such as 04:00',
  },
  utcOffsetMinutes: {
    env: 'POS_UTC_OFFSET_MINUTES',
    integer: true,
    schema: z.number().int().min(-720).max(840),
    allowed: 'must be whole minutes from -720 to 840 (China: 480)',
  },
  rounding: {
    env: 'POS_ROUNDING',
    integer: false,
    schema: z
      .enum(Object.keys(roundingNames) as [RoundingName, ...RoundingName[]])
      .transform((name): RoundingRule => ({ ...roundingNames[name] })),
    allowed: `must be one of ${Object.keys(roundingNames).join(', ')}`,
  },
  wechatpayMchId: {
    env: 'POS_WECHATPAY_MCHID',
    integer: false,
    schema: z
      .string()
      .regex(/^\d{8,12}$/)
      .nullable(),
    allowed: 'must be the merchant id (商户号), 8-12 digits',
  },
  wechatpayAppId: {
    env: 'POS_WECHATPAY_APPID',
    integer: false,
    schema: z
      .string()
      .regex(/^wx[0-9a-zA-Z]{16}$/)
      .nullable(),
    allowed: 'must be the mini-program AppID bound to the merchant, such as wxd678efh567hg6787',
  },
  wechatpayCertSerial: {
    env: 'POS_WECHATPAY_CERT_SERIAL',
    integer: false,
    schema: z
      .string()
      .regex(/^[0-9A-Fa-f]{8,64}$/)
      .nullable(),
    allowed: 'must be the merchant API certificate serial number (hex)',
  },
  wechatpayPrivateKeyFile: {
    env: 'POS_WECHATPAY_PRIVATE_KEY_FILE',
    integer: false,
    schema: z.string().min(1).nullable(),
    allowed: 'must be the path of the merchant private key, apiclient_key.pem',
  },
  wechatpayApiV3Key: {
    env: 'POS_WECHATPAY_APIV3_KEY',
    integer: false,
    schema: z
      .string()
      .regex(/^[\x21-\x7e]{32}$/)
      .nullable(),
    allowed: 'must be the 32-character APIv3 key set in the merchant platform',
  },
  wechatpayPlatformSerial: {
    env: 'POS_WECHATPAY_PLATFORM_SERIAL',
    integer: false,
    schema: z
      .string()
      .regex(/^[0-9A-Za-z_]{8,64}$/)
      .nullable(),
    allowed: 'must be the WeChat Pay public key id (PUB_KEY_ID_...) or platform certificate serial',
  },
  wechatpayPlatformKeyFile: {
    env: 'POS_WECHATPAY_PLATFORM_KEY_FILE',
    integer: false,
    schema: z.string().min(1).nullable(),
    allowed: 'must be the path of the WeChat Pay public key or platform certificate (PEM)',
  },
  wechatpayNotifyUrl: {
    env: 'POS_WECHATPAY_NOTIFY_URL',
    integer: false,
    schema: z.url({ protocol: /^https$/ }).nullable(),
    allowed: 'must be an https address WeChat Pay posts notifications to (the server also polls)',
  },
  wechatpayBaseUrl: {
    env: 'POS_WECHATPAY_BASE_URL',
    integer: false,
    schema: z.url({ protocol: /^https?$/ }).nullable(),
    allowed: 'must be a URL; default https://api.mch.weixin.qq.com',
  },
  wechatAppId: {
    env: 'POS_WECHAT_APPID',
    integer: false,
    schema: z
      .string()
      .regex(/^wx[0-9a-zA-Z]{16}$/)
      .nullable(),
    allowed: 'must be the mini-program AppID, such as wxd678efh567hg6787',
  },
  wechatAppSecret: {
    env: 'POS_WECHAT_APPSECRET',
    integer: false,
    schema: z
      .string()
      .regex(/^[0-9a-zA-Z]{32}$/)
      .nullable(),
    allowed:
      'must be the 32-character AppSecret from the mini-program admin (a secret: prefer the environment)',
  },
  wechatApiBaseUrl: {
    env: 'POS_WECHAT_API_BASE_URL',
    integer: false,
    schema: z.url({ protocol: /^https?$/ }).nullable(),
    allowed: 'must be a URL; default https://api.weixin.qq.com',
  },
  logLevel: {
    env: 'POS_LOG_LEVEL',
    integer: false,
    schema: z.enum(logLevels),
    allowed: `must be one of ${logLevels.join(', ')}`,
  },
} as const;

type SettingKey = keyof typeof settings;
type SettingValue<K extends SettingKey> = z.output<(typeof settings)[K]['schema']>;

/** The keys a config file may have. Keys starting with "//" are comments and are ignored. */
export const configFileKeys = Object.keys(settings) as SettingKey[];

/** The environment variable for each config file key. */
export const configEnvVars = Object.fromEntries(
  configFileKeys.map((key) => [key, settings[key].env]),
) as Record<SettingKey, string>;

interface Sources {
  env: Record<string, string | undefined>;
  file: { path: string; values: Record<string, unknown> } | null;
  problems: string[];
}

/** A setting's value from the environment, else the file; undefined when neither sets it. */
function readSetting<K extends SettingKey>(key: K, sources: Sources): SettingValue<K> | undefined {
  const setting = settings[key];
  const envText = sources.env[setting.env]?.trim();
  // An empty variable counts as unset, as `POS_STORE_NAME=` in a compose file means.
  if (envText) {
    const where = `${setting.env}=${JSON.stringify(envText)}`;
    const value = setting.integer && /^[+-]?\d+$/.test(envText) ? Number(envText) : envText;
    return validate(key, value, where, sources.problems);
  }
  if (sources.file && key in sources.file.values) {
    const value = sources.file.values[key];
    const where = `${sources.file.path}: ${key}=${JSON.stringify(value)}`;
    return validate(key, value, where, sources.problems);
  }
  return undefined;
}

function validate<K extends SettingKey>(
  key: K,
  value: unknown,
  where: string,
  problems: string[],
): SettingValue<K> | undefined {
  const setting = settings[key];
  // Widened to one schema type: TypeScript cannot follow the key to its own schema here.
  const schema: z.ZodType = setting.schema;
  const result = schema.safeParse(value);
  if (result.success) return result.data as SettingValue<K>;
  problems.push(`${where}: ${setting.allowed}`);
  return undefined;
}

/** Reads and checks the config file; records a problem and returns null when it is unusable. */
function readConfigFile(
  path: string,
  explicit: boolean,
  readFile: ConfigFileReader,
  problems: string[],
): Sources['file'] {
  let text: string | undefined;
  try {
    text = readFile(path);
  } catch (error) {
    problems.push(`${path}: cannot be read (${(error as Error).message})`);
    return null;
  }
  if (text === undefined) {
    if (explicit) problems.push(`POS_CONFIG=${JSON.stringify(path)}: the file does not exist`);
    return null;
  }
  let parsed: unknown;
  try {
    // Windows Notepad saves UTF-8 with a byte order mark, invisible to the person who wrote the file.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    problems.push(`${path}: not valid JSON (${(error as Error).message})`);
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`${path}: must be a JSON object, such as {"port": 8787}`);
    return null;
  }
  const values = parsed as Record<string, unknown>;
  const known = new Set<string>(configFileKeys);
  const unknown = Object.keys(values).filter((key) => !key.startsWith('//') && !known.has(key));
  if (unknown.length > 0) {
    problems.push(
      `${path}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => JSON.stringify(key)).join(', ')}; ` +
        `allowed: ${configFileKeys.join(', ')} (and "//" comments)`,
    );
  }
  return { path, values };
}

/**
 * A POS_ variable the server does not know is a typo (POS_DATADIR, POS_LOGLEVEL): ignoring it would
 * start the server on the default while the operator believes the setting took.
 */
function checkUnknownVariables(env: Record<string, string | undefined>, problems: string[]): void {
  const known = ['POS_CONFIG', ...Object.values(configEnvVars)];
  const squash = (name: string) => name.replace(/_/g, '');
  for (const name of Object.keys(env)) {
    if (!name.startsWith('POS_') || known.includes(name) || !env[name]?.trim()) continue;
    const like = known.find((other) => squash(other) === squash(name));
    problems.push(
      like
        ? `${name}: not a setting of this server; did you mean ${like}?`
        : `${name}: not a setting of this server (the settings are ${known.join(', ')})`,
    );
  }
}

/**
 * The server's configuration from `env` (POS_* variables) over the JSON file named by POS_CONFIG
 * (or ./pos.config.json when it exists) over defaults. Throws a ConfigError listing every problem.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  readFile: ConfigFileReader,
): ServerConfig {
  const problems: string[] = [];
  const explicitPath = env.POS_CONFIG?.trim();
  const path = explicitPath || DEFAULT_CONFIG_FILE;
  const file = readConfigFile(path, Boolean(explicitPath), readFile, problems);
  const sources: Sources = { env, file, problems };
  checkUnknownVariables(env, problems);

  const config: ServerConfig = {
    port: readSetting('port', sources) ?? 8787,
    host: readSetting('host', sources) ?? '0.0.0.0',
    dataDir: readSetting('dataDir', sources) ?? './data',
    storeName: readSetting('storeName', sources) ?? null,
    businessDayStartMinutes: readSetting('businessDayStart', sources) ?? 4 * 60,
    utcOffsetMinutes: readSetting('utcOffsetMinutes', sources) ?? 480,
    rounding: readSetting('rounding', sources) ?? { ...roundingNames.none },
    logLevel: readSetting('logLevel', sources) ?? 'info',
    configFile: file ? file.path : null,
    wechatPay: wechatPayConfig(
      {
        wechatpayMchId: readSetting('wechatpayMchId', sources),
        wechatpayAppId: readSetting('wechatpayAppId', sources),
        wechatpayCertSerial: readSetting('wechatpayCertSerial', sources),
        wechatpayPrivateKeyFile: readSetting('wechatpayPrivateKeyFile', sources),
        wechatpayApiV3Key: readSetting('wechatpayApiV3Key', sources),
        wechatpayPlatformSerial: readSetting('wechatpayPlatformSerial', sources),
        wechatpayPlatformKeyFile: readSetting('wechatpayPlatformKeyFile', sources),
        wechatpayNotifyUrl: readSetting('wechatpayNotifyUrl', sources),
        wechatpayBaseUrl: readSetting('wechatpayBaseUrl', sources),
      },
      readFile,
      problems,
    ),
    miniProgram: null,
  };
  config.miniProgram = miniProgramConfig(
    {
      appId: readSetting('wechatAppId', sources),
      appSecret: readSetting('wechatAppSecret', sources),
      baseUrl: readSetting('wechatApiBaseUrl', sources),
    },
    config.wechatPay?.appId ?? null,
    problems,
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
