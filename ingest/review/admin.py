"""Managing users from the review server (archivists only): add, change a role, disable or enable,
reset a password. Every function takes the acting user and checks their role first; the command
line (`quire user list/disable/enable/reset`) calls them as the machine's owner, an archivist.

The store always keeps one archivist who can sign in: the last one can be neither demoted nor
disabled (nobody could manage users any more).
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.errors import InputError, NotFoundError
from ingest.review.users import Role, User, _hasher, _role, add_user, generate_password, require
from ingest.store import Store


@dataclass(frozen=True)
class UserRecord:
    name: str
    role: Role
    disabled: bool
    created_at: str  # ISO 8601


def list_users(store: Store, actor: User) -> list[UserRecord]:
    require(actor, "manage_users")
    return [
        UserRecord(name, Role(role), disabled, created.isoformat(timespec="seconds"))
        for name, role, disabled, created in store.users()
    ]


def _find(store: Store, name: str) -> tuple[str, Role, bool]:
    for n, role, disabled, _ in store.users():
        if n == name.strip():
            return n, Role(role), disabled
    raise NotFoundError(f"no user named {name.strip()!r}")


def _keeps_an_archivist(store: Store, name: str) -> None:
    """Refuse when `name` is the last enabled archivist."""
    others = [
        n for n, role, disabled, _ in store.users() if role == Role.ARCHIVIST and not disabled and n != name
    ]
    if not others:
        raise InputError(f"{name} is the last archivist who can sign in; make another archivist first")


def create_user(store: Store, actor: User, name: str, role: str) -> tuple[User, str]:
    """Add a user with a generated password (returned, to be handed over once). An existing name
    is refused (reset its password instead)."""
    require(actor, "manage_users")
    name = name.strip()
    if any(n == name for n, *_ in store.users()):
        raise InputError(f"there is already a user named {name!r}; reset their password instead")
    if len(name) > 200 or any(not c.isprintable() for c in name):
        raise InputError("a user name is at most 200 printable characters")
    password = generate_password()
    return add_user(store, name, role, password), password


def change_role(store: Store, actor: User, name: str, role: str) -> User:
    require(actor, "manage_users")
    n, old, _ = _find(store, name)
    new = _role(role)
    if old is Role.ARCHIVIST and new is not Role.ARCHIVIST:
        _keeps_an_archivist(store, n)
    store.set_user_role(n, new.value)
    return User(n, new)


def set_disabled(store: Store, actor: User, name: str, disabled: bool) -> None:
    """Disable a user (they cannot sign in; an open session ends at its next click) or enable
    them again. Nobody disables themselves."""
    require(actor, "manage_users")
    n, role, _ = _find(store, name)
    if disabled and n == actor.name:
        raise InputError("you cannot disable yourself")
    if disabled and role is Role.ARCHIVIST:
        _keeps_an_archivist(store, n)
    store.set_user_disabled(n, disabled)


def reset_password(store: Store, actor: User, name: str) -> str:
    """A new generated password for a user (returned, to be handed over once)."""
    password = generate_password()
    set_password(store, actor, name, password)
    return password


def set_password(store: Store, actor: User, name: str, password: str) -> None:
    """Give a user the password chosen for them (at least 8 characters)."""
    require(actor, "manage_users")
    n, _, _ = _find(store, name)
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters")
    store.set_user_password(n, _hasher.hash(password))
