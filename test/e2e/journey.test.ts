/**
 * The whole journey in a real browser (Debian's Chromium), on the real service and database:
 * a sender enrols a signing key made in the browser and an administrator registers it; the sender
 * fills a family of three (one child) from the schemas' forms, with sections not assessed and a
 * medication, attaches a file (hashed in the browser), saves a draft, signs in the browser and
 * submits; the municipality sees it in the inbox, opens it, downloads the PDF, assigns a GP and
 * acknowledges; the sender sees "acknowledged"; the GP reads the health summary and signs a result
 * with the practice's own browser key. axe-core finds no WCAG 2.1 A/AA violation on any screen, and
 * nothing breaks the page's Content-Security-Policy. Screenshots go to test-output/screenshots.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../helpers/handovers.js';
import { pdfText } from '../helpers/pdf-reader.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { adminToken, createOrg, type TestOrg } from '../helpers/world.js';
import { closeServer, expectNoAxeViolations, launchChromium, listenLocally, SCREENSHOTS } from './browser.js';
import { exact, formDriver } from './form-driver.js';

let t: TestApp;
let server: http.Server;
let base: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let admin: string;
let sender: TestOrg;
let aarhus: TestOrg;
let gp: TestOrg;
const pages: Record<string, Page> = {};
const problems: string[] = [];
let handoverId = '';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

async function open(who: string, token: string): Promise<Page> {
  const context: BrowserContext = await browser.newContext({ acceptDownloads: true, locale: 'da-DK', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy|EvalError/i.test(m.text())) problems.push(`${who}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${who}: ${e.message}`));
  await page.goto(base);
  await page.getByLabel('Adgangsnøgle').fill(token);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByText(/Logget ind som/).waitFor();
  pages[who] = page;
  return page;
}

/** Makes the browser's key on the enrolment page and returns the public JWK it shows. */
async function enrol(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'Signeringsnøgle' }).click();
  await page.getByRole('button', { name: 'Lav nøgle' }).click();
  await page.getByRole('heading', { name: 'Denne browsers nøgle' }).waitFor();
  return page.getByLabel('Offentlig nøgle (send til administratoren)').inputValue();
}

/** The administrator registers a key an organisation enrolled, and sees its fingerprint listed. */
async function registerInBrowser(organisationId: string, jwk: string): Promise<void> {
  const page = pages.admin!;
  await page.goto(`${base}/admin/${organisationId}`);
  await page.getByRole('heading', { name: 'Signeringsnøgler' }).waitFor();
  await page.getByLabel('Offentlig nøgle (JWK)').fill(jwk);
  await page.getByRole('button', { name: 'Registrér offentlig nøgle' }).click();
  await page.getByRole('status').filter({ hasText: 'Nøglen er registreret' }).waitFor();
  const kid = (JSON.parse(jwk) as { kid: string }).kid;
  await page.getByRole('cell', { name: kid }).first().waitFor();
}

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0', HANDOVER_WEB_DEMO_SIGNIN: 'on' });
  admin = await adminToken(t);
  // No keys registered: the sender and the GP enrol theirs in the browser.
  sender = await createOrg(t, admin, { id: 'drk-asylum', type: 'asylum-centre-operator', name: 'Dansk Røde Kors Asylafdeling' }, 'sender');
  aarhus = await createOrg(t, admin, { id: 'aarhus', type: 'municipality', name: 'Aarhus Kommune', municipalityCode: '751' }, 'municipality');
  gp = await createOrg(t, admin, { id: 'gp-aarhus-c', type: 'gp-practice', name: 'Lægehuset Aarhus C' }, 'gp');
  await createOrg(t, admin, { id: 'aarhus-sundhedspleje', type: 'health-visitors', name: 'Sundhedsplejen, Aarhus Kommune', municipalityCode: '751' }, 'child-services');
  server = http.createServer(t.app);
  base = await listenLocally(server);
  chromium = await launchChromium();
  browser = chromium.browser;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await chromium?.close();
  await closeServer(server);
  await t?.close();
});

