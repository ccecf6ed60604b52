// The sync server's settings: environment variables over an optional JSON file over defaults.
// Every value is validated, so a typo stops the server with a message naming the variable or key.
import { z } from 'zod';
import {
  DEFAULT_POINTS_PER_YUAN_OFF,
  DEFAULT_VARIANCE_APPROVAL_FEN,
  defaultStoreSettings,
  type RoundingRule,
  type StoreSettings,
} from '@pos/shared';
import { roundingNames, settings, type LogLevel } from './config-settings';
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

export { logLevels, roundingNames, type LogLevel, type RoundingName } from './config-settings';

/** The store's rules a shop sets in its configuration; the server syncs them to every device. */
export type StoreRules = Pick<
  StoreSettings,
  | 'discountApprovalBasisPoints'
  | 'cashVarianceApprovalFen'
  | 'pointsPerYuan'
  | 'pointsRedeemPerYuan'
  | 'offlineStoredValueCap'
>;

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
  storeRules: StoreRules;
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
/**
 * A value as an error message repeats it: a secret by its length only, since the message goes to
 * the console and whatever log collects it.
 */
function shown(key: SettingKey, value: unknown): string {
  if (!('secret' in settings[key])) return JSON.stringify(value);
  return typeof value === 'string' ? `(hidden, ${value.length} characters)` : '(hidden)';
}

function readSetting<K extends SettingKey>(key: K, sources: Sources): SettingValue<K> | undefined {
  const setting = settings[key];
  const envText = sources.env[setting.env]?.trim();
  // An empty variable counts as unset, as `POS_STORE_NAME=` in a compose file means.
  if (envText) {
    const where = `${setting.env}=${shown(key, envText)}`;
    const value = setting.integer && /^[+-]?\d+$/.test(envText) ? Number(envText) : envText;
    return validate(key, value, where, sources.problems);
  }
  if (sources.file && key in sources.file.values) {
    const value = sources.file.values[key];
    const where = `${sources.file.path}: ${key}=${shown(key, value)}`;
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

function readStoreRules(sources: Sources): StoreRules {
  const defaults = defaultStoreSettings;
  const percent = readSetting('discountApprovalPercent', sources);
  return {
    discountApprovalBasisPoints:
      percent === undefined ? defaults.discountApprovalBasisPoints : percent * 100,
    cashVarianceApprovalFen:
      readSetting('cashVarianceApproval', sources) ?? DEFAULT_VARIANCE_APPROVAL_FEN,
    pointsPerYuan: readSetting('pointsPerYuan', sources) ?? defaults.pointsPerYuan,
    pointsRedeemPerYuan: readSetting('pointsRedeemPerYuan', sources) ?? DEFAULT_POINTS_PER_YUAN_OFF,
    offlineStoredValueCap: {
      perMember:
        readSetting('offlineStoredValuePerMember', sources) ??
        defaults.offlineStoredValueCap.perMember,
      perDevice:
        readSetting('offlineStoredValuePerDevice', sources) ??
        defaults.offlineStoredValueCap.perDevice,
    },
  };
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
    storeRules: readStoreRules(sources),
    logLevel: readSetting('logLevel', sources) ?? 'info',
    configFile: file ? file.path : null,
    wechatPay: null,
    miniProgram: null,
  };
  // A group is checked whole only when each of its values was good: a bad one already has its
  // own problem, and "half configured: ... is missing" would send the reader looking for it.
  let before = problems.length;
  const wechatPaySettings = {
    wechatpayMchId: readSetting('wechatpayMchId', sources),
    wechatpayAppId: readSetting('wechatpayAppId', sources),
    wechatpayCertSerial: readSetting('wechatpayCertSerial', sources),
    wechatpayPrivateKeyFile: readSetting('wechatpayPrivateKeyFile', sources),
    wechatpayApiV3Key: readSetting('wechatpayApiV3Key', sources),
    wechatpayPlatformSerial: readSetting('wechatpayPlatformSerial', sources),
    wechatpayPlatformKeyFile: readSetting('wechatpayPlatformKeyFile', sources),
    wechatpayNotifyUrl: readSetting('wechatpayNotifyUrl', sources),
    wechatpayBaseUrl: readSetting('wechatpayBaseUrl', sources),
  };
  if (problems.length === before)
    config.wechatPay = wechatPayConfig(wechatPaySettings, readFile, problems);
  before = problems.length;
  const miniProgramSettings = {
    appId: readSetting('wechatAppId', sources),
    appSecret: readSetting('wechatAppSecret', sources),
    baseUrl: readSetting('wechatApiBaseUrl', sources),
  };
  if (problems.length === before)
    config.miniProgram = miniProgramConfig(
      miniProgramSettings,
      config.wechatPay?.appId ?? null,
      problems,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
