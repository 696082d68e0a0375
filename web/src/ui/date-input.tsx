/**
 * A date typed the way a clerk writes it, dd.mm.yyyy, whatever the browser's locale: the native date picker
 * shows mm/dd/yyyy in an English browser. The value in and out is the ISO day ('YYYY-MM-DD', '' when empty or
 * not yet a real date), so forms send the same thing as before.
 */
import { useEffect, useState, type InputHTMLAttributes } from 'react';
import { useI18n } from '../i18n/i18n';
import { clerkDateOf, parseClerkDate } from './clerk-date';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  value?: string;
  onChange?: (iso: string) => void;
  testId?: string;
};

export function DateInput({ value, onChange, name, testId, ...rest }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState(clerkDateOf(value));
  // A value set from outside (a reset, a prefill) replaces what is typed unless it is the same day.
  useEffect(() => {
    if ((parseClerkDate(text) ?? '') !== (value ?? '')) setText(clerkDateOf(value));
  }, [value]);
  const iso = parseClerkDate(text);
  const invalid = text.trim() !== '' && !iso;
  return (
    <>
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('date.placeholder')}
        pattern="\d{1,2}\.\d{1,2}\.\d{4}"
        value={text}
        aria-invalid={invalid || undefined}
        data-testid={testId}
        data-date-input="dd.mm.yyyy"
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseClerkDate(e.target.value);
          if (parsed !== undefined || e.target.value.trim() === '') onChange?.(parsed ?? '');
        }}
      />
      {name && <input type="hidden" name={name} value={iso ?? ''} />}
    </>
  );
}