describe('the journey of a handover through the web application, in Chromium', () => {
  it('a sender makes a signing key in the browser; an administrator registers it after reading its fingerprint', async () => {
    const page = await open('sender', sender.token);
    await page.getByRole('heading', { name: 'Sendte overdragelser' }).waitFor();
    const jwk = await enrol(page);
    const publicKey = JSON.parse(jwk) as Record<string, string>;
    expect(publicKey).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(publicKey).not.toHaveProperty('d');
    // The private key is a non-extractable CryptoKey in IndexedDB: the page itself cannot read it out.
    const exported = await page.evaluate(`new Promise((resolve) => { const r = indexedDB.open('handover-signing'); r.onsuccess = () => { const g = r.result.transaction('keys').objectStore('keys').get('drk-asylum'); g.onsuccess = () => crypto.subtle.exportKey('jwk', g.result.privateKey).then(() => resolve('exported'), (e) => resolve(e.name + ' ' + g.result.privateKey.extractable)); }; })`);
    expect(exported).toBe('InvalidAccessError false');
    await expectNoAxeViolations(page, 'enrolment');
    await shot(page, '10-sender-enrol-key');

    const adminPage = await open('admin', admin);
    await adminPage.getByRole('heading', { name: 'Organisationer' }).waitFor();
    await expectNoAxeViolations(adminPage, 'admin organisations');
    await registerInBrowser('drk-asylum', jwk);
    await expectNoAxeViolations(adminPage, 'admin organisation');
    await shot(adminPage, '11-admin-key-registered');
  });

  it('the sender fills a family of three from the schemas’ forms, attaches a file, saves a draft, signs and submits', async () => {
    const page = pages.sender!;
    const f = formDriver(page);
    await page.goto(`${base}/new`);
    await page.getByRole('heading', { name: 'Ny overdragelse' }).waitFor();
    await f.select(page, 'Kommunekode', 'Aarhus Kommune');
    await f.fill(page, 'Integrationsansvar overtages', day(14));
    const arrival = f.group(page, 'Forventet ankomst');
    await f.fill(arrival, 'Dato', day(14));
    await f.choose(arrival, 'Ledsaget af personale');
    await f.fill(arrival, 'Ankomststed', 'Aarhus Rådhus, borgerservice');
    await f.fill(f.group(page, 'Afsender'), 'Asylcenter eller mission', 'Center Sandholm');
    await f.fill(f.group(page, 'Kontaktperson'), 'Navn', 'Birgitte Lund');
    await f.goTo(/^Personer/);
    await f.click(page, 'Tilføj person');
    await f.click(page, 'Tilføj person');
    const people = [
      { given: 'Zahra', family: 'Rahimi', born: '1988-03-02', sex: 'Kvinde' },
      { given: 'Ali', family: 'Rahimi', born: '1985-07-19', sex: 'Mand' },
      { given: 'Sara', family: 'Rahimi', born: day(-365 * 4), sex: 'Kvinde' },
    ];
    for (const [i, p] of people.entries()) {
      await f.goTo(/^Identitet/, i);
      await f.fill(page, 'Fornavne (som i opholdstilladelsen)', p.given);
      await f.fill(page, 'Efternavn (som i opholdstilladelsen)', p.family);
      await f.fill(page, 'Fødselsdato', p.born);
      // A yes/no is a choice, never a blank read as "no".
      await f.choose(f.group(page, 'Fødselsdato anslået'), 'Nej');
      await f.choose(f.group(page, 'Køn'), p.sex);
      await f.click(page, 'Næste');
      await f.select(page, 'Opholdsgrundlag', 'Udlændingelovens § 7, stk. 1 (konventionsstatus)');
      await f.fill(page, 'Tilladelse givet den', day(-60));
      await f.fill(page, 'Tilladelsen udløber', day(-60 + 365 * 5));
      await f.choose(f.group(page, 'Ankomstvej'), 'Fra asylcenter');
      await f.fill(page, 'Asylcenter', 'Center Sandholm');
      await f.fill(page, 'Modersmål', 'fa');
      await f.choose(f.group(page, 'Tolk nødvendig'), 'Ja');
      await f.fill(f.group(page, 'Tolkebehov'), 'Tolkesprog', 'fa');
      await f.click(page, 'Næste');
      // Every other social section: not assessed, with a reason; the meeting not held.
      for (let s = 0; s < 3; s++) {
        await f.notAssessedRest();
        await f.click(page, 'Næste');
      }
      await f.notAssessedRest();
      await f.choose(f.group(page, 'Overdragelsesmøde'), 'Ikke afholdt');
      await f.click(page, 'Næste');
      await f.choose(page, 'Sygeplejerskesamtale på asylcenter');
      await f.select(page, 'Undersøgerens rolle', 'Sygeplejerske');
      await f.fill(page, 'Dato', day(-10));
      await f.notAssessedRest();
      // The health steps after the source's (one step per infectious disease, mental health in two), until the person's last.
      for (let s = 0; s < 30; s++) {
        await f.click(page, 'Næste');
        const title = (await page.locator('#step-heading').textContent())!;
        if (!title.startsWith(`${p.given} ${p.family}: `)) break;
        if (i === 0 && title.endsWith(': Medicin')) {
          // The mother's medication: the section's status first, then what that status needs.
          await f.status('Medicin', 'Vurderet, med fund');
          const medicin = f.group(page, 'Medicin');
          await f.click(medicin, /^Tilføj/);
          await f.fill(medicin, 'Præparat', 'Sertralin');
          await f.fill(medicin, 'Dosis', '50 mg dagligt');
          await f.fill(medicin, 'Hyppighed', '1 gang dagligt');
          await f.fill(medicin, 'Medicin rækker til', day(20));
          await f.choose(f.group(medicin, 'Må ikke afbrydes'), 'Ja');
        }
        await f.notAssessedRest();
      }
    }

    // The family: relations, who will live together, consents.
    await f.goTo(/^Husstand/);
    const relation = f.group(page, 'Relationer');
    await f.click(relation, 'Tilføj relation');
    await f.select(relation, 'Person', 'Zahra Rahimi');
    await f.select(relation, 'er', 'Ægtefælle');
    await f.select(relation, 'til (den anden person)', 'Ali Rahimi');
    const living = f.group(page, 'Hvem skal bo sammen');
    await f.click(living, 'Tilføj husstand i Danmark');
    for (const name of ['Zahra Rahimi', 'Ali Rahimi', 'Sara Rahimi']) await f.tick(living, name);
    await f.click(page, 'Næste');
    for (const [i, who] of ['Zahra Rahimi', 'Ali Rahimi', 'Sara Rahimi'].entries()) {
      await f.click(page, /^Tilføj/);
      const entry = page.locator('.list-entry').nth(i);
      await f.select(entry, 'Person', who);
      for (const audience of ['Koordineringsansvarlig forvaltning', 'Egen læge']) await f.tick(entry, audience);
      for (const scope of ['Sociale oplysninger', 'Helbredsoplysninger']) await f.tick(entry, scope);
      await f.fill(entry, 'Givet den', day(-10));
      await f.choose(f.group(entry, 'Indhentet'), 'Skriftligt');
      await f.choose(f.group(entry, 'Givet af'), i === 2 ? 'Forælder' : 'Personen selv');
    }
    await f.click(page, 'Næste');
    await f.tick(page, 'Der er ingen (ingen Hastende forhold)');
    await f.click(page, 'Næste');

    // A file from disk: its SHA-256 is computed in the browser into the signed manifest.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    await page.getByLabel('Vælg filer (PDF, JPEG, PNG)').setInputFiles({ name: 'medicinliste.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByText('medicinliste.pdf').waitFor();
    await page.getByLabel('Kategori').selectOption({ label: 'Lægebrev' });
    const sha = (await import('node:crypto')).createHash('sha256').update(pdf).digest('hex');
    // The digest is a technical detail, folded away until asked for.
    await page.getByText('Tekniske oplysninger').click();
    await page.getByText(`SHA-256 ${sha}`).waitFor();

    // The service's completeness score, as the form stands.
    await page.getByRole('status').filter({ hasText: /Fuldstændighed nu: \d+\/100/ }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Gem kladde' }).click();
    await page.getByText(/Kladde gemt/).waitFor();
    const drafts = await request(t.app).get('/v1/drafts').set(as(sender.token)).expect(200);
    expect(drafts.body.items[0].persons).toEqual(['Zahra Rahimi', 'Ali Rahimi', 'Sara Rahimi']);
    await expectNoAxeViolations(page, 'new handover');
    await shot(page, '12-sender-form');
    await f.goTo(/^Tjek dine svar/);
    await page.getByRole('heading', { name: 'Tjek dine svar' }).waitFor();

    await page.getByRole('button', { name: 'Signér og send' }).click();
    const received = page.getByRole('heading', { name: 'Overdragelsen er modtaget' });
    const refused = page.getByRole('alert');
    await Promise.race([received.waitFor({ timeout: 30_000 }), refused.waitFor({ timeout: 30_000 }).then(async () => expect.fail(`not submitted: ${await refused.textContent()}`))]);
    await expectNoAxeViolations(page, 'receipt');
    await shot(page, '13-sender-receipt');
    handoverId = (await page.locator('dd').nth(1).textContent())!.trim();
    const receiptSha = (await page.locator('dd').nth(4).textContent())!.trim();
    // Submitted: the draft is gone; what was signed is what the browser showed.
    expect((await request(t.app).get('/v1/drafts').set(as(sender.token)).expect(200)).body.items).toEqual([]);
    const stored = await request(t.app).get(`/v1/handovers/${handoverId}`).set(as(aarhus.token)).expect(200);
    // Accepted means verified against the one key registered, the browser's: the receipt names the bytes it signed.
    expect(stored.body.jwsSha256).toBe(receiptSha);
    expect(stored.body.document.attachments[0]).toMatchObject({ filename: 'medicinliste.pdf', sha256: sha, size: pdf.length, category: 'medical-letter' });
    expect(stored.body.document.persons[0].healthScreening.medications.entries[0]).toMatchObject({ name: 'Sertralin', mustNotInterrupt: true });
    expect(stored.body.document.persons[2].socialInformation.education).toEqual({ status: 'not-assessed', reason: 'no-time' });
  }, 300_000);

  it('the municipality finds it in the inbox, opens it, downloads the PDF, assigns a GP and acknowledges', async () => {
    const page = await open('municipality', aarhus.token);
    await page.getByRole('heading', { name: 'Indbakke' }).waitFor();
    const row = page.getByRole('table', { name: 'Indbakke' }).getByRole('row').filter({ hasText: 'Rahimi' });
    await row.first().waitFor();
    await row.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Ikke vurderet' }).first().waitFor();
    // The briefing names the medication that must not be interrupted, on the page itself.
    expect(await page.getByRole('region', { name: 'Zahra Rahimi' }).innerText()).toMatch(/Medicin\s+Præparat: Sertralin;.*Må ikke afbrydes: Ja/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Hent PDF' }).click()]);
    const text = await pdfText(fs.readFileSync((await download.path())!));
    expect(text).toContain('Rahimi');
    expect(text).toContain('Sertralin');

    const assign = page.getByRole('region', { name: 'Tilknyt egen læge' });
    await assign.getByLabel('Person').selectOption({ label: 'Zahra Rahimi' });
    await assign.getByLabel('Lægepraksis').selectOption({ label: 'Lægehuset Aarhus C' });
    await page.getByRole('button', { name: 'Tilknyt egen læge' }).click();
    await page.getByRole('status').filter({ hasText: 'Zahra Rahimi er tilknyttet Lægehuset Aarhus C' }).waitFor();
    // The child's health visitors may now see her health information; and a question back to the sender.
    const consent = page.getByRole('region', { name: 'Ændring af samtykke' });
    await consent.getByLabel('Person').selectOption({ label: 'Sara Rahimi' });
    await consent.getByLabel('Modtager').selectOption({ label: 'Sundhedsplejen' });
    await consent.getByLabel('Omfang').selectOption({ label: 'Helbredsoplysninger' });
    await consent.getByLabel('Hvordan (f.eks. samtale med tolk, dato)').fill('Samtale med moren og tolk');
    await page.getByRole('button', { name: 'Registrér ændringen' }).click();
    await page.getByRole('status').filter({ hasText: 'Ændringen er registreret' }).waitFor();
    const routing = page.getByRole('region', { name: 'Send barnets oplysninger til sundhedsplejen eller PPR' });
    await routing.getByLabel('Barn', { exact: true }).selectOption({ label: 'Sara Rahimi' });
    await routing.getByRole('button', { name: 'Send til enheden' }).click();
    await page.getByRole('status').filter({ hasText: 'Sara Rahimi er sendt til Sundhedsplejen, Aarhus Kommune' }).waitFor();
    await page.getByLabel('Stil et spørgsmål').fill('Hvornår fik Zahra sidst udleveret sertralin?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const asked = page.getByTestId('question-1');
    await asked.getByText('Hvornår fik Zahra sidst udleveret sertralin?').waitFor();
    expect(await asked.getByTestId('question-state').textContent()).toBe('åbent');
    await page.getByLabel('Sagsbehandler').fill('Mette Holm');
    await page.getByRole('button', { name: 'Kvittér for modtagelse' }).click();
    await page.getByRole('status').filter({ hasText: 'Kvitteret' }).waitFor();
    await expectNoAxeViolations(page, 'municipality handover');
    await shot(page, '14-municipality-handover');
  });

  it('the sender sees the handover acknowledged', async () => {
    const page = pages.sender!;
    // Found in the sender's list by who it is about, not by its id.
    await page.goto(base);
    await page.getByRole('link', { name: 'Zahra Rahimi, Ali Rahimi, Sara Rahimi' }).click();
    await page.getByRole('heading', { name: 'Zahra Rahimi, Ali Rahimi, Sara Rahimi' }).waitFor();
    expect(page.url()).toBe(`${base}/sent/${handoverId}`);
    await expect.poll(() => page.getByTestId('delivery-status').textContent()).toBe('Kvitteret af kommunen');
    expect(await page.getByRole('row').nth(1).textContent()).toContain('Mette Holm');
    await page.getByTestId('question-1').getByText('Hvornår fik Zahra sidst udleveret sertralin?').waitFor();
    expect(await page.getByTestId('question-1').getByTestId('question-state').textContent()).toBe('åbent');
    await expectNoAxeViolations(page, 'delivery status');
    await shot(page, '15-sender-status');
  });

  it('the GP reads the health summary and signs the result with the practice’s browser key', async () => {
    const page = await open('gp', gp.token);
    await page.getByRole('heading', { name: 'Tilknyttede personer' }).waitFor();
    const jwk = await enrol(page);
    await registerInBrowser('gp-aarhus-c', jwk);
    await page.goto(base);
    await page.getByRole('link', { name: 'Zahra Rahimi' }).click();
    await page.getByRole('heading', { name: 'Zahra Rahimi' }).waitFor();
    // The clinical summary in words: the medication by name, not a disabled form.
    await expect.poll(async () => page.locator('article.clinical-summary').innerText()).toContain('Sertralin');
    await expectNoAxeViolations(page, 'GP summary');
    await shot(page, '16-gp-summary');

    // The result is drawn as the sender's form is: fields by their labels, short choices as radio buttons.
    const form = page.locator('.gp-result');
    const field = (label: string, scope = form) => scope.getByLabel(exact(label)).first();
    const pick = (option: string, scope = form) => scope.getByRole('radio', { name: option, exact: true }).first().check();
    const question = (label: string, scope = form) => scope.getByRole('group', { name: exact(label) }).first();
    await field('Læge').fill('Anne Holm, alment praktiserende læge');
    // A date as Danes write it is taken as the date it is.
    await field('Tilbudt den').fill(day(0).split('-').reverse().join('.'));
    expect(await field('Tilbudt den').inputValue()).toBe(day(0));
    await pick('Modtaget');
    // A day not yet come is refused at its field, in Danish; then the day it was done.
    await field('Udført den').fill(day(3));
    await field('Udført den').press('Tab');
    await form.getByText('Datoen ligger efter i dag. Skriv den dato, det skete').first().waitFor();
    await field('Udført den').fill(day(0));
    await expect.poll(() => form.getByText('Datoen ligger efter i dag').count()).toBe(0);
    await pick('Ja', question('Eksisterende helbredsoplysninger inddraget'));
    const conclusion = question('Lægefaglig konklusion');
    await pick('Vurderet af fagperson, intet fundet', conclusion);
    await pick('Sygeplejerskesamtale på asylcenter', conclusion);
    await field('Undersøgerens rolle', conclusion).selectOption({ index: 1 });
    // Dates are typed as ÅÅÅÅ-MM-DD (the result form's date fields carry that hint, not the browser's date picker).
    await field('Dato', conclusion).fill(day(0));
    // The language of the consultation chosen by its name, as in the sender's form, and shown by name with its code.
    const language = form.getByRole('combobox', { name: exact('Samtalesprog') });
    await language.pressSequentially('arab');
    await page.getByRole('option', { name: 'arabisk (ar)' }).click();
    expect(await language.inputValue()).toBe('arabisk (ar)');
    await pick('Ja', question('Tolk anvendt', conclusion));
    await field('Dokument', conclusion).selectOption({ index: 1 });
    // The person lets the GP share the result with the coordinating department.
    await form.getByRole('button', { name: /^Tilføj til Samtykker \(§ 19 a\)/ }).click();
    // The entry named in words, not the form library's "Samtykker (§ 19 a)-1".
    await form.getByText(/^Samtykker \(§ 19 a\) nr\. 1/).first().waitFor();
    expect(await form.innerText()).not.toContain('(§ 19 a)-1');
    await pick('Egen læge');
    await pick('Koordineringsansvarlig forvaltning');
    await field('Givet den').fill(day(0));
    await pick('Skriftligt');
    await expectNoAxeViolations(page, 'GP result filled');
    await shot(page, '16-gp-result-filled');
    await page.getByRole('button', { name: 'Signér og send' }).click();
    const sent = page.getByRole('status').filter({ hasText: 'Resultatet er sendt til kommunen.' });
    const refused = page.getByRole('alert');
    await Promise.race([sent.waitFor({ timeout: 30_000 }), refused.waitFor({ timeout: 30_000 }).then(async () => expect.fail(`not sent: ${await refused.textContent()}`))]);
    await expectNoAxeViolations(page, 'GP result sent');
    await shot(page, '17-gp-result-sent');
    const results = await request(t.app).get(`/v1/handovers/${handoverId}/health-assessments`).set(as(aarhus.token)).expect(200);
    // Exactly what the GP entered (each select of the conclusion at its first choice, as chosen above), and the ids the page fills.
    expect(results.body.results.map((r: { document: unknown }) => r.document)).toEqual([
      {
        documentType: 'health-assessment-result',
        schemaVersion: '1.1',
        resultId: expect.any(String),
        handoverId,
        personRef: 'P1',
        gpPractice: { organisationId: 'gp-aarhus-c', name: 'Lægehuset Aarhus C' },
        doctor: 'Anne Holm, alment praktiserende læge',
        offeredOn: day(0),
        outcome: 'accepted',
        performedOn: day(0),
        existingInformationConsidered: true,
        conclusion: { status: 'no-findings', source: { method: 'nurse-interview', examinerRole: 'nurse', date: day(0), language: 'ar', interpreterUsed: true, document: 'iom-medical-report' } },
        consents: [{ from: 'gp', to: 'coordinating-department', givenOn: day(0), obtainedHow: 'written' }],
      },
    ]);
  });

  it('the sender corrects the handover in a new version and answers the question with it; the municipality reads it and closes the question', async () => {
    const page = pages.sender!;
    await page.goto(`${base}/sent/${handoverId}`);
    await page.getByRole('link', { name: 'Ret og send en ny version' }).click();
    // The current version's content, its file fetched back from the service: nothing to pick again.
    const f = formDriver(page);
    await f.goTo(/^Medicin/);
    const dose = f.group(page, 'Medicin').getByLabel(/^Dosis/);
    await expect.poll(() => dose.inputValue()).toBe('50 mg dagligt');
    await dose.fill('100 mg dagligt');
    await f.goTo(/^Bilag/);
    await page.getByText('medicinliste.pdf').waitFor();
    await f.goTo(/^Tjek dine svar/);
    await page.getByRole('button', { name: 'Signér og send' }).click();
    const received = page.getByRole('heading', { name: 'Overdragelsen er modtaget' });
    const refused = page.getByRole('alert');
    await Promise.race([received.waitFor({ timeout: 30_000 }), refused.waitFor({ timeout: 30_000 }).then(async () => expect.fail(`new version not submitted: ${await refused.textContent()}`))]);
    expect((await page.locator('dd').nth(2).textContent())!.trim()).toBe('2');
    const v2 = await request(t.app).get(`/v1/handovers/${handoverId}`).set(as(aarhus.token)).expect(200);
    expect(v2.body.version).toBe(2);
    expect(v2.body.document.supersedes).toEqual({ version: 1 });
    expect(v2.body.document.persons[0].healthScreening.medications.entries[0].dose).toBe('100 mg dagligt');
    expect(v2.body.document.attachments[0].filename).toBe('medicinliste.pdf');

    await page.goto(`${base}/sent/${handoverId}`);
    const question = page.getByTestId('question-1');
    await question.getByLabel('Svar på spørgsmål 1').fill('Udleveret for 10 dage siden, til 30 dage; dosis rettet i version 2.');
    await question.getByLabel('Besvaret med en ny version (valgfrit)').selectOption({ label: 'Version 2' });
    await question.getByRole('button', { name: 'Send svar' }).click();
    await page.getByRole('status').filter({ hasText: 'Svaret er sendt til kommunen' }).waitFor();
    await expect.poll(() => question.getByTestId('question-state').textContent()).toBe('besvaret');
    await question.getByText('(besvaret med version 2)').waitFor();
    await expectNoAxeViolations(page, 'sender answers a question');
    await shot(page, '18-sender-answers');

    const municipality = pages.municipality!;
    await municipality.goto(`${base}/handovers/${handoverId}`);
    const thread = municipality.getByTestId('question-1');
    await thread.getByText(/Udleveret for 10 dage siden/).waitFor();
    await municipality.getByRole('button', { name: 'Luk spørgsmål 1' }).click();
    await expect.poll(() => thread.getByTestId('question-state').textContent()).toBe('lukket');
    await expectNoAxeViolations(municipality, 'municipality closes a question');
  });

  it('the sender withdraws the new version with a signed withdrawal; version 1 is the current one again', async () => {
    const page = pages.sender!;
    await page.goto(`${base}/sent/${handoverId}`);
    const withdrawal = page.getByRole('region', { name: 'Tilbagekald version 2' });
    await withdrawal.getByRole('radio', { name: 'Anden årsag', exact: true }).check();
    await withdrawal.getByLabel(/^Uddybning/).fill('Dosis var rigtig i version 1.');
    // Enter in a field of the withdrawal never signs it (tester 2026-12-07): only the buttons do.
    for (const input of await withdrawal.locator('input:visible').all()) await input.press('Enter');
    await page.waitForTimeout(700);
    expect(await page.getByRole('status').filter({ hasText: 'Version 2 er tilbagekaldt' }).count()).toBe(0);
    expect((await request(t.app).get(`/v1/handovers/${handoverId}/status`).set(as(sender.token)).expect(200)).body.currentVersion).toBe(2);
    // Drawn by the sender's form's renderer (WithdrawalForm.tsx), confirmed before it is signed.
    await withdrawal.getByRole('button', { name: 'Tilbagekald version 2' }).click();
    await withdrawal.getByRole('heading', { name: 'Er du sikker på, at du vil tilbagekalde version 2?' }).waitFor();
    await withdrawal.getByRole('button', { name: 'Ja, signér og tilbagekald' }).click();
    await withdrawal.getByText('den forrige version bliver igen den gældende').waitFor();
    const done = page.getByRole('status').filter({ hasText: 'Version 2 er tilbagekaldt' });
    const refused = page.getByRole('alert');
    await Promise.race([done.waitFor({ timeout: 30_000 }), refused.waitFor({ timeout: 30_000 }).then(async () => expect.fail(`not withdrawn: ${await refused.textContent()}`))]);
    await expect.poll(() => page.getByRole('row').filter({ hasText: /^2 \(tilbagekaldt\)/ }).count()).toBe(1);
    await page.getByRole('region', { name: 'Tilbagekald version 1' }).getByText('hele overdragelsen er tilbagekaldt bagefter').waitFor();
    await expectNoAxeViolations(page, 'after a withdrawal');
    await shot(page, '19-sender-withdrawn');
    const status = await request(t.app).get(`/v1/handovers/${handoverId}/status`).set(as(sender.token)).expect(200);
    expect(status.body.currentVersion).toBe(1);
    expect(status.body.versions.find((v: { version: number }) => v.version === 2).status).toBe('withdrawn');
    const current = await request(t.app).get(`/v1/handovers/${handoverId}`).set(as(aarhus.token)).expect(200);
    expect(current.body.version).toBe(1);
    expect(problems).toEqual([]);
  });
});
