"""The `Store` API for the people who may use the review server: their roles and password hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from ingest.store.base import StoreBase
from ingest.store.records import now
from ingest.store.tables import UserRow


class UserStore(StoreBase):
    def add_user(self, name: str, role: str, password_hash: str) -> None:
        with self.session() as s, s.begin():
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                s.add(UserRow(name=name, role=role, password_hash=password_hash, created_at=now()))
            else:  # added again: the new role and password, enabled
                row.role, row.password_hash, row.disabled = role, password_hash, False

    def remove_user(self, name: str) -> bool:
        """Remove a user (their revisions keep their name); whether there was one."""
        with self.session() as s, s.begin():
            res = s.execute(delete(UserRow).where(UserRow.name == name))
            return bool(res.rowcount)  # type: ignore[attr-defined]

    def set_user_role(self, name: str, role: str) -> bool:
        """Change a user's role; whether there was such a user."""
        with self.session() as s, s.begin():
            res = s.execute(update(UserRow).where(UserRow.name == name).values(role=role))
            return bool(res.rowcount)  # type: ignore[attr-defined]

    def has_users(self) -> bool:
        with self._read() as s:
            return s.scalar(select(UserRow.id).limit(1)) is not None

    def user(self, name: str) -> tuple[str, str] | None:
        """(role, password hash) of a user who may sign in, or None (no such user, or disabled)."""
        with self._read() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            return None if row is None or row.disabled else (row.role, row.password_hash)

    def users(self) -> list[tuple[str, str, bool, datetime]]:
        """Every user as (name, role, disabled, created at), by name."""
        with self._read() as s:
            rows = s.scalars(select(UserRow).order_by(UserRow.name)).all()
            return [(r.name, r.role, bool(r.disabled), r.created_at) for r in rows]

    def set_user_disabled(self, name: str, disabled: bool) -> bool:
        """Disable or enable a user; whether there was such a user."""
        with self.session() as s, s.begin():
            res = s.execute(update(UserRow).where(UserRow.name == name).values(disabled=disabled))
            return bool(res.rowcount)  # type: ignore[attr-defined]

    def set_user_password(self, name: str, password_hash: str) -> bool:
        """Replace a user's password hash; whether there was such a user."""
        with self.session() as s, s.begin():
            res = s.execute(update(UserRow).where(UserRow.name == name).values(password_hash=password_hash))
            return bool(res.rowcount)  # type: ignore[attr-defined]
