/**
 * Configuration: read from the environment once, validated, exported as a typed object.
 * Workflow code never sees this; settings reach workflows through their input.
 */
import path from 'node:path';
import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface AppConfig {
  temporal: {
    /** host:port of an existing cluster; undefined = start the embedded dev server. */
    address?: string;
    namespace: string;
    taskQueue: string;
    port: number;
    uiPort: number;
    /** Route workflows the worker keeps in memory between their tasks; absent = the worker's default. */
    maxCachedWorkflows?: number;
    /** The workflow thread records where each workflow waits, for the stack-trace query (patches/; costs CPU); absent = off. */
    workflowStackTraces?: boolean;
  };
  mongodb: {
    /** URI of an existing MongoDB; undefined = start the embedded FerretDB. */
    uri?: string;
    dbName: string;
    port: number;
  };
  http: { host: string; port: number };
  dataDir: string;
  signing: {
    /** Folder with trusted-roots.pem, optional intermediates.pem and crl/ (CRLs); default <dataDir>/dev-ca. */
    trustDir: string;
    /** Ask OCSP responders named in certificates (production); off for the offline dev CA. */
    ocspOverHttp: boolean;
    /** Optional NCANode-style service for signature algorithms not verified natively (GOST 34.310-2004 and 34.10-2015 are); without it those are refused as unsupported. */
    externalVerifierUrl?: string;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Electronic exchange with other organisations (docs/exchange.md). */
  exchange?: {
    /** Which demo organisation a development start plays: the main one or its peer (`npm run start:peer`). */
    demoOrg: 'main' | 'peer';
    /** Our BIN and name; undefined = the demo organisation's. */
    bin?: string;
    name?: { kk: string; ru: string };
    /** The organisation's signing key and certificate (PEM files); a development start issues them from the dev CA. */
    keyFile: string;
    certFile: string;
    /** The base URL correspondents reach us at; default http://HOST:PORT. */
    publicUrl: string;
    /** Development only: where the other demo organisation listens (default http://127.0.0.1:3001, or :3000 for the peer). */
    peerUrl?: string;
  };
  notifications: {
    /** SMTP server for e-mail; undefined = the embedded mail catcher that `npm start` runs. */
    smtpUrl?: string;
    mailFrom: string;
    /** Where people open the web UI (links in mails). */
    publicUrl: string;
    /** Ports of the embedded mail catcher: SMTP and its web page. */
    catcherSmtpPort: number;
    catcherUiPort: number;
  };
}

/**
 * A route waiting for a person costs ≈ 120 KB of the workflow thread's heap while it stays in the worker's cache
 * (measured: 120 open routes, 17 → 32 MB). The SDK sizes its cache from the heap limit (2,311 routes with Node's
 * 4 GB default), so the thread grew with every open route up to ≈ 280 MB. A route waits hours or days between
 * actions; one that has left the cache replays its short history at its next action (milliseconds), while the
 * routes being worked on together stay in it.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 250;

const port = (fallback: number) =>
  z.coerce
    .number({ invalid_type_error: 'must be a port number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback);

const hostPort = z
  .string()
  .regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. temporal.example.kz:7233')
  .optional();

const envSchema = z.object({
  TEMPORAL_ADDRESS: hostPort,
  TEMPORAL_NAMESPACE: z.string().regex(/^[A-Za-z0-9._-]{1,255}$/, 'must be a namespace name').default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('qujat-documents'),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  QUJAT_MAX_CACHED_WORKFLOWS: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(2, 'must be at least 2 (the SDK refuses fewer, except 0)')
    .default(DEFAULT_MAX_CACHED_WORKFLOWS),
  QUJAT_WORKFLOW_STACK_TRACES: z.enum(['0', '1'], { errorMap: () => ({ message: 'must be 1 (on) or 0 (off)' }) }).default('0'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be a database name').default('qujat'),
  MONGODB_PORT: port(27117),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port(3000),
  QUJAT_DATA_DIR: z.string().min(1).default('.data'),
  QUJAT_TRUST_DIR: z.string().min(1).optional(),
  QUJAT_OCSP_HTTP: z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) }).default('false'),
  QUJAT_NCANODE_URL: z.string().url('must be a URL, e.g. http://ncanode:14579').optional(),
  QUJAT_ORG: z.enum(['main', 'peer']).default('main'),
  QUJAT_ORG_BIN: z.string().regex(/^\d{12}$/, 'must be a 12-digit BIN').optional(),
  QUJAT_ORG_NAME_KK: z.string().min(1).optional(),
  QUJAT_ORG_NAME_RU: z.string().min(1).optional(),
  QUJAT_ORG_KEY_FILE: z.string().min(1).optional(),
  QUJAT_ORG_CERT_FILE: z.string().min(1).optional(),
  QUJAT_EXCHANGE_URL: z.string().url('must be a URL, e.g. https://edms.example.kz').optional(),
  QUJAT_PEER_URL: z.string().url('must be a URL, e.g. http://127.0.0.1:3001').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be smtp://host:port or smtps://user:password@host:port')
    .refine((v) => URL.canParse(v), 'must be a URL, e.g. smtp://mail.example.kz:587')
    .optional(),
  SMTP_FROM: z.string().regex(/^[^<>]*<?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an address, e.g. "Qujat <qujat@example.kz>"').default('Qujat <qujat@localhost>'),
  QUJAT_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL, e.g. https://edms.example.kz')
    .refine((v) => URL.canParse(v), 'must be a URL, e.g. https://edms.example.kz')
    .optional(),
  QUJAT_MAIL_PORT: port(1025),
  QUJAT_MAIL_UI_PORT: port(8025),
});

/** Empty strings count as unset, so `MONGODB_URI= npm start` means "use the embedded one". */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => !!e[1]));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0]);
    throw new ConfigError(`Invalid ${variable}=${JSON.stringify(env[variable])}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      maxCachedWorkflows: e.QUJAT_MAX_CACHED_WORKFLOWS,
      workflowStackTraces: e.QUJAT_WORKFLOW_STACK_TRACES === '1',
    },
    mongodb: { uri: e.MONGODB_URI, dbName: e.MONGODB_DB, port: e.MONGODB_PORT },
    http: { host: e.HOST, port: e.PORT },
    dataDir: path.resolve(cwd, e.QUJAT_DATA_DIR),
    signing: {
      trustDir: path.resolve(cwd, e.QUJAT_TRUST_DIR ?? path.join(e.QUJAT_DATA_DIR, 'dev-ca')),
      ocspOverHttp: e.QUJAT_OCSP_HTTP === 'true',
      externalVerifierUrl: e.QUJAT_NCANODE_URL,
    },
    logLevel: e.LOG_LEVEL,
    exchange: {
      demoOrg: e.QUJAT_ORG,
      bin: e.QUJAT_ORG_BIN,
      name: e.QUJAT_ORG_NAME_KK && e.QUJAT_ORG_NAME_RU ? { kk: e.QUJAT_ORG_NAME_KK, ru: e.QUJAT_ORG_NAME_RU } : undefined,
      keyFile: path.resolve(cwd, e.QUJAT_ORG_KEY_FILE ?? path.join(e.QUJAT_DATA_DIR, 'org', 'sign.key.pem')),
      certFile: path.resolve(cwd, e.QUJAT_ORG_CERT_FILE ?? path.join(e.QUJAT_DATA_DIR, 'org', 'sign.cert.pem')),
      publicUrl: e.QUJAT_EXCHANGE_URL ?? `http://${e.HOST}:${e.PORT}`,
      peerUrl: e.QUJAT_PEER_URL,
    },
    notifications: {
      smtpUrl: e.SMTP_URL,
      mailFrom: e.SMTP_FROM,
      publicUrl: (e.QUJAT_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
      catcherSmtpPort: e.QUJAT_MAIL_PORT,
      catcherUiPort: e.QUJAT_MAIL_UI_PORT,
    },
  };
}

/** Where the database is: the configured one, or the embedded FerretDB that `npm start` runs. */
export function mongoUri(config: AppConfig): string {
  return config.mongodb.uri ?? `mongodb://127.0.0.1:${config.mongodb.port}/`;
}

/** Where Temporal is: the configured cluster, or the embedded dev server that `npm start` runs. */
export function temporalAddress(config: AppConfig): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.port}`;
}

/** Where mail goes: the configured server, or the embedded mail catcher that `npm start` runs. */
export function smtpUrl(config: AppConfig): string {
  return config.notifications.smtpUrl ?? `smtp://127.0.0.1:${config.notifications.catcherSmtpPort}`;
}
