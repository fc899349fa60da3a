/**
 * The coordinating department's PDFs say what the JSON says, in one language and one wording:
 * after a consent withdrawal the urgent line is in the PDF's language (also in the meeting agenda);
 * a re-addressed version says from which municipality and why; a record handed on says why;
 * attachments carry their description; the time of receipt reads as a Danish or English
 * date-time in Danish time; the body has one name; § 9c(3) is written one way.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryBody } from '../helpers/binary-body.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { as, nextVersion, singleAdult, submit, submitFamilyWithRecord, type Doc } from '../helpers/handovers.js';
import { pdfPageTexts, pdfText } from '../helpers/pdf-reader.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, withNewId, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
// Integration responsibility of the family has started (2026-12-01), so its record can be handed on.
const now = new Date('2026-12-10T09:00:00Z');
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => now });
  w = await setupWorld(t);
});
afterAll(() => t.close());

const pdf = async (path: string, token: string) => {
  const res = await request(t.app).get(path).set(as(token)).buffer(true).parse(binaryBody);
  expect(res.status, String(res.body)).toBe(200);
  return res.body as Buffer;
};
const departmentPdf = (id: string, token: string, lang: 'da' | 'en', version?: number) => pdf(`/v1/handovers/${id}/pdf?audience=coordinating-department&lang=${lang}${version ? `&version=${version}` : ''}`, token);

describe('the urgent line after a consent withdrawal', () => {
  it('is in the PDF’s language in the department’s PDF and in the meeting agenda, like the deadlines below it', async () => {
    const doc = withNewId(readValidFixture<Doc>('06-ptsd-medication-runs-out'));
    doc.recipient.municipalityCode = '751';
    await submit(t, w.drk, doc);
    await request(t.app)
      .post(`/v1/handovers/${doc.handoverId}/consent-changes`)
      .set(as(w.aarhus.token))
      .send({ personRef: 'T1', audience: 'coordinating-department', scope: 'health', action: 'withdrawn', obtainedHow: 'Samtale med tolk på borgerservice' })
      .expect(201);
    const name = 'T1 Reza Moradi';
    const texts = {
      da: [pdfText(await departmentPdf(doc.handoverId, w.aarhus.token, 'da')), pdfText(await pdf(`/v1/handovers/${doc.handoverId}/agenda/pdf?lang=da`, w.aarhus.token))],
      en: [pdfText(await departmentPdf(doc.handoverId, w.aarhus.token, 'en')), pdfText(await pdf(`/v1/handovers/${doc.handoverId}/agenda/pdf?lang=en`, w.aarhus.token))],
    };
    for (const text of texts.da) {
      // Only that something is urgent: the flags' kinds (medication, a mental crisis) would say what consent withholds.
      expect(text.match(new RegExp(`Haster: ${name}\\. \\(tilbageholdt: samtykke mangler\\)`, 'g'))).toHaveLength(2);
      expect(text).not.toContain('withheld');
      expect(text).not.toMatch(/Sertralin|PTSD|Medicin slipper op \(2026|Psykisk krise/);
    }
    for (const text of texts.en) {
      expect(text.match(new RegExp(`Urgent: ${name}\\. \\(withheld: consent missing\\)`, 'g'))).toHaveLength(2);
      expect(text).not.toMatch(/Medication runs out \(2026|Mental-health risk/);
      expect(text).not.toContain('tilbageholdt');
    }
  });
});

describe('facts the JSON has', () => {
  it('a re-addressed version says from which municipality, why and when it was decided', async () => {
    const v1 = singleAdult('751');
    await submit(t, w.drk, v1);
    const v2 = nextVersion(v1);
    v2.schemaVersion = '1.1';
    v2.recipient = { municipalityCode: '730', readdressing: { fromMunicipalityCode: '751', reason: 'reassigned-by-immigration-service', reasonText: 'Visiteret til Randers efter familiesammenføring', decidedOn: '2026-11-20' } };
    await submit(t, w.drk, v2);
    const da = pdfText(await departmentPdf(v1.handoverId, w.randers.token, 'da', 2));
    expect(da).toContain(
      'Ændret modtager. Tidligere modtager: Aarhus Kommune; Årsag: Udlændingestyrelsen har visiteret til en anden kommune; Uddybning: Visiteret til Randers efter familiesammenføring; Besluttet den: 20. november 2026',
    );
    const en = pdfText(await departmentPdf(v1.handoverId, w.randers.token, 'en', 2));
    expect(en).toContain('Re-addressed. Previous recipient: Aarhus Municipality; Reason: The Immigration Service assigned another municipality; Explanation: Visiteret til Randers efter familiesammenføring; Decided on: 20 November 2026');
  });

  it('a record handed on says why, and attachments carry their description', async () => {
    const { doc: family } = await submitFamilyWithRecord(t, w, '751');
    const description = family.attachments[0].description as string;
    const own = pdfText(await departmentPdf(family.handoverId, w.aarhus.token, 'da'));
    // In the person's section as on the briefing page (category, file, description); the digest, size and person at the end.
    expect(own).toContain(`Hospitalsjournal operation-kabul-2022.pdf – ${description}`);
    expect(own).toMatch(/operation-kabul-2022\.pdf Maryam Rahimi 69 B [0-9a-f]{64}/);
    const moved = await request(t.app)
      .post(`/v1/handovers/${family.handoverId}/transfers`)
      .set(as(w.aarhus.token))
      .send({ toMunicipalityCode: '730', personRefs: ['F2', 'F4'], movedOn: '2026-12-08', reason: 'Moren og datteren er flyttet til Randers' });
    expect(moved.status, moved.text).toBe(201);
    const da = pdfText(await pdf(`/v1/transfers/${moved.body.transferId}/pdf?lang=da`, w.randers.token));
    expect(da).toContain('Begrundelse: Moren og datteren er flyttet til Randers');
    expect(da).toContain(description);
    const en = pdfText(await pdf(`/v1/transfers/${moved.body.transferId}/pdf?lang=en`, w.randers.token));
    expect(en).toContain('Reason: Moren og datteren er flyttet til Randers');
  });
});

describe('one wording per language', () => {
  it('prints the time of receipt as a date-time in Danish time, names the department as the consent table does, and writes § 9c(3) one way', async () => {
    const minor = withNewId(readValidFixture<Doc>('10-v1-1-minor-permit-until-18'));
    minor.recipient.municipalityCode = '751';
    await submit(t, w.drk, minor);
    const da = pdfPageTexts(await departmentPdf(minor.handoverId, w.aarhus.token, 'da'));
    const en = pdfPageTexts(await departmentPdf(minor.handoverId, w.aarhus.token, 'en'));
    // 09:00 UTC is 10:00 in Copenhagen in December.
    expect(da[0]).toContain('Modtaget 10. december 2026 kl. 10.00');
    expect(en[0]).toContain('Received 10 December 2026, 10:00');
    for (const text of [...da, ...en]) expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // The header and the consent table name the body alike.
    for (const page of da) expect(page).toContain('Koordineringsansvarlig forvaltning · Fortroligt');
    expect(da.join(' ')).not.toMatch(/[Kk]oordinerende afdeling/);
    expect(en.join(' ')).toContain('Temporary permit (§ 9c(3)) ends');
    expect(en.join(' ')).not.toContain('s. 9 c(3)');
  });
});
