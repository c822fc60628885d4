import { expect, test } from '@playwright/test';
import { recordSeconds } from './helpers';

test('library in words: Stop says where the recording went, an empty name is refused in words, Escape cancels, deleting the replayed session closes its replay and the "Saved" note', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto('/?backend=wasm');
  await recordSeconds(page, 2);
  await expect(page.getByTestId('recording-saved')).toContainText('to the session library');
  const row = page.getByTestId('session-row').first();
  const name = await row.getByTestId('session-name').textContent();

  await row.getByTestId('session-rename').click();
  await row.getByTestId('session-name-input').fill('   ');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByTestId('session-name-error')).toHaveText(/needs a name/);
  await expect(row.getByTestId('session-name-error')).not.toContainText('expected');
  await row.getByTestId('session-name-input').press('Escape');
  await expect(row.getByTestId('session-name')).toHaveText(name!);

  await row.getByTestId('session-replay').click();
  await expect(page.getByTestId('replay')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  page.on('dialog', (dialog) => void dialog.accept());
  await row.getByTestId('session-delete').click();
  await expect(page.getByTestId('session-row')).toHaveCount(0);
  await expect(page.getByTestId('replay')).toHaveCount(0);
  // "Saved …" no longer points at the deleted session: the library link (with its count) is back
  await expect(page.getByTestId('recording-saved')).toHaveCount(0);
  await expect(page.getByTestId('library-link')).toHaveText('Sessions (0)');
  expect(consoleErrors).toEqual([]);
});

test('a text file picked as a video: the panel says it could not be opened, not "opening…"', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('storage-usage')).toBeVisible({ timeout: 30_000 }); // the library is open: results are saved as they come
  await page.getByTestId('file-input').setInputFiles({ name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('just some text, not a video\n') });
  const panel = page.getByTestId('file-analysis');
  await expect(panel).toHaveAttribute('data-phase', 'failed', { timeout: 60_000 });
  await expect(panel.locator('h2')).toContainText('could not be opened');
  await expect(panel.getByTestId('file-progress')).toHaveCount(0);
  await page.waitForTimeout(1000);
  expect(pageErrors).toEqual([]);
});

test("a library left by an older affectscope (IndexedDB version 1, annotations keyed without a face) opens with its sessions and annotation tracks", async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto('/?backend=wasm');
  await recordSeconds(page, 2);
  const id = await page.getByTestId('session-row').first().getAttribute('data-session-id');
  expect(id).toBeTruthy();
  // Rebuild the database as version 1 left it: the same records, the annotations store keyed [sessionId, annotator,
  // kind], holding one expression track. Deleting it closes the page's connection (onversionchange).
  await page.evaluate(async (sessionId) => {
    const done = <T,>(request: IDBRequest<T>) => new Promise<T>((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });
    const name = 'affectscope-sessions';
    const db = await done(indexedDB.open(name));
    const stores = ['sessions', 'mediaChunks', 'frameChunks'];
    const kept: Record<string, unknown[]> = {};
    const tx = db.transaction(stores, 'readonly');
    for (const store of stores) kept[store] = await done(tx.objectStore(store).getAll());
    db.close();
    await done(indexedDB.deleteDatabase(name));
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      const v1 = open.result;
      for (const store of stores) {
        const s = v1.createObjectStore(store, { keyPath: store === 'sessions' ? 'id' : ['sessionId', 'index'] });
        for (const value of kept[store]) s.put(value);
      }
      const track = { annotator: 'Old', kind: 'expression', segments: [{ startMs: 0, endMs: 1000, label: 4 }] };
      v1.createObjectStore('annotations', { keyPath: ['sessionId', 'annotator', 'kind'] }).put({ sessionId, annotator: 'Old', kind: 'expression', track });
    };
    (await done(open)).close();
  }, id);

  await page.reload();
  const row = page.locator(`[data-testid=session-row][data-session-id="${id}"]`);
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await row.getByTestId('session-replay').click();
  await expect(page.getByTestId('replay')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('[data-testid=timeline-lane][data-lane="expression:Old"]')).toHaveCount(1);
  await expect(page.getByTestId('library-error')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
