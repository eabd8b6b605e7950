// A minimal Chrome DevTools Protocol driver for tests/bindings/browser/run.sh: no dependencies,
// no debugging port (the protocol runs over --remote-debugging-pipe, fds 3 and 4).
//
//   node cdp.mjs CHROMIUM URL TIMEOUT_SECONDS OUT_DOM_FILE PROFILE_DIR
//
// Starts headless Chromium, opens URL, and polls in real time (not virtual time: Chromium's
// --virtual-time-budget fast-forwards while wasm compiles off the main thread, so a
// --dump-dom snapshot can be taken before the tests ran) until the page has an element
// #result. Then writes the page's DOM (document.documentElement.outerHTML) to OUT_DOM_FILE,
// closes the browser and exits 0. Console messages and uncaught exceptions of the page go to
// stderr. Exits 124 when no #result appeared within TIMEOUT_SECONDS (the DOM so far is still
// written when the page answers), 1 on any other failure. Chromium runs in a process group of its
// own, which is killed on every exit path: nothing is left running.

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [chromium, url, timeoutArg, outFile, profile] = process.argv.slice(2);
if (!profile) {
  console.error('usage: node cdp.mjs CHROMIUM URL TIMEOUT_SECONDS OUT_DOM_FILE PROFILE_DIR');
  process.exit(2);
}
const deadline = Date.now() + Number(timeoutArg) * 1000;

const browser = spawn(
  chromium,
  [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
    '--disable-extensions', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-default-apps', '--password-store=basic', '--mute-audio',
    `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank',
  ],
  { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true },
);
let exited = false;
browser.on('exit', (code, signal) => {
  exited = true;
  for (const p of pending.values()) p.reject(new Error(`chromium exited (${signal ?? code}) during ${p.method}`));
  pending.clear();
});
browser.on('error', (e) => finish(1, `cannot start ${chromium}: ${e.message}`));

function killGroup(signal) {
  try { process.kill(-browser.pid, signal); } catch { /* already gone */ }
}
let finishing = false;
async function finish(code, message) {
  if (finishing) return;
  finishing = true;
  if (message) console.error(message);
  // A polite close first, then the whole process group (renderers, zygote, crashpad).
  if (!exited) {
    send('Browser.close').catch(() => {});
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
  }
  killGroup('SIGKILL');
  process.exit(code);
}
process.on('SIGTERM', () => finish(143, 'cdp.mjs: terminated'));
process.on('SIGINT', () => finish(130, 'cdp.mjs: interrupted'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];
let nextId = 1;
const pending = new Map();
let sessionId;

function send(method, params = {}, session = undefined) {
  const id = nextId++;
  const msg = { id, method, params };
  if (session) msg.sessionId = session;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, method });
    toBrowser.write(JSON.stringify(msg) + '\0');
  });
}

/** `promise`, or a rejection when the remaining time runs out (a busy page never answers). */
function bounded(promise, left = deadline - Date.now()) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('deadline'), { deadline: true })), Math.max(left, 0));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let buffered = '';
fromBrowser.setEncoding('utf8');
fromBrowser.on('data', (chunk) => {
  buffered += chunk;
  let end;
  while ((end = buffered.indexOf('\0')) >= 0) {
    const msg = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    if (msg.id !== undefined && pending.has(msg.id)) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
    } else if (msg.method === 'Runtime.consoleAPICalled') {
      const text = msg.params.args.map((a) => a.value ?? a.description ?? a.type).join(' ');
      console.error(`[page console.${msg.params.type}] ${text}`);
    } else if (msg.method === 'Log.entryAdded') {
      const e = msg.params.entry;
      console.error(`[page log ${e.level}] ${e.text}${e.url ? ` (${e.url})` : ''}`);
    } else if (msg.method === 'Runtime.exceptionThrown') {
      const d = msg.params.exceptionDetails;
      console.error(`[page exception] ${d.exception?.description ?? d.text}`);
    }
  }
});
fromBrowser.on('error', () => {});
toBrowser.on('error', () => {});

async function dom(ms) {
  const r = await bounded(send('Runtime.evaluate', {
    expression: 'document.documentElement.outerHTML',
    returnByValue: true,
  }, sessionId), ms);
  return r.result.value;
}

try {
  const { targetInfos } = await bounded(send('Target.getTargets'));
  let page = targetInfos.find((t) => t.type === 'page');
  const targetId = page ? page.targetId : (await bounded(send('Target.createTarget', { url: 'about:blank' }))).targetId;
  ({ sessionId } = await bounded(send('Target.attachToTarget', { targetId, flatten: true })));
  await bounded(send('Runtime.enable', {}, sessionId));
  await bounded(send('Log.enable', {}, sessionId));
  await bounded(send('Page.enable', {}, sessionId));
  const nav = await bounded(send('Page.navigate', { url }, sessionId));
  if (nav.errorText) await finish(1, `navigation to ${url} failed: ${nav.errorText}`);
  for (;;) {
    const r = await bounded(send('Runtime.evaluate', {
      expression: "document.getElementById('result') !== null",
      returnByValue: true,
    }, sessionId));
    if (r.result.value === true) break;
    if (Date.now() >= deadline) throw Object.assign(new Error('deadline'), { deadline: true });
    await sleep(100);
  }
  writeFileSync(outFile, await dom());
  await finish(0);
} catch (e) {
  if (e.deadline) {
    // Whatever the page shows by now, if it still answers (a busy page does not).
    try { writeFileSync(outFile, await dom(2000)); } catch { /* nothing */ }
    await finish(124, `cdp.mjs: no #result within ${timeoutArg}s`);
  }
  await finish(1, `cdp.mjs: ${e.stack || e}`);
}
