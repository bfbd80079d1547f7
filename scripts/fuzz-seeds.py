#!/usr/bin/env python3
"""Builds the seed corpora of the fuzz targets (docs/fuzzing.md) from the repository's own inputs.

usage: scripts/fuzz-seeds.py OUT_DIR

Writes OUT_DIR/<Target>/<sha1 of the seed>, one file per distinct seed: policy YAML from policies/
and Tests/Corpus, plus two alias-heavy policy tests; WorkOS events from Tests/Fixtures/workos and examples/events.jsonl; webhook
headers signed for those events; SCIM filters and PATCH bodies from the literals in
Tests/WardenSCIMTests; account exports from Tests/Corpus/reconcile and AccountExportTests.
"""
import hashlib
import hmac
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
# Must match FuzzWebhookSignature.swift.
WEBHOOK_SECRET = b"whsec_fuzz"
WEBHOOK_TIME = 1_767_225_600_000


def swift_strings(path):
    """The string literals of a Swift file, with `\\(ent)`-style interpolations of `ent` filled in
    and other interpolations dropped."""
    text = path.read_text()
    out = []
    i = 0
    while i < len(text):
        if text.startswith("//", i):
            i = text.find("\n", i)
            if i < 0:
                break
            continue
        m = re.compile(r'(#*)("""|")').match(text, i)
        if not m:
            i += 1
            continue
        hashes, quote = m.group(1), m.group(2)
        close = quote + hashes
        end = text.find(close, m.end())
        if not hashes:  # skip escaped quotes in ordinary literals
            j = m.end()
            while True:
                end = text.find(close, j)
                if end < 0 or text[end - 1] != "\\" or (len(text[:end]) - len(text[:end].rstrip("\\"))) % 2 == 0:
                    break
                j = end + 1
        if end < 0:
            break
        body = text[m.end():end]
        if quote == '"""':
            lines = body.split("\n")
            indent = len(lines[-1])
            body = "\n".join(line[indent:] for line in lines[1:-1])
        out.append(unescape(body, "\\" + hashes))
        i = end + len(close)
    return out


def unescape(body, escape):
    body = body.replace(escape + "(ent)", ENTERPRISE)
    body = re.sub(re.escape(escape) + r"\([^)]*\)", "", body)
    simple = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", '"': '"', "'": "'", "\\": "\\"}

    def one(m):
        c = m.group(1)
        if c.startswith("u{"):
            return chr(int(c[2:-1], 16))
        return simple.get(c, c)

    return re.sub(re.escape(escape) + r"(u\{[0-9a-fA-F]+\}|.)", one, body)


def patch_bodies(strings):
    """PATCH bodies: whole `Operations` objects, and operation lists wrapped into one."""
    for s in strings:
        t = s.strip()
        if t.startswith("{") and "Operations" in t:
            yield t
        elif t.startswith("[") and re.search(r'"op"\s*:', t, re.I):
            yield json.dumps({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}).rstrip("}") + ',"Operations":' + t + "}"


def filters(strings):
    """Strings that look like filters: an attribute path then an operator."""
    op = re.compile(r"^\s*(not\s*\()?\(*\s*[A-Za-z$][\w.:$-]*(\[.*\])?(\.\w+)?\s+(eq|ne|co|sw|ew|gt|ge|lt|le|pr)\b", re.I)
    sexp = re.compile(r"^\((eq|ne|co|sw|ew|gt|ge|lt|le|pr|and|or|not) ")  # the parser tests' expected trees
    return [s for s in strings if (op.match(s) or s.lstrip().startswith("(")) and not sexp.match(s)]


def alias_policies():
    """Policy tests whose events repeat a 111,111-node anchor across steps and documents."""
    anchor = "      a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"      a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 5))
    head = "apiVersion: warden/v1\nkind: PolicyTest\nname: t\nsteps:\n  - at: 2026-01-01T00:00:00Z\n    event: &b\n" + anchor
    yield (head + "  - { at: 2026-01-01T00:00:00Z, event: *b }\n" * 20).encode()
    yield "---\n".join([head] * 3).encode()


def webhook_inputs(bodies):
    """`header\\nbody` inputs: signed within the window, reordered, stale, and malformed."""
    for body in bodies:
        t = str(WEBHOOK_TIME)
        mac = hmac.new(WEBHOOK_SECRET, t.encode() + b"." + body, "sha256").hexdigest()
        for header in (f"t={t}, v1={mac}", f" v1={'0' * 64} ,v1={mac},t={t}, v0=x", f"t={WEBHOOK_TIME - 200_000}, v1={mac}",
                       f"t={t}, v1={mac.upper()}", f"t={t}"):
            yield header.encode() + b"\n" + body


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[1])
    seeds = {name: set() for name in ("FuzzPolicyLoader", "FuzzWorkOSEvent", "FuzzWebhookSignature", "FuzzSCIMFilter",
                                      "FuzzSCIMPatch", "FuzzAccountExport")}
    tests = ROOT / "Tests"

    for path in sorted([*ROOT.glob("policies/**/*.y*ml"), *tests.glob("Corpus/**/*.y*ml")]):
        seeds["FuzzPolicyLoader"].add(path.read_bytes())
    seeds["FuzzPolicyLoader"].update(alias_policies())

    events = [p.read_bytes().strip() for p in sorted(tests.glob("Fixtures/workos/*.json"))]
    types = {}
    for line in (ROOT / "examples/events.jsonl").read_bytes().splitlines():
        if line.strip():
            types.setdefault(json.loads(line).get("event"), line)  # one per event type
    events += list(types.values())
    events += [s.encode() for s in swift_strings(tests / "WardenIngestTests/WorkOSDecoderTests.swift") if s.lstrip().startswith("{")]
    seeds["FuzzWorkOSEvent"].update(events)
    seeds["FuzzWorkOSEvent"].add(b"[" + b",".join(events[:4]) + b"]")
    seeds["FuzzWebhookSignature"].update(webhook_inputs(events[:12]))

    scim = [s for p in sorted(tests.glob("WardenSCIMTests/*.swift")) for s in swift_strings(p)]
    seeds["FuzzSCIMFilter"].update(s.encode() for s in filters(scim))
    seeds["FuzzSCIMPatch"].update(s.encode() for s in patch_bodies(scim))

    seeds["FuzzAccountExport"].update(p.read_bytes() for p in sorted(tests.glob("Corpus/reconcile/*/export.*")))
    export_tests = swift_strings(tests / "WardenIngestTests/AccountExportTests.swift")
    seeds["FuzzAccountExport"].update(s.encode() for s in export_tests if "," in s or s.lstrip()[:1] in ("[", "{"))
    for csv in list(seeds["FuzzAccountExport"]):  # the BOM and CRLF spellings
        seeds["FuzzAccountExport"].add(b"\xef\xbb\xbf" + csv.replace(b"\n", b"\r\n"))

    for name, items in seeds.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        for item in items:
            (folder / hashlib.sha1(item).hexdigest()).write_bytes(item)
        print(f"{name}: {len(items)} seeds")


if __name__ == "__main__":
    main()
