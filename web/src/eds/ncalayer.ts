/**
 * NCALayer, the NCA's desktop signer, listens on wss://127.0.0.1:13579 on the user's computer. The
 * `kz.gov.pki.knca.basics` module's `sign` lets the user pick a key (file or token) and returns a CMS
 * (PEM-armoured `-----BEGIN CMS-----` in current versions, bare base64 DER in older ones); the server accepts both.
 * When NCALayer is not running the connection simply fails; callers show a note and offer the other way.
 */
export class NcaLayerUnavailable extends Error {
  constructor() {
    super('NCALayer is not running on this computer.');
    this.name = 'NcaLayerUnavailable';
  }
}

export class NcaLayerRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NcaLayerRefused';
  }
}

const URL_ = 'wss://127.0.0.1:13579';
const CONNECT_TIMEOUT_MS = 3_000;
/** The user chooses a key file and types a password: give them time. */
const SIGN_TIMEOUT_MS = 5 * 60_000;

/** EKU OIDs NCA puts into signing and authentication certificates (the key the user must pick). */
const EKU = { sign: '1.3.6.1.5.5.7.3.4', auth: '1.3.6.1.5.5.7.3.2' } as const;

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(URL_);
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

interface BasicsAnswer {
  status?: boolean;
  body?: { result?: string | string[] };
  code?: string;
  message?: string;
  details?: string;
  result?: { version?: string };
}

/**
 * Signs base64 data with a key the user picks. `attached` keeps the data inside the CMS (login challenges,
 * the agreement); documents are signed detached, the server holds their content.
 */
export async function ncaLayerSign(dataBase64: string, options: { purpose: 'sign' | 'auth'; attached?: boolean; locale?: string }): Promise<string> {
  const socket = await connect();
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new NcaLayerRefused('NCALayer did not answer in time.'));
    }, SIGN_TIMEOUT_MS);
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      socket.close();
      fn();
    };
    socket.onmessage = (event: MessageEvent<string>) => {
      let answer: BasicsAnswer;
      try {
        answer = JSON.parse(event.data) as BasicsAnswer;
      } catch {
        return;
      }
      // NCALayer greets every new connection with its version; the answer to our call comes after.
      if (answer.result?.version && answer.status === undefined) return;
      if (answer.status === true) {
        const result = answer.body?.result;
        const cms = Array.isArray(result) ? result[0] : result;
        if (cms) finish(() => resolve(cms));
        else finish(() => reject(new NcaLayerRefused('Signing was cancelled.')));
      } else {
        finish(() => reject(new NcaLayerRefused(answer.details ?? answer.message ?? `NCALayer refused (${answer.code ?? 'unknown'}).`)));
      }
    };
    socket.onclose = () => finish(() => reject(new NcaLayerUnavailable()));
    socket.send(
      JSON.stringify({
        module: 'kz.gov.pki.knca.basics',
        method: 'sign',
        args: {
          allowedStorages: ['PKCS12', 'AKKaztokenStore', 'AKKZIDCardStore', 'AKEToken72KStore', 'AKJaCartaStore'],
          format: 'cms',
          data: dataBase64,
          signingParams: { decode: true, encapsulate: !!options.attached, digested: false, tsaProfile: {} },
          signerParams: { extKeyUsageOids: [EKU[options.purpose]], chain: [] },
          locale: options.locale ?? 'kk',
        },
      }),
    );
  });
}
