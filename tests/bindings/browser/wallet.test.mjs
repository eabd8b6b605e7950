// A real browser (Debian's chromium driven by playwright-core) uses examples/browser/: creates
// a wallet, shows its address and balance, funds it from //Alice, signs a transfer and submits
// it to a local real chain over WebSocket. The balances are read back with @polkadot/api.
// A screenshot is kept at tests/artifacts/browser-wallet.png.
//
//   TAOLIGHT_WASM_PKG_WEB=<full web build> PLAYWRIGHT_CORE=<path to playwright-core> \
//     node --test tests/bindings/browser/wallet.test.mjs      (tests/bindings/browser/run.sh does)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider, SIGNED_EXTENSIONS, startDevnet, withTimeout } from '../../devnet/test/helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const pkg = process.env.TAOLIGHT_WASM_PKG_WEB;
if (!pkg || !process.env.PLAYWRIGHT_CORE) throw new Error('set TAOLIGHT_WASM_PKG_WEB and PLAYWRIGHT_CORE (run.sh does)');
const { chromium } = createRequire(import.meta.url)(process.env.PLAYWRIGHT_CORE);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS = join(root, 'tests', 'artifacts');
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.ts': 'text/plain' };

let devnet, api, server, base, context, profile;

/** examples/browser/ at /, the package's web build at /pkg/; loopback only. */
function serve () {
  const site = join(root, 'examples', 'browser');
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = path.startsWith('/pkg/') ? join(pkg, path.slice(5)) : join(site, path === '/' ? 'index.html' : path);
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

before(async () => {
  devnet = await startDevnet();
  api = await withTimeout(ApiPromise.create({ provider: new WsProvider(devnet.url), signedExtensions: SIGNED_EXTENSIONS, noInitWarn: true }), 60_000, 'polkadot-js connect');
  base = await serve();
  profile = mkdtempSync(join(tmpdir(), 'taolight-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  server?.close();
  await api?.disconnect();
  await devnet?.stop();
});

const free = async (a) => (await api.query.system.account(a)).data.free.toBigInt();

test('the browser example makes a wallet, shows its balance, signs and submits a transfer', async () => {
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto(`${base}/index.html?rpc=${encodeURIComponent(devnet.url)}`);
  await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('body', 'data-ready'), 'yes', `${await page.textContent('#status')}\n${logs.join('\n')}`);
  assert.match(await page.textContent('#chain'), /node-subtensor v218/);

  await page.click('#create');
  await page.waitForFunction(() => document.getElementById('balance').dataset.rao !== undefined, null, { timeout: 30_000 });
  const address = (await page.textContent('#address')).trim();
  assert.match(address, /^5[1-9A-HJ-NP-Za-km-z]{47}$/);
  assert.equal((await page.textContent('#mnemonic')).trim().split(/\s+/).length, 12);
  assert.equal(await page.getAttribute('#balance', 'data-rao'), '0');

  await page.click('#fund');
  await page.waitForFunction(() => document.getElementById('balance').dataset.rao === '10000000000', null, { timeout: 60_000 })
    .catch(async (e) => { throw new Error(`${e.message}: ${await page.textContent('#status')}`); });
  assert.equal(await free(address), 10_000_000_000n, 'polkadot-js sees the funded wallet');

  const bobBefore = await free(BOB);
  await page.fill('#dest', BOB);
  await page.fill('#amount', '1.5');
  await page.click('#send');
  await page.waitForFunction(() => document.getElementById('result').dataset.block !== undefined, null, { timeout: 60_000 })
    .catch(async (e) => { throw new Error(`${e.message}: ${await page.textContent('#status')} ${logs.join('\n')}`); });
  const result = await page.textContent('#result');
  assert.match(result, /^InBlock #\d+ tx 0x[0-9a-f]{64} \(.*inBlock\)$/, result);
  const fee = (await page.textContent('#fee')).trim();
  assert.match(fee, /^0\.\d{9}$/);

  assert.equal((await free(BOB)) - bobBefore, 1_500_000_000n, 'Bob received 1.5 TAO');
  const left = await free(address);
  assert.ok(left < 10_000_000_000n - 1_500_000_000n, `the wallet paid the amount and a fee: ${left}`);
  assert.equal(await page.getAttribute('#balance', 'data-rao'), String(left), 'the page shows the balance polkadot-js reads');

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'browser-wallet.png'), fullPage: true });
  assert.ok(statSync(join(ARTIFACTS, 'browser-wallet.png')).size > 10_000);
});
