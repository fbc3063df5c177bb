"""Files in the browser and users managed there, without a browser: a version's bag as one zip and
each format on its own (role-checked); archivists add users, change roles, disable and reset
passwords, and the store always keeps an archivist who can sign in."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ingest import review
from ingest.errors import ExportError, InputError, NotFoundError, PermissionDenied
from ingest.export.download import bag_zip, format_download, format_name, version_formats
from ingest.export.versions import export_volume
from ingest.review import admin
from ingest.review.users import Role, User
from ingest.store import Store

ADA = User("ada", Role.ARCHIVIST)
BOB = User("bob", Role.CORRECTOR)


@pytest.fixture()
def book(store: Store) -> Store:
    from ui.demo import REPO, build_store

    store.close()
    return build_store(store.home, [REPO / "samples" / "book-born-digital.pdf"], volume="book")


def test_bag_zip_and_each_format_on_its_own(book: Store, tmp_path: Path) -> None:
    res = export_volume(
        book, "book", ["txt", "json", "epub"], out_root=tmp_path / "ex", options={"images": False}
    )
    assert res.created and sorted(version_formats(book, "book", res.version)) == ["epub", "json", "txt"]
    d = bag_zip(book, "book", res.version, ADA)
    assert d.file_name == f"book-v{res.version}.zip" and d.mime == "application/zip"
    on_disk = sorted(p.relative_to(res.path).as_posix() for p in res.path.rglob("*") if p.is_file())
    with zipfile.ZipFile(d.path) as zf:
        names = sorted(n.split("/", 1)[1] for n in zf.namelist())
        assert names == on_disk and "bag-info.txt" in names
        assert zf.read(f"book-v{res.version}/bag-info.txt") == (res.path / "bag-info.txt").read_bytes()
    assert bag_zip(book, "book", res.version, ADA).path == d.path  # built once, then reused
    # one file: the file itself; several: a zip of the format's folder
    epub = format_download(book, "book", res.version, "epub", ADA)
    assert epub.path.suffix == ".epub" and epub.mime == "application/epub+zip"
    assert format_name(book, "book", res.version, "epub", ADA) == (epub.file_name, epub.mime)
    txt = format_download(book, "book", res.version, "txt", ADA)
    with zipfile.ZipFile(txt.path) as zf:
        assert sorted(n.split("/", 1)[1] for n in zf.namelist()) == sorted(
            p.name for p in (res.path / "data" / "txt").iterdir()
        )
    # roles, unknown formats and versions
    with pytest.raises(PermissionDenied):
        bag_zip(book, "book", res.version, BOB)
    with pytest.raises(PermissionDenied):
        format_download(book, "book", res.version, "txt", BOB)
    with pytest.raises(ExportError):
        format_download(book, "book", res.version, "../../etc", ADA)
    with pytest.raises(NotFoundError):
        format_download(book, "book", res.version, "tei", ADA)
    with pytest.raises(NotFoundError):
        bag_zip(book, "book", 99, ADA)


def test_archivists_manage_users(store: Store) -> None:
    review.add_user(store, "ada", "archivist", "ada-secret-pw")
    review.add_user(store, "bob", "corrector", "bob-secret-pw")
    with pytest.raises(PermissionDenied):
        admin.create_user(store, BOB, "eve", "archivist")
    with pytest.raises(PermissionDenied):
        admin.list_users(store, BOB)
    evil = '<script>alert(1)</script> "dan"'
    dan, pw = admin.create_user(store, ADA, evil, "corrector")
    assert dan == User(evil, Role.CORRECTOR) and review.authenticate(store, evil, pw) == dan
    with pytest.raises(InputError, match="already"):
        admin.create_user(store, ADA, evil, "corrector")
    assert [u.name for u in admin.list_users(store, ADA)] == sorted(["ada", "bob", evil])
    # a role change applies at the next click (refresh reads the store)
    admin.change_role(store, ADA, evil, "archivist")
    assert review.refresh(store, dan) == User(evil, Role.ARCHIVIST)
    # disabled: no sign-in, the open session ends; enabled again: both work
    admin.set_disabled(store, ADA, evil, True)
    assert review.authenticate(store, evil, pw) is None and review.refresh(store, dan) is None
    assert next(u for u in admin.list_users(store, ADA) if u.name == evil).disabled
    admin.set_disabled(store, ADA, evil, False)
    assert review.authenticate(store, evil, pw) is not None
    # a reset password replaces the old one
    new = admin.reset_password(store, ADA, "bob")
    assert new != "bob-secret-pw"
    assert review.authenticate(store, "bob", "bob-secret-pw") is None and review.authenticate(
        store, "bob", new
    )
    with pytest.raises(NotFoundError):
        admin.reset_password(store, ADA, "nobody")
    with pytest.raises(InputError):
        admin.change_role(store, ADA, "bob", "admin")


def test_the_last_archivist_stays(store: Store) -> None:
    review.add_user(store, "ada", "archivist", "ada-secret-pw")
    review.add_user(store, "zed", "archivist", "zed-secret-pw")
    with pytest.raises(InputError, match="yourself"):
        admin.set_disabled(store, ADA, "ada", True)
    admin.set_disabled(store, ADA, "zed", True)
    with pytest.raises(InputError, match="last archivist"):
        admin.change_role(store, ADA, "ada", "corrector")
    admin.set_disabled(store, ADA, "zed", False)
    admin.change_role(store, ADA, "ada", "corrector")  # zed is left
    assert review.refresh(store, ADA) == User("ada", Role.CORRECTOR)
    with pytest.raises(PermissionDenied):  # no longer an archivist
        admin.reset_password(store, review.refresh(store, ADA), "zed")  # type: ignore[arg-type]
