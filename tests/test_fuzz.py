"""Random and hostile input through the review functions and the command line: patterns,
replacement templates, file names, volume names and page text. Whatever comes in, the answer is
a result or a QuireError with a message (never another exception, never a traceback), and no
revision is lost: every page's revisions stay numbered 1..n and only grow."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from sqlalchemy import select  # noqa: E402

from ingest import review  # noqa: E402
from ingest.errors import QuireError  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402
from ingest.review import Role, User  # noqa: E402
from ingest.store import Store  # noqa: E402
from ingest.store.tables import PageRow, RevisionRow  # noqa: E402
from ingest.uploads import save_uploads  # noqa: E402

from .conftest import run_quire  # noqa: E402

ADA = User("ada", Role.ARCHIVIST)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)

HOSTILE_PATTERNS = [
    r"(?:.|\s)*\d{40}",
    r"(a+)+$",
    r"(\w+\s?)*$",
    r"(.*a){25}",
    r"((((((((((x))))))))))*y",
    "(?" + "(" * 300,
    "[" * 50,
    r"\g<0>",
    "(?P<n>a)(?P=n)*" * 20,
    "x" * 5000,
]
META = "\\()[]{}|*+?.^$<>gP0123456789- ntheTHE"
patterns = st.one_of(
    st.sampled_from(HOSTILE_PATTERNS),
    st.text(alphabet=META, min_size=0, max_size=30),
    st.text(min_size=0, max_size=20),
)
templates = st.one_of(
    st.sampled_from([r"\9", r"\g<nope>", "\\", r"\g<0>\g<0>", r"\1", "", "x" * 2000, r"\n\t"]),
    st.text(alphabet="\\g<>0123456789abc ", max_size=15),
    st.text(max_size=15),
)


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory, born_home: Path) -> Store:
    home = tmp_path_factory.mktemp("fuzz") / "home"
    shutil.copytree(born_home, home)  # the session's ingested book (conftest.born_home), volume "born"
    store = Store(home)
    yield store  # type: ignore[misc]
    store.close()


def _revisions(store: Store) -> dict[int, list[tuple[int, int]]]:
    """Each page's revisions as (id, number) in number order, read from the revisions table in one
    query. (`store.revisions()` also decodes every revision's page, and the volume gains hundreds
    of revisions over a fuzz run: reading them that way, three times an example, was most of the
    run's time.)"""
    vid = store.volume("born").id
    query = (
        select(RevisionRow.page_id, RevisionRow.id, RevisionRow.number)
        .join(PageRow, PageRow.id == RevisionRow.page_id)
        .where(PageRow.volume_id == vid)
        .order_by(RevisionRow.page_id, RevisionRow.number)
    )
    out: dict[int, list[tuple[int, int]]] = {}
    with store.engine.connect() as conn:
        for page_id, rev_id, number in conn.execute(query):
            out.setdefault(page_id, []).append((rev_id, number))
    return out


def _no_revision_lost(store: Store, before: dict[int, list[tuple[int, int]]]) -> None:
    after = _revisions(store)
    for pid, revs in before.items():
        assert after[pid][: len(revs)] == revs, f"page {pid} lost revisions"
    for pid, revs in after.items():
        assert [number for _, number in revs] == list(range(1, len(revs) + 1)), f"page {pid}"


@FUZZ
@given(pattern=patterns, template=templates, regex=st.booleans(), case=st.booleans())
def test_find_and_replace_with_any_pattern_and_template(
    fuzz_store: Store, monkeypatch: pytest.MonkeyPatch, pattern: str, template: str, regex: bool, case: bool
) -> None:
    monkeypatch.setenv("QUIRE_PATTERN_SECONDS", "0.2")
    vid = fuzz_store.volume("born").id
    before = _revisions(fuzz_store)
    try:
        hits = review.find_in_volume(fuzz_store, vid, pattern, regex=regex, case=case, limit=200)
    except QuireError as exc:
        assert str(exc)
        return
    try:
        res = review.replace_hits(fuzz_store, hits, pattern, template, regex=regex, case=case, user=ADA)
    except QuireError as exc:
        assert str(exc)
        assert _revisions(fuzz_store) == before  # refused: nothing written
        return
    _no_revision_lost(fuzz_store, before)
    if res.revisions:
        undo = review.undo_replace(fuzz_store, res.group_id, user=ADA)
        assert undo.changed_pages == res.changed_pages
    _no_revision_lost(fuzz_store, before)


@FUZZ
@given(text=st.text(max_size=300))
def test_any_page_text_is_saved_and_read_back(fuzz_store: Store, text: str) -> None:
    info = fuzz_store.pages(fuzz_store.volume("born").id)[0]
    before = _revisions(fuzz_store)
    cur = fuzz_store.current(info.id)
    try:
        page = review.edit_block_text(cur.page, cur.page.blocks[0].id, text)
        rev = review.save_page(fuzz_store, info.id, page, base_id=cur.id, user=ADA)
    except QuireError as exc:
        assert str(exc)
        return
    _no_revision_lost(fuzz_store, before)
    back = fuzz_store.current(info.id).page
    if rev is not None:
        assert back.blocks[0].text.split() == page.blocks[0].text.split()


@FUZZ
@given(name=st.text(max_size=60))
def test_any_volume_name_is_refused_or_a_plain_folder_name(fuzz_store: Store, name: str) -> None:
    try:
        opts = IngestOptions.build(volume=name)
    except QuireError:
        with pytest.raises(QuireError):
            fuzz_store.ensure_volume(name)
        return
    assert "/" not in opts.volume and "\\" not in opts.volume and not opts.volume.startswith((".", "-"))
    assert Path("exports", opts.volume).resolve().parent == Path("exports").resolve()


@FUZZ
@given(names=st.lists(st.text(max_size=40), min_size=1, max_size=6))
def test_any_upload_names_are_kept_apart_inside_the_folder(tmp_path: Path, names: list[str]) -> None:
    folder = save_uploads(tmp_path / "up", [(n, str(i).encode()) for i, n in enumerate(names)])
    files = sorted(folder.iterdir())
    assert len(files) == len(names) and all(f.parent == folder for f in files)
    assert sorted(f.read_bytes() for f in files) == sorted(str(i).encode() for i in range(len(names)))
    shutil.rmtree(tmp_path / "up")


CLI_NAMES = [  # Rich markup and format strings in file names ("/" cannot be in one: see test_cli_ingest)
    "d[bold]].txt",
    "[red]x[bold].png",
    "[b]unclosed.png",
    "a]b[.pdf",
    "%s%n.pdf",
    "<b>x<b>.png",
    "x\u202e.png",
    "[link=x]y.png",
]


def test_the_command_line_prints_any_file_name(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for name in CLI_NAMES:
        (d / name).write_bytes(b"not a page")
    home = tmp_path / "home"
    proc = run_quire("ingest", str(d), "--volume", "v", "--no-clean", home=home)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    status = run_quire("status", "v", home=home)
    assert status.returncode == 0 and "Traceback" not in status.stderr
    for name in CLI_NAMES:
        assert name in proc.stderr and name in status.stderr
