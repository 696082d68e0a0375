/**
 * Choosing a file with the app's own words: the browser's file field says "Choose File / No file chosen" in the
 * browser's language, whatever the reader's. A labelled button opens the picker; the chosen file's name is shown.
 */
import { useI18n } from '../i18n/i18n';

export function FilePick(props: { file: File | undefined; onChange(file: File | undefined): void; label: string; accept?: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className="file-pick">
      <label className="btn btn-small file-button">
        {props.label}
        <input type="file" hidden accept={props.accept} onChange={(e) => props.onChange(e.target.files?.[0])} data-testid={props.testId} />
      </label>
      <span className={props.file ? undefined : 'muted'}>{props.file ? props.file.name : t('file.none')}</span>
    </span>
  );
}
