/**
 * A test double of NCALayer, the NCA's desktop signer: a WebSocket server over TLS on 127.0.0.1 (port 13579
 * like the real one when it is free; a shared machine may have it taken, then any free port, which the test
 * hands to the web module through `window.__QUJAT_NCALAYER_URL__`). It speaks the JSON protocol the web module
 * uses and signs with dev-CA keys:
 *
 * - greeting `{ result: { version } }` on every connection;
 * - `kz.gov.pki.knca.basics` `sign` → `{ status: true, body: { result: [PEM CMS] } }`; the key is chosen by the
 *   requested EKU (signing or authentication), `allowedStorages` must include the storage the "user" holds
 *   the key in, `signingParams.encapsulate` attaches the data; a cancelled dialog answers `{ status: true, body: {} }`;
 * - `kz.gov.pki.knca.commonUtils` `getActiveTokens` → `{ code: '200', responseObject: [...] }` and
 *   `createCAdESFromBase64 [storage, keyType, data, attach]` → `{ code: '200', responseObject: base64 DER }`;
 *   a cancelled dialog answers `{ code: '500', message: 'action.canceled' }`;
 * - `legacy: true` plays an NCALayer without the basics module (it answers that the module is missing).
 *
 * The TLS certificate is a throw-away self-signed one made with the `openssl` CLI; Chromium accepts it with
 * `--ignore-certificate-errors` (what the real NCALayer's own certificate needs is not the point of these tests).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { signCms } from '../../client/sign-cms';

export const NCALAYER_PORT = 13579;
const EKU_SIGN = '1.3.6.1.5.5.7.3.4';
const EKU_AUTH = '1.3.6.1.5.5.7.3.2';

export interface LayerKey {
  keyPem: string;
  certPem: string;
  chainPems: string[];
}

/** What the person at the keyboard does when NCALayer's dialog opens. */
export interface LayerUser {
  /** The key the user picks for a signing / an authentication request; none → NCALayer reports no key. */
  keys: { sign?: LayerKey; auth?: LayerKey };
  /** Where the user's key lives: a key file ('PKCS12') or a token. */
  storage: string;
  /** Tokens plugged in (commonUtils getActiveTokens). */
  activeTokens: string[];
  cancel: boolean;
  /** An NCALayer without the basics module. */
  legacy: boolean;
}

export interface LayerCall {
  module: string;
  method: string;
  args: unknown;
}

export interface NcaLayerDouble {
  url: string;
  port: number;
  user: LayerUser;
  calls: LayerCall[];
  stop(): Promise<void>;
}

function selfSignedTls(dir: string): { key: string; cert: string } {
  fs.mkdirSync(dir, { recursive: true });
  const key = path.join(dir, 'ncalayer-tls.key');
  const cert = path.join(dir, 'ncalayer-tls.crt');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {
      stdio: 'pipe',
    });
  } catch (error) {
    throw new Error(`The NCALayer double needs the openssl CLI for its TLS certificate: ${(error as Error).message}`);
  }
  return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
}

async function listen(server: https.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

export async function startNcaLayerDouble(options: { dir: string; user?: Partial<LayerUser> }): Promise<NcaLayerDouble> {
  const tls = selfSignedTls(options.dir);
  const server = https.createServer({ key: tls.key, cert: tls.cert });
  let port: number;
  try {
    port = await listen(server, NCALAYER_PORT);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    port = await listen(server, 0);
  }
  const wss = new WebSocketServer({ server });
  const user: LayerUser = { keys: {}, storage: 'PKCS12', activeTokens: [], cancel: false, legacy: false, ...options.user };
  const calls: LayerCall[] = [];

  const answer = async (request: { module?: string; method?: string; args?: unknown }): Promise<unknown> => {
    const { module = '', method = '', args } = request;
    calls.push({ module, method, args });
    if (module === 'kz.gov.pki.knca.basics') {
      if (user.legacy) return { code: '500', message: `module ${module} not found` };
      if (method !== 'sign') return { status: false, code: '500', message: `unknown method ${method}` };
      const a = args as {
        allowedStorages?: string[];
        format?: string;
        data?: string;
        signingParams?: { decode?: boolean; encapsulate?: boolean; digested?: boolean };
        signerParams?: { extKeyUsageOids?: string[] };
      };
      if (a.format !== 'cms' || typeof a.data !== 'string') return { status: false, code: '500', message: 'bad request', details: 'format must be cms, data a string' };
      if (a.signingParams?.digested) return { status: false, code: '500', message: 'bad request', details: 'digested data is not signed by this double' };
      if (!a.allowedStorages?.includes(user.storage)) return { status: false, code: '500', message: 'storage', details: `no allowed storage holds a key (the key is in ${user.storage})` };
      if (user.cancel) return { status: true, body: {} };
      const oids = a.signerParams?.extKeyUsageOids ?? [];
      const key = oids.includes(EKU_AUTH) ? user.keys.auth : oids.includes(EKU_SIGN) || oids.length === 0 ? user.keys.sign : undefined;
      if (!key) return { status: false, code: '500', message: 'no key', details: 'Кілт табылмады / Ключ не найден' };
      const content = a.signingParams?.decode === false ? Buffer.from(a.data, 'utf8') : Buffer.from(a.data, 'base64');
      const cms = await signCms({ content: new Uint8Array(content), ...key, detached: !a.signingParams?.encapsulate, pem: true });
      return { status: true, body: { result: [cms] } };
    }
    if (module === 'kz.gov.pki.knca.commonUtils') {
      if (method === 'getActiveTokens') return { code: '200', responseObject: user.activeTokens };
      if (method === 'createCAdESFromBase64') {
        const [storage, keyType, data, attach] = args as [string, string, string, boolean];
        if (user.cancel) return { code: '500', message: 'action.canceled' };
        if (storage !== user.storage) return { code: '500', message: `no key in ${storage}` };
        const key = keyType === 'AUTHENTICATION' ? user.keys.auth : keyType === 'SIGNATURE' ? user.keys.sign : undefined;
        if (!key) return { code: '500', message: 'key not found' };
        const der = await signCms({ content: new Uint8Array(Buffer.from(data, 'base64')), ...key, detached: !attach, pem: false });
        return { code: '200', responseObject: Buffer.from(der).toString('base64') };
      }
    }
    return { code: '500', message: `unknown module ${module}` };
  };

  wss.on('connection', (socket: WebSocket) => {
    socket.send(JSON.stringify({ result: { version: '1.4' } }));
    socket.on('message', (raw) => {
      let request: { module?: string; method?: string; args?: unknown };
      try {
        request = JSON.parse(String(raw)) as typeof request;
      } catch {
        socket.send(JSON.stringify({ code: '500', message: 'not JSON' }));
        return;
      }
      answer(request)
        .then((reply) => socket.send(JSON.stringify(reply)))
        .catch((error: unknown) => socket.send(JSON.stringify({ status: false, code: '500', message: (error as Error).message })));
    });
  });

  return {
    url: `wss://127.0.0.1:${port}`,
    port,
    user,
    calls,
    async stop() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
