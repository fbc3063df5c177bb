"""Who may sign in, with which role (argon2 password hashes in the store)."""

from __future__ import annotations

import functools
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ingest.errors import InputError, NotFoundError, PermissionDenied
from ingest.store import Store

# --- users and roles ---------------------------------------------------------------------------


class Role(StrEnum):
    ARCHIVIST = "archivist"  # everything
    CORRECTOR = "corrector"  # review and approve


#: What each role may do. Archivists may do everything.
CORRECTOR_ACTIONS = frozenset({"review", "validate", "find_replace", "history", "revert"})

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when a name is unknown, so a wrong name costs as long as a wrong password.
    Made at the first such sign-in, not on import (every `quire` command imports this module, and
    hashing takes a second of CPU on a busy machine)."""
    return _hasher.hash("not a password")


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
    r = _role(role)
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters")
    store.add_user(name, r.value, _hasher.hash(password))
    return User(name, r)


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InputError(f"unknown role {role!r}; use archivist or corrector") from None


def remove_user(store: Store, name: str) -> None:
    """Remove a user: they cannot sign in, and a session they have open ends at its next click."""
    if not store.remove_user(name.strip()):
        raise NotFoundError(f"no user named {name.strip()!r}")


def set_role(store: Store, name: str, role: str) -> User:
    """Change a user's role; it applies to their open sessions at their next click."""
    r = _role(role)
    if not store.set_user_role(name.strip(), r.value):
        raise NotFoundError(f"no user named {name.strip()!r}")
    return User(name.strip(), r)


def refresh(store: Store, user: User | None) -> User | None:
    """The signed-in user as the store has them now: None when removed, with their current
    role (read on every run of the review UI, so a change applies at once)."""
    if user is None:
        return None
    found = store.user(user.name)
    if found is None:
        return None
    try:
        return User(user.name, Role(found[0]))
    except ValueError:
        return None


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if `password` is theirs, else None (unknown names and wrong passwords look alike)."""
    found = store.user(name.strip())
    if found is None:
        try:
            _hasher.verify(_dummy_hash(), password)
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


# --- sign-in throttling --------------------------------------------------------------------------

log = logging.getLogger("quire.signin")


class SignInThrottle:
    """Failed sign-ins counted per name and per client address. After `free` failures in a row,
    each further attempt must wait `base` seconds, doubling with every failure up to `cap`; a
    success clears the name and the address. Attempts made too early are refused before the
    password is hashed (an Argon2 hash costs 64 MiB), and every failure is logged."""

    def __init__(
        self,
        *,
        free_per_name: int = 5,
        free_per_address: int = 20,
        base: float = 1.0,
        cap: float = 600.0,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free = {"name": free_per_name, "address": free_per_address}
        self.base, self.cap, self.max_keys, self.clock = base, cap, max_keys, clock
        self._failures: OrderedDict[tuple[str, str], tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _keys(self, name: str, address: str | None) -> list[tuple[str, str]]:
        return [("name", name.strip().casefold()), ("address", address or "local")]

    def wait(self, name: str, address: str | None) -> float:
        """Seconds before another attempt for this name from this address is allowed (0: now)."""
        now = self.clock()
        with self._lock:
            waits = [0.0]
            for key in self._keys(name, address):
                count, last = self._failures.get(key, (0, now))
                over = count - self.free[key[0]]
                if over >= 0:
                    waits.append(last + min(self.cap, self.base * 2**over) - now)
            return max(waits)

    def failed(self, name: str, address: str | None) -> None:
        log.warning("failed sign-in for %r from %s", name, address or "local")
        now = self.clock()
        with self._lock:
            for key in self._keys(name, address):
                count, _ = self._failures.pop(key, (0, now))
                self._failures[key] = (count + 1, now)
            while len(self._failures) > self.max_keys:  # forget the oldest, not the newest
                self._failures.popitem(last=False)

    def succeeded(self, name: str, address: str | None) -> None:
        with self._lock:
            for key in self._keys(name, address):
                self._failures.pop(key, None)


def sign_in(
    store: Store, throttle: SignInThrottle, name: str, password: str, address: str | None
) -> User | None:
    """`authenticate`, throttled: raises PermissionDenied when this name or address must wait
    (no password is checked then), None for a wrong name or password."""
    wait = throttle.wait(name, address)
    if wait > 0:
        log.warning("sign-in for %r from %s refused: %.0f s to wait", name, address or "local", wait)
        raise PermissionDenied(f"too many failed sign-ins; try again in {max(1, round(wait))} s")
    user = authenticate(store, name, password)
    if user is None:
        throttle.failed(name, address)
    else:
        throttle.succeeded(name, address)
    return user
