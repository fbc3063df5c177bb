"""Random benchmark books: knob sets drawn from a seed, rendered once with the benchmark generator.

`draw(seed, index, fonts, sources)` is pure: book `index` of `seed` is always the same knob set,
whatever N is, so `--random 20 --seed 101` today and tomorrow measure the same twenty books.
`render(spec, root)` runs `make_book.py` into `root/<name>` (name = knob summary + a hash of the
generator arguments and the generator's own files), once: a finished book is reused, a failed render
is reported and remembered (`FAILED`, with the generator's message) rather than retried every run.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(os.environ.get("QUIRE_BENCH", "/work/shared/bench"))
MORE = "sources/challenge-more.txt"
GLOSSARY = "sources/glossary-a-me.txt"

# The families the benchmark's books are set in (README: fonts-ebgaramond, fonts-linuxlibertine,
# fonts-texgyre, fonts-liberation2, fonts-sil-charis, fonts-crosextra-caladea, fonts-dejavu).
BOOK_FONTS = (
    "EB Garamond",
    "Linux Libertine O",
    "TeX Gyre Termes",
    "TeX Gyre Pagella",
    "TeX Gyre Bonum",
    "TeX Gyre Schola",
    "Liberation Serif",
    "Charis SIL",
    "Caladea",
    "DejaVu Serif",
)


@dataclass(frozen=True)
class Source:
    """A text to draw books from: a normalised `source.md` (chapters) or a raw text (line windows)."""

    path: str  # relative to the bench folder
    chapters: int = 0  # source.md: number of '#' chapters
    starts: tuple[int, ...] = ()  # raw text: 1-based line numbers of its chapter headings


@dataclass
class BookSpec:
    seed: int
    index: int
    knobs: dict[str, object]  # generator knobs as drawn (None / False: the default)
    args: list[str] = field(default_factory=list)  # make_book.py arguments, without --out

    @property
    def key(self) -> str:
        return hashlib.sha256(json.dumps(self.args).encode()).hexdigest()[:10]

    def summary(self) -> str:
        """The knobs that differ from the generator's defaults, one line."""
        k = self.knobs
        parts = [f"{k['profile']}", f"{k['page']}", f"font={k['font']}", f"notes={k['notes']}"]
        for name in ("folio", "folio_style", "heads", "head_case", "paragraphs", "opening"):
            if k.get(name):
                parts.append(f"{name}={k[name]}")
        parts += [f for f in ("head_rule", "ragged", "chapter_label", "spreads", "camera") if k.get(f)]
        if k.get("columns") == 2:
            parts.append("columns=2")
        for name in ("inject_blocks", "inject_notes"):
            if k.get(name):
                parts.append(f"{name}={k[name]}")
        parts.append(f"text={k['text']}")
        return " ".join(parts)

    def name(self) -> str:
        k = self.knobs
        cols = "-2col" if k.get("columns") == 2 else ""
        scan = "-spreads" if k.get("spreads") else ""
        scan += "-camera" if k.get("camera") else ""
        return f"{k['profile']}-{k['page']}{cols}-{k['notes']}{scan}-{self.key}"


def sources(bench: Path = BENCH) -> list[Source]:
    """The dev books' `source.md` files (distinct texts only) and the raw chapters of challenge-more."""
    out: list[Source] = []
    seen: set[str] = set()
    for md in sorted((bench / "dev").glob("*/source.md")):
        text = md.read_text(encoding="utf-8")
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        n = len(re.findall(r"^# ", text, flags=re.M))
        if n:
            out.append(Source(str(md.relative_to(bench)), chapters=n))
    more = bench / MORE
    if more.exists():
        lines = more.read_text(encoding="utf-8").splitlines()
        # the first heading is the collection's title, followed at once by the first chapter's
        starts = tuple(i + 1 for i, ln in enumerate(lines) if ln.startswith("# "))[1:]
        out.append(Source(MORE, starts=starts))
    return out


