/**
 * NCALayer, the NCA's desktop signer, listens on wss://127.0.0.1:13579 on the user's computer. The
 * `kz.gov.pki.knca.basics` module's `sign` lets the user pick a key (file or token) and returns a CMS
 * (PEM-armoured `-----BEGIN CMS-----` in current versions, bare base64 DER in older ones); the server accepts both.
 * Installations without the basics module answer in the older `kz.gov.pki.knca.commonUtils` shape
 * (`{ code, message, responseObject }`); then the same signature is asked of `commonUtils`: the active storages
 * (`getActiveTokens`, a token when one is plugged in, else a key file) and `createCAdESFromBase64` with the key
 * type (SIGNATURE or AUTHENTICATION), which answers base64 DER.
 * When NCALayer is not running the connection simply fails; callers show a note and offer the other way.
 */
export class NcaLayerUnavailable extends Error {
  constructor() {
    super('NCALayer is not running on this computer.');
    this.name = 'NcaLayerUnavailable';
  }
}

/** The user closed NCALayer's key or password dialog: not an error to report, just nothing signed. */
export class NcaLayerCancelled extends Error {
  constructor() {
    super('Signing was cancelled in NCALayer.');
    this.name = 'NcaLayerCancelled';
  }
}

export class NcaLayerRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NcaLayerRefused';
  }
}

const DEFAULT_URL = 'wss://127.0.0.1:13579';
/**
 * The address is NCALayer's fixed one. Browser tests that run their NCALayer double elsewhere (the port is
 * taken on a shared machine) set `window.__QUJAT_NCALAYER_URL__` before the application loads.
 */
function layerUrl(): string {
  const override = (globalThis as { __QUJAT_NCALAYER_URL__?: unknown }).__QUJAT_NCALAYER_URL__;
  return typeof override === 'string' && override.startsWith('wss://127.0.0.1:') ? override : DEFAULT_URL;
}
const CONNECT_TIMEOUT_MS = 3_000;
/** The user chooses a key file and types a password: give them time. */
const SIGN_TIMEOUT_MS = 5 * 60_000;

/** EKU OIDs NCA puts into signing and authentication certificates (the key the user must pick). */
const EKU = { sign: '1.3.6.1.5.5.7.3.4', auth: '1.3.6.1.5.5.7.3.2' } as const;
const KEY_TYPE = { sign: 'SIGNATURE', auth: 'AUTHENTICATION' } as const;
const STORAGES = ['PKCS12', 'AKKaztokenStore', 'AKKZIDCardStore', 'AKEToken72KStore', 'AKJaCartaStore'];

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(layerUrl());
    } catch {
      reject(new NcaLayerUnavailable());
      return;
    }
    const timer = setTimeout(() => {
      socket.close();
      reject(new NcaLayerUnavailable());
    }, CONNECT_TIMEOUT_MS);
    socket.onopen = () => {
      clearTimeout(timer);
      resolve(socket);
    };
    socket.onerror = () => {
      clearTimeout(timer);
      reject(new NcaLayerUnavailable());
    };
  });
}

/** Whether NCALayer answers now (used to choose which way to offer first). */
export async function ncaLayerAvailable(): Promise<boolean> {
  try {
    (await connect()).close();
    return true;
  } catch {
    return false;
  }
}

interface LayerAnswer {
  /** basics module */
  status?: boolean;
  body?: { result?: string | string[] };
  details?: string;
  /** commonUtils module (and every answer of an NCALayer without basics) */
  code?: string;
  message?: string;
  responseObject?: unknown;
  /** the greeting */
  result?: { version?: string };
}

/** One request on an open connection; resolves with the first answer that is not the version greeting. */
function call(socket: WebSocket, request: unknown): Promise<LayerAnswer> {
  return new Promise<LayerAnswer>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new NcaLayerRefused('NCALayer did not answer in time.'));
    }, SIGN_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      socket.onmessage = null;
      socket.onclose = null;
    };
    socket.onmessage = (event: MessageEvent<string>) => {
      let answer: LayerAnswer;
      try {
        answer = JSON.parse(event.data) as LayerAnswer;
      } catch {
        return;
      }
      // NCALayer greets every new connection with its version; the answer to our call comes after.
      if (answer.result?.version && answer.status === undefined && answer.code === undefined) return;
      done();
      resolve(answer);
    };
    socket.onclose = () => {
      done();
      reject(new NcaLayerUnavailable());
    };
    socket.send(JSON.stringify(request));
  });
}

const isCancel = (text: string | undefined) => !!text && /cancel/i.test(text);

function legacyFailure(answer: LayerAnswer): Error {
  return isCancel(answer.message) ? new NcaLayerCancelled() : new NcaLayerRefused(answer.message ?? `NCALayer refused (${answer.code ?? 'unknown'}).`);
}

/** An NCALayer without the basics module answers in the commonUtils shape, naming the missing module. */
const basicsMissing = (answer: LayerAnswer) => answer.status === undefined && answer.code !== undefined && answer.code !== '200' && /module|модуль/i.test(answer.message ?? '');

async function signWithCommonUtils(socket: WebSocket, dataBase64: string, options: { purpose: 'sign' | 'auth'; attached?: boolean }): Promise<string> {
  const tokens = await call(socket, { module: 'kz.gov.pki.knca.commonUtils', method: 'getActiveTokens' });
  if (tokens.code !== '200') throw legacyFailure(tokens);
  // A plugged-in token is what the user means to use; without one, a key file.
  const active = Array.isArray(tokens.responseObject) ? (tokens.responseObject as unknown[]).filter((t): t is string => typeof t === 'string' && STORAGES.includes(t)) : [];
  const storage = active[0] ?? 'PKCS12';
  const signed = await call(socket, {
    module: 'kz.gov.pki.knca.commonUtils',
    method: 'createCAdESFromBase64',
    args: [storage, KEY_TYPE[options.purpose], dataBase64, !!options.attached],
  });
  if (signed.code !== '200' || typeof signed.responseObject !== 'string' || !signed.responseObject) throw legacyFailure(signed);
  return signed.responseObject;
}

/**
 * Signs base64 data with a key the user picks. `attached` keeps the data inside the CMS (login challenges,
 * the agreement); documents are signed detached, the server holds their content.
 */
export async function ncaLayerSign(dataBase64: string, options: { purpose: 'sign' | 'auth'; attached?: boolean; locale?: string }): Promise<string> {
  const socket = await connect();
  try {
    const answer = await call(socket, {
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: {
        allowedStorages: STORAGES,
        format: 'cms',
        data: dataBase64,
        signingParams: { decode: true, encapsulate: !!options.attached, digested: false, tsaProfile: {} },
        signerParams: { extKeyUsageOids: [EKU[options.purpose]], chain: [] },
        locale: options.locale ?? 'kk',
      },
    });
    if (answer.status === true) {
      const result = answer.body?.result;
      const cms = Array.isArray(result) ? result[0] : result;
      // basics answers success with an empty body when the user closed its dialog.
      if (!cms) throw new NcaLayerCancelled();
      return cms;
    }
    if (basicsMissing(answer)) return await signWithCommonUtils(socket, dataBase64, options);
    if (isCancel(answer.details) || isCancel(answer.message)) throw new NcaLayerCancelled();
    throw new NcaLayerRefused(answer.details ?? answer.message ?? `NCALayer refused (${answer.code ?? 'unknown'}).`);
  } finally {
    socket.close();
  }
}
