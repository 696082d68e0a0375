/** DER bytes → the SignedData model: the fast DER walker first, pkijs when the encoding needs full BER. */
import { CmsVerificationError } from '../failure';
import { BerFallbackError, DerError } from '../der/der-reader';
import { MalformedEncodingError, NotSignedDataError, readSignedDataDer } from './der-signed-data-reader';
import { readSignedDataPkijs } from './pkijs-signed-data-reader';
import type { CmsSignedData } from './signed-data-model';

export function readSignedData(der: Uint8Array, options: { forcePkijs?: boolean } = {}): CmsSignedData {
  try {
    if (options.forcePkijs) return readSignedDataPkijs(der);
    try {
      return readSignedDataDer(der);
    } catch (error) {
      if (error instanceof BerFallbackError) return readSignedDataPkijs(der);
      throw error;
    }
  } catch (error) {
    if (error instanceof MalformedEncodingError) throw new CmsVerificationError('malformed-encoding', error.message);
    if (error instanceof NotSignedDataError) throw new CmsVerificationError('not-signed-data', error.message);
    if (error instanceof DerError) throw new CmsVerificationError('malformed-cms', error.message);
    throw new CmsVerificationError('malformed-cms', `CMS structure: ${(error as Error).message}`);
  }
}
