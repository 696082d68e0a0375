/**
 * What a provider reads of a request that came across the exchange, and which answers the requesting side takes:
 * only a text signed about this very request (its envelope, service, subject, redaction, the result carried).
 */
import { answerTextProblem, judgeIncoming, parseRequestText, refusalTextProblem } from '../../domain/information-requests/across-exchange';
import { SERVICE_ROWS } from '../../domain/information-requests/catalogue-seed';
import { answerSigningText, refusalSigningText } from '../../domain/information-requests/provider-port';
import { requestSigningText } from '../../domain/information-requests/request-rules';

const REQUEST = '0b8e1c1e-6f1a-4a51-8d3e-1d1c0f1e2a3b';
const result = { found: true, data: { employer: 'ЖШС Бірлік' } };
const signedAnswer = answerSigningText({ requestId: REQUEST, number: '4/2026', service: 11, subject: '880101300123', redacted: true, result });
const expected = { refersTo: REQUEST, service: 11, subject: '880101300123', result, redacted: true };

it('reads a request only from its signing text', () => {
  const text = requestSigningText({ requesterId: 'inv', basis: 'initial-check', identifiers: { caseNumber: '' }, service: 11, subject: '880101300123' });
  expect(parseRequestText(text)).toMatchObject({ requesterId: 'inv', basis: 'initial-check', identifiers: {}, service: 11, subject: '880101300123' });
  expect(parseRequestText('{"kind":"qujat-information-answer"}')).toBeUndefined();
  expect(parseRequestText('not json')).toBeUndefined();
  expect(parseRequestText(text.replace('initial-check', 'astrology'))).toBeUndefined();
});

it('judges an incoming request against the provider\'s own row: absent, or closed under the ground', () => {
  const asked = parseRequestText(requestSigningText({ requesterId: 'inv', basis: 'initial-check', identifiers: {}, service: 11, subject: '880101300123' }))!;
  expect(judgeIncoming(asked, undefined)).toMatchObject({ code: 'service-not-provided' });
  expect(judgeIncoming(asked, { ...SERVICE_ROWS[10], grounds: ['criminal-case'] })).toMatchObject({ code: 'service-not-under-ground' });
  expect(judgeIncoming(asked, SERVICE_ROWS[10])).toEqual({ ground: 'initial-check' });
});

it('takes an answer signed about this request only', () => {
  expect(answerTextProblem(signedAnswer, expected)).toBeUndefined();
  expect(answerTextProblem(signedAnswer, { ...expected, refersTo: '1c9f2d2f-7a2b-4b62-9e4f-2e2d1a2f3b4c' })).toMatch(/another request/);
  expect(answerTextProblem(signedAnswer, { ...expected, subject: '900202400456' })).toMatch(/another service or subject/);
  expect(answerTextProblem(signedAnswer, { ...expected, result: { found: true, data: { employer: 'ЖШС Бірлік', total: 154000 } } })).toMatch(/not the result signed/);
  expect(answerTextProblem(signedAnswer, { ...expected, redacted: false })).toMatch(/redaction/);
  expect(answerTextProblem(refusalSigningText({ requestId: REQUEST, number: '4/2026', service: 11, subject: '880101300123', code: 'x', reason: 'y' }), expected)).toMatch(/not an answer/);
});

it('takes a refusal signed about this request, with the code and reason carried', () => {
  const text = refusalSigningText({ requestId: REQUEST, number: '4/2026', service: 4, subject: '880101300123', code: 'service-not-provided', reason: 'not here' });
  const refusal = { refersTo: REQUEST, service: 4, subject: '880101300123', code: 'service-not-provided', reason: 'not here' };
  expect(refusalTextProblem(text, refusal)).toBeUndefined();
  expect(refusalTextProblem(text, { ...refusal, code: 'signature-invalid' })).toMatch(/not the refusal signed/);
  expect(refusalTextProblem(text, { ...refusal, service: 5 })).toMatch(/another service/);
  expect(refusalTextProblem(signedAnswer, refusal)).toMatch(/not a refusal/);
});
