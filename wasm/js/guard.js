// The guard between JavaScript callers and wasm-bindgen's glue, shared by the package's two
// entry points (wasm/build.sh writes it into each build's `taolight_wasm.js`, CommonJS for
// `node`, an ES module for `web`, after the line that supplies `raw`, the glue's exports).
//
// Every exported function, static method, method, getter and constructor is wrapped so that the
// caller only ever sees a `TaolightError` (an `Error` with `name`, `code` and `kind`), whatever
// the wasm does:
//
// - a panic (wasm32 aborts on panic: a `WebAssembly.RuntimeError`, "unreachable") becomes code
//   `internal.panic` with the panic's message, recorded by the panic hook (wasm/src/panic.rs)
//   just before the abort. The hook also scheduled a fresh instance: the next call runs on it.
//   Promises in flight at that moment are rejected with the same error (their futures died with
//   the instance). Objects made before the panic belong to the dead instance: using one throws
//   code `internal.stale_object`. Any other trap (out of memory, stack overflow) is handled the
//   same way, the guard re-instantiating the module itself.
// - what the glue throws for arguments it cannot pass (a non-BigInt for a u64, an object that
//   is not a `Keypair`, a freed object) becomes code `input.invalid`, kind `bad_input`, the
//   glue's message kept (and the original as `cause`).
// - TaolightErrors and Promise rejections (an AbortSignal's reason, say) pass unchanged.
//
// One limitation is the event loop's: a panic inside an async call traps inside a microtask that
// wasm-bindgen-futures queued, so besides the rejected Promise the runtime also reports the
// RuntimeError as uncaught (Node: `process.on('uncaughtException')`; browsers: the console).

/* eslint-disable no-unused-vars */
function taolightGuard(raw) {
  const isRuntimeError = (e) => typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;
  // wasm-bindgen's messages for an object or closure of a replaced instance.
  const STALE = /stale object|previous wasm instance/i;
  let panicMessage = null; // from the panic hook, until the next instance is in place
  let handlerSet = false; // whether the current instance knows `onPanic`
  const inFlight = new Set(); // `reject` of every Promise not settled yet

  function taolightError(code, kind, message, cause) {
    const e = cause === undefined ? new Error(message) : new Error(message, { cause });
    e.name = 'TaolightError';
    e.code = code;
    e.kind = kind;
    return e;
  }

  function panicError(cause) {
    const what = panicMessage ?? `a trap without a panic: ${cause?.message ?? cause}`;
    return taolightError('internal.panic', 'internal',
      `taolight-wasm panicked (${what}); the module was re-instantiated, objects made before ` +
      'this are unusable (internal.stale_object)', cause);
  }

  function rejectInFlight(err) {
    for (const reject of inFlight) reject(err);
    inFlight.clear();
  }

  // Called by the panic hook inside the wasm, before it aborts: only records and rejects (a
  // re-instantiation now would run the glue's pending cleanup against the new instance).
  function onPanic(message) {
    panicMessage = String(message).replace(/\s*\n\s*/g, ' '); // "panicked at f.rs:1:2: …"
    handlerSet = false;
    rejectInFlight(panicError());
  }

  function ensureHandler() {
    if (handlerSet) return;
    try {
      // After a panic this first call is the one that re-instantiates the module.
      raw.__taolightSetPanicHandler(onPanic);
      handlerSet = true;
      panicMessage = null;
    } catch {
      // The web build before `init()`: the call itself will fail and say so.
    }
  }

  function convert(e) {
    if (e?.name === 'TaolightError') return e;
    if (isRuntimeError(e)) {
      const err = panicError(e);
      if (panicMessage === null) {
        // A trap the panic hook did not see: no fresh instance was scheduled, make one.
        handlerSet = false;
        rejectInFlight(err);
        try {
          raw.__wbg_reset_state();
        } catch {
          // Nothing better to do: the next call reports the state it finds.
        }
      }
      return err;
    }
    if (e instanceof Error && STALE.test(e.message)) {
      return taolightError('internal.stale_object', 'internal',
        'this object belongs to a wasm instance replaced after a panic: make a new one', e);
    }
    if (e instanceof Error) return taolightError('input.invalid', 'bad_input', `invalid argument: ${e.message}`, e);
    return e;
  }

  function track(promise) {
    return new Promise((resolve, reject) => {
      inFlight.add(reject);
      promise.then(
        (v) => { inFlight.delete(reject); resolve(v); },
        (e) => { inFlight.delete(reject); reject(isRuntimeError(e) ? convert(e) : e); });
    });
  }

  function guarded(f) {
    const g = function (...args) {
      ensureHandler();
      let out;
      try {
        out = f.apply(this, args);
      } catch (e) {
        throw convert(e);
      }
      return out !== null && typeof out === 'object' && typeof out.then === 'function' ? track(out) : out;
    };
    // The glue's name and arity, for introspection.
    Object.defineProperty(g, 'name', { value: f.name });
    Object.defineProperty(g, 'length', { value: f.length });
    return g;
  }

  // Classes keep their identity (the glue checks `instanceof` against them): their methods and
  // accessors are wrapped in place, and a Proxy wraps `new`.
  function guardClass(C) {
    for (const target of [C, C.prototype]) {
      for (const key of Reflect.ownKeys(target)) {
        if (['constructor', 'prototype', 'length', 'name'].includes(key)) continue;
        if (typeof key === 'string' && key.startsWith('__')) continue; // the glue's own (__wrap)
        const d = Object.getOwnPropertyDescriptor(target, key);
        if (!d.configurable) continue;
        if (typeof d.value === 'function') d.value = guarded(d.value);
        if (d.get) d.get = guarded(d.get);
        if (d.set) d.set = guarded(d.set);
        Object.defineProperty(target, key, d);
      }
    }
    return new Proxy(C, {
      construct(target, args, newTarget) {
        ensureHandler();
        try {
          return Reflect.construct(target, args, newTarget);
        } catch (e) {
          throw convert(e);
        }
      },
    });
  }

  const isClass = (f) => /^class[\s{]/.test(Function.prototype.toString.call(f));
  const out = {};
  for (const [name, value] of Object.entries(raw)) {
    // `default` (init) and `initSync` of the web build are re-exported as they are; `__…` are
    // the glue's (reset state) and ours (the panic handler).
    if (name === 'default' || name === 'initSync' || name.startsWith('__')) continue;
    out[name] = typeof value !== 'function' ? value : isClass(value) ? guardClass(value) : guarded(value);
  }
  return out;
}

// gloo-net (the WebSocket under jsonrpsee's wasm client) drops a socket by dispatching a
// synthetic `close` event, which consumes its once-only close listener while that closure is
// still alive. Without a global `CloseEvent` (Node before 23) that step fails silently, and the
// socket's real close event later calls the freed closure: an uncaught "closure invoked
// recursively or after being dropped" after `Client.free()`. So supply the WHATWG class there.
if (typeof globalThis.CloseEvent === 'undefined' && typeof globalThis.Event === 'function') {
  class CloseEvent extends Event {
    #code;
    #reason;
    #wasClean;
    constructor(type, init = {}) {
      super(type, init);
      this.#code = init.code ?? 0;
      this.#reason = init.reason ?? '';
      this.#wasClean = init.wasClean ?? false;
    }
    get code() { return this.#code; }
    get reason() { return this.#reason; }
    get wasClean() { return this.#wasClean; }
  }
  Object.defineProperty(globalThis, 'CloseEvent', { value: CloseEvent, writable: true, configurable: true });
}
