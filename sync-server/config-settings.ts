// Every setting the server reads: its config file key, environment variable, schema and what is
// allowed, which each error message repeats. config.ts reads them from the environment and the file.
import { z } from 'zod';
import { parseFen, type Fen, type RoundingRule } from '@pos/shared';

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

/** The largest amount a money setting takes: ¥100,000, far above any small shop's threshold. */
const MAX_SETTING_FEN = 10_000_000;

/**
 * An amount in yuan, written as a person writes it: 10, 10.5 or "10.50" (a JSON number or text;
 * environment text is always text). Whole fen only.
 */
const yuanSchema = z.union([z.number(), z.string()]).transform((value, ctx): Fen => {
  try {
    const fen = parseFen(typeof value === 'number' ? String(value) : value);
    if (fen <= MAX_SETTING_FEN) return fen;
  } catch {
    // Falls through to the one message every bad amount gets.
  }
  ctx.addIssue({ code: 'custom', message: 'not an amount' });
  return z.NEVER;
});

function timeOfDayToMinutes(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return hours * 60 + minutes;
}

// Each setting: its environment variable, the schema of its value (environment text for integer
// settings is turned into a number first) and what is allowed, which every error message repeats.
export const settings = {
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
    // Every zone is a whole quarter hour from UTC: 8 is hours typed where minutes belong.
    schema: z.number().int().min(-720).max(840).multipleOf(15),
    allowed: 'must be minutes (not hours) from -720 to 840, a multiple of 15 (China: 480)',
  },
  rounding: {
    env: 'POS_ROUNDING',
    integer: false,
    schema: z
      .enum(Object.keys(roundingNames) as [RoundingName, ...RoundingName[]])
      .transform((name): RoundingRule => ({ ...roundingNames[name] })),
    allowed: `must be one of ${Object.keys(roundingNames).join(', ')}`,
  },
  discountApprovalPercent: {
    env: 'POS_DISCOUNT_APPROVAL_PERCENT',
    integer: true,
    schema: z.number().int().min(0).max(100),
    allowed: 'must be a whole percent 0-100: a discount above this share needs a manager (20)',
  },
  cashVarianceApproval: {
    env: 'POS_CASH_VARIANCE_APPROVAL',
    integer: false,
    schema: yuanSchema,
    allowed: 'must be an amount in yuan from 0 to 100000, such as 10 or 10.50',
  },
  pointsPerYuan: {
    env: 'POS_POINTS_PER_YUAN',
    integer: true,
    schema: z.number().int().min(0).max(100),
    allowed: 'must be whole points 0-100 earned per yuan paid (0: members earn none)',
  },
  pointsRedeemPerYuan: {
    env: 'POS_POINTS_REDEEM_PER_YUAN',
    integer: true,
    schema: z.number().int().min(1).max(100000),
    allowed: 'must be whole points 1-100000 that take one yuan off an order',
  },
  offlineStoredValuePerMember: {
    env: 'POS_OFFLINE_STORED_VALUE_PER_MEMBER',
    integer: false,
    schema: yuanSchema,
    allowed: 'must be an amount in yuan from 0 to 100000, such as 100',
  },
  offlineStoredValuePerDevice: {
    env: 'POS_OFFLINE_STORED_VALUE_PER_DEVICE',
    integer: false,
    schema: yuanSchema,
    allowed: 'must be an amount in yuan from 0 to 100000, such as 500',
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
    secret: true,
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
    secret: true,
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
