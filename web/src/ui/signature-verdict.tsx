/** A signature's verdict in words ("ЭЦҚ жарамды", "ЭЦП недействительна: сертификат отозван"), never its codes. */
import { refusalReasons } from '../eds/signing-errors';
import { useI18n } from '../i18n/i18n';
import { Badge } from './widgets';

export function SignatureVerdict({ status, reason }: { status: string; reason?: string }) {
  const { t } = useI18n();
  const word = status === 'valid' ? t('sig.verdictValid') : status === 'invalid' ? t('sig.verdictInvalid') : t('sig.verdictPending');
  const why = status === 'invalid' && reason ? refusalReasons([reason], t)[0] : undefined;
  return (
    <Badge tone={status === 'valid' ? 'ok' : status === 'invalid' ? 'bad' : 'neutral'}>
      {word}
      {why ? `: ${why}` : ''}
    </Badge>
  );
}
