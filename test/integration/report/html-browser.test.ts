/**
 * Opens a rendered HTML report from disk in headless Chromium (Debian's `chromium`, driven by playwright-core) and
 * checks what a person would: it renders with no console error and loads nothing, the status filters and the search
 * work, the markup a server sent did not run, the report is complete with JavaScript off, and the JUnit report parses
 * as XML. Saves screenshots to reports/screenshots/. Skipped, with a message, where /usr/bin/chromium is absent
 * (install it with `apt-get install -y chromium`).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml, renderJunit } from '../../../src/report/index.js';
import { HOSTILE_TOOL_NAME, SAMPLE_RUN_REPORT } from '../../fixtures/reports/sample-run-report.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = join(import.meta.dirname, '..', '..', '..', 'reports', 'screenshots');
const available = existsSync(CHROMIUM);

if (!available) {
  console.warn(`[mcp-conform] Skipping the HTML report browser test: ${CHROMIUM} is absent. Install it with \`apt-get update && apt-get install -y chromium\`.`);
}

interface Observed {
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  requests: string[];
}

describe.skipIf(!available)('the HTML report in Chromium', () => {
  let dir: string;
  let reportUrl: string;
  let context: BrowserContext;
  /** The report opened once, shared by the tests that only read it or filter it (each resets what it changes). */
  let main: { page: Page; observed: Observed };

  /** Opens the report in a new page of the shared browser, recording what a person would not want to see. */
  async function open(url = reportUrl, options: { javaScriptEnabled?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; observed: Observed }> {
    const page = await context.newPage();
    const observed: Observed = { consoleErrors: [], pageErrors: [], dialogs: [], requests: [] };
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') observed.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => observed.pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      observed.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => observed.requests.push(request.url()));
    await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
    if (options.javaScriptEnabled === false) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    }
    await page.goto(url, { waitUntil: 'load', timeout: 10_000 });
    return { page, observed };
  }

  const visibleResults = (page: Page) => page.locator('details.result:visible').count();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-conform-report-'));
    // A fresh profile: playwright passes this directory to Chromium as --user-data-dir.
    context = await chromium.launchPersistentContext(mkdtempSync(join(dir, 'profile-')), {
      executablePath: CHROMIUM,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
      timeout: 15_000,
    });
    const file = join(dir, 'mcp-conform.html');
    writeFileSync(file, renderHtml(SAMPLE_RUN_REPORT));
    reportUrl = pathToFileURL(file).href;
    main = await open();
  });

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders from disk with no console error, loading nothing but itself', async () => {
    const { page, observed } = main;
    expect(await page.locator('h1').textContent()).toBe('Failed');
    expect(observed.consoleErrors).toEqual([]);
    expect(observed.pageErrors).toEqual([]);
    expect(observed.requests).toEqual([reportUrl]);
    expect(await page.locator('#toolbar').isVisible()).toBe(true);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'report.png'), fullPage: false });
  });

  it('filters results by status and by text', async () => {
    const { page, observed } = main;
    const total = SAMPLE_RUN_REPORT.results.length;
    const count = (status: string) => SAMPLE_RUN_REPORT.results.filter((r) => r.status === status).length;
    expect(await visibleResults(page)).toBe(total);
    for (const status of ['failed', 'errored', 'warned', 'passed', 'skipped']) {
      await page.locator(`button.filter[data-filter="${status}"]`).click();
      const seen = await page.evaluate((s) => {
        const visible = [...document.querySelectorAll<HTMLElement>('details.result')].filter((el) => el.offsetParent !== null);
        return {
          visible: visible.length,
          others: visible.filter((el) => el.dataset.status !== s).length,
          pressed: [...document.querySelectorAll('button.filter[aria-pressed="true"]')].map((el) => el.getAttribute('data-filter')),
          shown: document.getElementById('shown')?.textContent,
        };
      }, status);
      expect({ status, ...seen }).toEqual({ status, visible: count(status), others: 0, pressed: [status], shown: `${count(status)} of ${total} results` });
    }
    expect(await page.locator('section.suite:visible').count()).toBe(new Set(SAMPLE_RUN_REPORT.results.filter((r) => r.status === 'skipped').map((r) => r.suite)).size);
    expect(await page.evaluate(() => location.hash)).toBe('#status=skipped');
    await page.locator('button.filter[data-filter="all"]').click();
    expect(await visibleResults(page)).toBe(total);
    expect(await page.evaluate(() => location.hash)).toBe('');

    await page.locator('a.count--warned').click();
    expect(await visibleResults(page)).toBe(count('warned'));
    await page.locator('button.filter[data-filter="all"]').click();

    await page.locator('#search').fill('tools/list');
    const matching = SAMPLE_RUN_REPORT.results.filter((r) => r.evidence.some((e) => e.kind === 'frame' && e.raw.includes('"tools/list"'))).length;
    expect(await visibleResults(page)).toBe(matching);
    await page.locator('#search').fill('no result has this text');
    expect(await visibleResults(page)).toBe(0);
    expect(await page.locator('#empty').isVisible()).toBe(true);
    await page.locator('#search').fill('');
    expect(await visibleResults(page)).toBe(total);
    expect(observed.pageErrors).toEqual([]);
  });

  it('opens filtered from a #status= link, and expands every result on demand', async () => {
    const { page } = await open(`${reportUrl}#status=failed`);
    expect(await visibleResults(page)).toBe(SAMPLE_RUN_REPORT.results.filter((r) => r.status === 'failed').length);
    await page.locator('button.filter[data-filter="all"]').click();
    await page.locator('#toggle-all').click();
    expect(await page.locator('details.result:not([open])').count()).toBe(0);
    expect(await page.locator('#toggle-all').textContent()).toBe('Collapse all');
  });

  it('shows the markup a server sent as text, and none of it runs', async () => {
    const { page, observed } = main;
    await page.locator('#toggle-all').click();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('b').count()).toBe(0);
    expect(await page.getByText(HOSTILE_TOOL_NAME, { exact: false }).count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.body.innerText.includes('"name": "<img src=x onerror=alert(1)>"'))).toBe(true);
    expect(observed.dialogs).toEqual([]);
    expect(observed.consoleErrors).toEqual([]);
  });

  it('would block injected markup even if escaping failed: the CSP refuses inline handlers and image loads', async () => {
    const tampered = join(dir, 'tampered.html');
    writeFileSync(tampered, renderHtml(SAMPLE_RUN_REPORT).replace('</main>', `<div id="injected">${HOSTILE_TOOL_NAME}</div></main>`));
    const { page, observed } = await open(pathToFileURL(tampered).href);
    expect(await page.locator('#injected img').count()).toBe(1);
    await page.waitForTimeout(200);
    expect(observed.dialogs).toEqual([]);
    expect(observed.consoleErrors.join('\n')).toMatch(/Content Security Policy/);
  });

  it('is complete and readable with JavaScript disabled (filters are an enhancement)', async () => {
    const { page } = await open(reportUrl, { javaScriptEnabled: false });
    expect(await page.locator('#toolbar').isVisible()).toBe(false);
    expect(await page.locator('details.result').count()).toBe(SAMPLE_RUN_REPORT.results.length);
    expect(await page.locator('details.result:visible').count()).toBe(SAMPLE_RUN_REPORT.results.length);
    expect(await page.locator('details.result[data-status="failed"]').first().getAttribute('open')).toBe('');
  });

  it('follows the dark colour scheme', async () => {
    const { page, observed } = main;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => window.scrollTo(0, 0));
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(13, 17, 23)');
    expect(observed.consoleErrors).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'report-dark.png'), fullPage: false });
  });

  it('parses the JUnit report as XML', async () => {
    const { page } = main;
    const xml = renderJunit(SAMPLE_RUN_REPORT);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const error = doc.querySelector('parsererror');
      return { error: error?.textContent ?? null, cases: doc.querySelectorAll('testcase').length, failures: doc.querySelectorAll('testcase > failure').length };
    }, xml);
    expect(parsed.error).toBeNull();
    expect(parsed.cases).toBe(SAMPLE_RUN_REPORT.results.length + (SAMPLE_RUN_REPORT.staleBaseline?.length ?? 0));
    expect(parsed.failures).toBe(3);
  });
});
