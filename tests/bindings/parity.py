#!/usr/bin/env python3
"""Checks that the generated Swift and Kotlin sources expose the same public API.

    tests/bindings/parity.py GEN_DIR          (GEN_DIR: uniffi-bindgen's --out-dir with both)

Extracts the public type names (classes, records, enums, protocols/interfaces) and
function/method names of each language, normalised to camelCase, drops uniffi's own plumbing
(FfiConverter*, uniffi*), and fails listing the difference when the two sets differ.
"""

import pathlib
import re
import sys

# uniffi's converter and lifecycle members, present in one language's plumbing only.
PLUMBING = {"lift", "lower", "read", "write", "allocationSize", "liftFromRustBuffer", "lowerIntoRustBuffer",
            "destroy", "close", "free", "clone", "toString", "hashCode", "equals", "errorHandler", "handle",
            "description", "debugDescription", "callback", "create", "remove", "insert", "get",
            # Kotlin runtime support (JNA buffers, the cleaner, call status) and Swift's.
            "Disposable", "InternalError", "NoPointer", "RustBuffer", "RustBufferByReference", "asByteBuffer",
            "clean", "getValue", "setValue", "isError", "isPanic", "isSuccess", "register", "run", "toUtf8",
            "deallocate", "empty", "from", "hash"}


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def keep(name):
    return not (name.startswith(("uniffi", "Uniffi", "ffi", "Ffi", "FfiConverter")) or name in PLUMBING)


def kotlin_api(src):
    types = set(re.findall(r"^(?:public |open |data |sealed |enum |abstract )*(?:class|interface|object) (\w+)", src, re.M))
    types = {re.sub(r"Interface$", "", t) for t in types}
    # TaolightError becomes TaolightException in Kotlin (uniffi's naming for errors).
    types = {t.replace("Exception", "Error") for t in types}
    funs = set(re.findall(r"^\s*(?:\*/\s*)?(?:@\S+\s+)*(?:override |public |open )*(?:suspend )?fun `?(\w+)`?\s*\(", src, re.M))
    return {t for t in types if keep(t)}, {camel(f) for f in funs if keep(f)}


def swift_api(src):
    types = set(re.findall(r"^(?:public |open )*(?:final )?(?:class|struct|enum|protocol) (\w+)", src, re.M))
    types = {re.sub(r"Protocol$", "", t) for t in types}
    funs = set(re.findall(r"^\s*(?:public |open |override )*(?:static |class )?func (\w+)\s*\(", src, re.M))
    inits = set(re.findall(r"^\s*(?:public |open )*(?:convenience )?init\s*\(", src, re.M))
    return {t for t in types if keep(t)}, {camel(f) for f in funs if keep(f)} | ({"<init>"} if inits else set())


def main():
    gen = pathlib.Path(sys.argv[1])
    kt = next(gen.rglob("taolight_ffi.kt")).read_text()
    sw = (gen / "taolight_ffi.swift").read_text()
    kt_types, kt_funs = kotlin_api(kt)
    sw_types, sw_funs = swift_api(sw)
    sw_funs.discard("<init>")
    ok = True
    for what, k, s in (("types", kt_types, sw_types), ("functions/methods", kt_funs, sw_funs)):
        if k != s:
            ok = False
            print(f"{what} only in Kotlin: {sorted(k - s)}", file=sys.stderr)
            print(f"{what} only in Swift: {sorted(s - k)}", file=sys.stderr)
    # The API the tests use must be there at all (a regex gone blind would pass trivially).
    for name in ("signAndSubmitWatching", "neuronStatus", "metagraph", "fromUri", "onStatus", "ss58Decode"):
        if name not in kt_funs or name not in sw_funs:
            ok = False
            print(f"{name} missing (Kotlin: {name in kt_funs}, Swift: {name in sw_funs})", file=sys.stderr)
    print(f"parity: {len(kt_types)} types, {len(kt_funs)} functions/methods in Kotlin; "
          f"{len(sw_types)} and {len(sw_funs)} in Swift: {'same' if ok else 'DIFFERENT'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
