"""Byte-for-byte comparison of every export format between two revisions of the code.

    .venv/bin/python bench/export_compare.py --store DIR [--base REV] [--new REV] [--formats all] [--keep DIR]

The store (a QUIRE_HOME with ingested, cleaned volumes) is never written: each side exports every
volume from its own copy of the database (the page images are shared read-only) with the code of
`--base` (a git revision, unpacked with `git archive`) and with the working tree (or `--new`). Then every file
of every bag is compared. Exit status 1 when any file differs; the report names each file that
differs, and `--keep` leaves both sides' bags for a closer look.

A difference in `bag-info.txt` alone (Quire version, fingerprint) and in the tag manifests that
hash it is reported separately: it is not a difference in the exported text.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAG_FILES = {"bag-info.txt", "tagmanifest-sha256.txt", "tagmanifest-sha512.txt"}

_EXPORT = """
import json, sys, time
from pathlib import Path
from ingest.export.versions import export_volume
from ingest.store import Store
store = Store(Path(sys.argv[1]))
out, fmts, timings = Path(sys.argv[2]), sys.argv[3], {}
for vol in store.volumes():
    r = export_volume(store, vol.name, fmts, out_root=out / vol.name)
    timings[vol.name] = {k: round(v, 3) for k, v in r.format_seconds.items()}
print(json.dumps(timings))
"""


def export_all(code: Path, store: Path, out: Path, formats: str) -> dict[str, dict[str, float]]:
    home = out / "home"
    home.mkdir(parents=True)
    shutil.copy2(store / "quire.db", home / "quire.db")
    (home / "images").symlink_to(store / "images")
    env = {**os.environ, "PYTHONPATH": str(code), "QUIRE_HOME": str(home)}
    res = subprocess.run(
        [sys.executable, "-c", _EXPORT, str(home), str(out / "bags"), formats],
        env=env,
        capture_output=True,
        text=True,
        cwd=code,
    )
    if res.returncode:
        raise SystemExit(f"export with the code in {code} failed:\n{res.stderr}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def compare(a: Path, b: Path) -> tuple[list[str], list[str], int]:
    """(files that differ, tag files that differ, files compared) between two trees of bags."""
    differ, tags, n = [], [], 0
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    for rel in sorted(files_a ^ files_b):
        differ.append(f"{rel} (only in {'base' if rel in files_a else 'new'})")
    for rel in sorted(files_a & files_b):
        n += 1
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            (tags if Path(rel).name in TAG_FILES else differ).append(rel)
    return differ, tags, n


def _unpack(rev: str, dest: Path) -> Path:
    dest.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, required=True, help="QUIRE_HOME with the volumes to export")
    ap.add_argument("--base", default="main", help="git revision to compare with (default: main)")
    ap.add_argument("--new", help="git revision to compare (default: the working tree)")
    ap.add_argument("--formats", default="all")
    ap.add_argument("--keep", type=Path, help="leave both sides' exports here")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="quire-compare-"))
    try:
        base_code = _unpack(args.base, work / "base-code")
        new_code = _unpack(args.new, work / "new-code") if args.new else ROOT
        t = time.perf_counter()
        base_t = export_all(base_code, args.store.resolve(), work / "base", args.formats)
        new_t = export_all(new_code, args.store.resolve(), work / "new", args.formats)
        differ, tags, n = compare(work / "base" / "bags", work / "new" / "bags")
        print(
            f"compared {n} files of {len(new_t)} volume(s) ({args.base} vs {args.new or 'working tree'}) in "
            f"{time.perf_counter() - t:.0f} s"
        )
        print("seconds per format (base → new):")
        for vol, times in new_t.items():
            row = ", ".join(f"{k} {base_t.get(vol, {}).get(k, '-')}→{v}" for k, v in times.items())
            print(f"  {vol}: {row}")
        for rel in tags:
            print(f"tag file differs (bag metadata, not exported text): {rel}")
        for rel in differ:
            print(f"DIFFERS: {rel}")
        print("identical" if not differ else f"{len(differ)} file(s) differ")
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            shutil.copytree(work, args.keep, symlinks=True, ignore=shutil.ignore_patterns("*-code"))
        return 1 if differ else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
