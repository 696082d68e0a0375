/**
 * A time of day typed as a clerk writes it, 24-hour "14:30": the browser's own time field shows AM/PM in an English
 * browser. The value in and out is 'HH:MM' ('' while it is not a real time yet).
 */
import { useEffect, useState, type InputHTMLAttributes } from 'react';
import { useI18n } from '../i18n/i18n';
import { parseClockTime } from './clerk-date';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  value?: string;
  onChange?: (hhmm: string) => void;
  testId?: string;
};

export function TimeInput({ value, onChange, testId, ...rest }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState(value ?? '');
  useEffect(() => {
    if ((parseClockTime(text) ?? '') !== (value ?? '')) setText(value ?? '');
  }, [value]);
  const invalid = text.trim() !== '' && !parseClockTime(text);
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder={t('time.placeholder')}
      pattern="\d{1,2}[:.]\d{2}"
      value={text}
      aria-invalid={invalid || undefined}
      data-testid={testId}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parseClockTime(e.target.value);
        if (parsed !== undefined || e.target.value.trim() === '') onChange?.(parsed ?? '');
      }}
    />
  );
}
