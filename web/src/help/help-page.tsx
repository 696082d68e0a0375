/** How to work in Qujat, including signing without NCALayer, and which API features this server has. */
import { useCapabilities } from '../api/capabilities';
import { useI18n } from '../i18n/i18n';
import { Section } from '../ui/widgets';

export function HelpPage() {
  const { t } = useI18n();
  const caps = useCapabilities();
  return (
    <div className="page" data-testid="help-page">
      <div className="page-head">
        <div>
          <h1>{t('nav.help')}</h1>
        </div>
      </div>
      <Section title={t('help.routeTitle')}>
        <ol className="help-steps">
          <li>{t('help.step1')}</li>
          <li>{t('help.step2')}</li>
          <li>{t('help.step3')}</li>
          <li>{t('help.step4')}</li>
          <li>{t('help.step5')}</li>
        </ol>
      </Section>
      <Section title={t('help.signTitle')}>
        <p>{t('help.signNcaLayer')}</p>
      </Section>
      {/* For the EDMS specialist and developers: folded away so a clerk's help speaks only the clerk's language. */}
      <Section title={t('help.expertTitle')}>
        <details className="expert">
          <summary>{t('help.expertSummary')}</summary>
          <p>{t('help.signCli')}</p>
          <pre className="code-block">
            {`npx tsx client/sign-cms.ts \\
  --key  .data/dev-ca/employees/<id>/sign-rsa.key.pem \\
  --cert .data/dev-ca/employees/<id>/sign-rsa.cert.pem \\
  --in content-to-sign-<document>.json --detached --pem --out signature.pem`}
          </pre>
          <p className="muted small">{t('help.signCliNote')}</p>
          <p>{t('help.apiCount', { n: caps.all.length })}</p>
          <ul className="api-list">
            {caps.all.map((x) => (
              <li key={x} className="mono small">
                {x}
              </li>
            ))}
          </ul>
        </details>
      </Section>
    </div>
  );
}
