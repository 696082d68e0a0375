/**
 * Test people have accepted the current user agreement (until then every endpoint but sign-in and the
 * agreement answers 403 agreement-required). A real acceptance record, as the API would write it.
 */
import type { Models } from '../../db/models';
import { loadAgreementTexts } from '../../api/services/agreement-service';

const texts = loadAgreementTexts();

export async function acceptCurrentAgreement(models: Pick<Models, 'AgreementAcceptance' | 'Employee'>, employeeId: string): Promise<void> {
  const text = texts.texts.get(`${texts.current}:kk`)!;
  await models.AgreementAcceptance.updateOne(
    { _id: `test-acceptance:${employeeId}:${texts.current}` },
    {
      $setOnInsert: {
        employeeId,
        version: texts.current,
        language: 'kk',
        textSha256: text.sha256,
        acceptedAt: new Date(),
        channel: 'password-session',
        status: 'active',
      },
    },
    { upsert: true },
  );
  // The employee points to the acceptance, as the API's acceptance does (so a request checks it by _id).
  await models.Employee.updateOne({ _id: employeeId }, { $set: { agreement: { version: texts.current, acceptanceId: `test-acceptance:${employeeId}:${texts.current}` } } });
}
