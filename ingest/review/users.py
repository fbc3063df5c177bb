"""Who may sign in, with which role (argon2 password hashes in the store)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ingest.errors import InputError, PermissionDenied
from ingest.store import Store

# --- users and roles ---------------------------------------------------------------------------


class Role(StrEnum):
    ARCHIVIST = "archivist"  # everything
    CORRECTOR = "corrector"  # review and approve


#: What each role may do. Archivists may do everything.
CORRECTOR_ACTIONS = frozenset({"review", "approve", "find_replace", "history", "revert"})

_hasher = PasswordHasher()
# Verified against when a name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password")


@dataclass(frozen=True)
class User:
    name: str
    role: Role

    def can(self, action: str) -> bool:
        return self.role is Role.ARCHIVIST or action in CORRECTOR_ACTIONS


def generate_password(nbytes: int = 12) -> str:
    return secrets.token_urlsafe(nbytes)


def add_user(store: Store, name: str, role: str, password: str) -> User:
    """Create or update a user with an argon2 hash of `password`."""
    name = name.strip()
    if not name:
        raise InputError("a user needs a name")
    try:
        r = Role(role)
    except ValueError:
        raise InputError(f"unknown role {role!r}; use archivist or corrector") from None
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters")
    store.add_user(name, r.value, _hasher.hash(password))
    return User(name, r)


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if `password` is theirs, else None (unknown names and wrong passwords look alike)."""
    found = store.user(name.strip())
    if found is None:
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
        return None
    role, hashed = found
    try:
        _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(hashed):
        store.add_user(name.strip(), role, _hasher.hash(password))
    return User(name.strip(), Role(role))


def require(user: User | None, action: str) -> User:
    if user is None:
        raise PermissionDenied("sign in first")
    if not user.can(action):
        raise PermissionDenied(f"{user.role.value}s may not {action.replace('_', ' ')}; ask an archivist")
    return user