def installed_fonts() -> list[str]:
    """The book fonts `fc-list` knows on this machine."""
    try:
        listing = subprocess.run(
            ["fc-list", ":", "family"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    families = {name.strip() for line in listing.splitlines() for name in line.split(",")}
    return [f for f in BOOK_FONTS if f in families]


def _pick(rng: random.Random, weighted: dict[object, float]) -> object:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def draw(seed: int, index: int, fonts: list[str], texts: list[Source], *, max_pages: int = 14) -> BookSpec:
    """Book `index` of `seed`: text, profile, font, page size and every layout/scan knob drawn at random."""
    if not fonts:
        raise ValueError("no book font installed (scripts/system-deps.sh --bench)")
    if not texts:
        raise ValueError(f"no source texts under {BENCH}")
    rng = random.Random(f"quire-bench:{seed}:{index}")
    raw = [s for s in texts if s.starts]
    src = rng.choice(raw) if raw and rng.random() < 0.5 else rng.choice(texts)
    k: dict[str, object] = {
        "profile": _pick(rng, {"clean": 1, "light": 2, "heavy": 2}),
        "page": _pick(rng, {"a5": 3, "octavo": 2, "letter": 1}),
        "font": rng.choice(fonts),
        "notes": rng.choice(["volume", "chapter", "page-symbols", "endnotes"]),
        "folio": _pick(rng, {None: 1, "head-outer": 1, "head-centre": 1, "foot-centre": 1, "foot-outer": 1}),
        "folio_style": _pick(rng, {None: 2, "brackets": 1, "dashes": 1}),
        "heads": _pick(rng, {None: 2, "chapter-both": 1, "section-recto": 1, "none": 1}),
        "head_case": _pick(rng, {None: 2, "smallcaps": 1, "upper": 1}),
        "head_rule": rng.random() < 0.3,
        "paragraphs": _pick(rng, {None: 3, "spaced": 2}),
        "ragged": rng.random() < 0.3,
        "columns": 2 if rng.random() < 0.2 else 1,
        "opening": _pick(rng, {None: 2, "dropcap": 1, "smallcaps": 1}),
        "chapter_label": rng.random() < 0.4,
        "inject_blocks": rng.choice([0, 0, 2, 3, 4, 6]),
        "inject_notes": rng.choice([0, 0, 4, 8, 12, 16]),
        "spreads": False,
        "camera": rng.random() < 0.12,
    }
    k["spreads"] = k["page"] != "letter" and rng.random() < 0.15  # a letter-size spread is no flatbed
    render_seed = rng.randrange(1, 1_000_000)
    args = [
        src.path,
        "--profile",
        str(k["profile"]),
        "--seed",
        str(render_seed),
        "--max-pages",
        str(max_pages),
    ]
    if src.starts:
        i = rng.randrange(len(src.starts))
        first = src.starts[i]
        # a window of 40-90 source lines (a paragraph a line): one chapter or the start of one
        args += ["--lines", f"{first}:{first + rng.randint(40, 90)}"]
        k["text"] = f"{Path(src.path).stem}:{first}"
    else:
        a = rng.randint(1, src.chapters)
        b = min(src.chapters, a + rng.randint(0, 2))
        args += ["--chapters", f"{a}-{b}"]
        k["text"] = f"{Path(src.path).parent.name}:{a}-{b}"
    args += ["--font", str(k["font"]), "--page", str(k["page"]), "--notes", str(k["notes"])]
    for name in ("folio", "folio_style", "heads", "head_case", "paragraphs", "opening"):
        if k[name]:
            args += ["--" + name.replace("_", "-"), str(k[name])]
    for name in ("head_rule", "ragged", "chapter_label", "spreads", "camera"):
        if k[name]:
            args.append("--" + name.replace("_", "-"))
    if k["columns"] == 2:
        args += ["--columns", "2"]
    if k["inject_blocks"]:
        args += ["--inject-blocks", str(k["inject_blocks"])]
    if k["inject_notes"]:
        args += ["--inject-notes", str(k["inject_notes"]), "--glossary", GLOSSARY]
    return BookSpec(seed=seed, index=index, knobs=k, args=args)


def generator_digest(bench: Path = BENCH) -> str:
    h = hashlib.sha256()
    for name in ("make_book.py", "variants.py"):
        p = bench / name
        h.update(p.read_bytes() if p.exists() else b"")
    return h.hexdigest()[:8]


@dataclass
class Rendered:
    spec: BookSpec
    path: Path
    error: str = ""  # the generator's message when the render failed

    @property
    def ok(self) -> bool:
        return not self.error


def render(spec: BookSpec, root: Path, *, bench: Path = BENCH, timeout: float = 900) -> Rendered:
    """Render `spec` into `root` once (cached by its arguments and the generator's checksum)."""
    dest = root / f"{spec.name()}-g{generator_digest(bench)}"
    if (dest / "DONE").exists():
        return Rendered(spec, dest)
    if (dest / "FAILED").exists():
        return Rendered(spec, dest, (dest / "FAILED").read_text(encoding="utf-8"))
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".{dest.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [sys.executable, str(bench / "make_book.py"), *spec.args, "--out", str(tmp)]
    try:
        proc = subprocess.run(cmd, cwd=bench, capture_output=True, text=True, timeout=timeout)
        error = "" if proc.returncode == 0 else (proc.stderr.strip().splitlines() or ["exit status"])[-1]
        if not error and not ((tmp / "scan.pdf").exists() and (tmp / "truth.json").exists()):
            error = "the generator wrote no scan.pdf/truth.json"
    except subprocess.TimeoutExpired:  # not remembered: a busy machine is no property of the book
        shutil.rmtree(tmp, ignore_errors=True)
        return Rendered(spec, dest, f"render took longer than {timeout:.0f}s")
    meta = {
        "seed": spec.seed,
        "index": spec.index,
        "knobs": spec.knobs,
        "command": ["make_book.py", *spec.args],
    }
    if error:
        shutil.rmtree(tmp, ignore_errors=True)
        dest.mkdir(parents=True, exist_ok=True)
        (dest / "spec.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        (dest / "FAILED").write_text(error, encoding="utf-8")
        return Rendered(spec, dest, error)
    (tmp / "spec.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    (tmp / "DONE").write_text("", encoding="utf-8")
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)
    return Rendered(spec, dest)
