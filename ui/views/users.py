"""Users (archivists): who may sign in and with which role; add, change a role, disable or enable,
reset a password. The logic and its role checks are `ingest.review.admin`; a new password is shown
once, to hand over."""

from __future__ import annotations

import hashlib

import streamlit as st

from ingest.errors import QuireError
from ingest.review import admin
from ingest.review.users import Role
from ui import data, state
from ui.components.text import md_escape

session = state.get()
user = state.user()
store = data.store()

st.title("Users")
if not user.can("manage_users"):
    st.error("Only archivists manage users.")
    st.stop()

ROLES = [r.value for r in Role]


def _run(action, *args, done: str) -> None:  # type: ignore[no-untyped-def]
    """Run an admin action as the signed-in user; a flash says what happened (plain text)."""
    try:
        out = action(store, user, *args)
    except QuireError as exc:
        state.flash("error", str(exc))
        return
    if isinstance(out, tuple):  # a new user: (User, password)
        out = out[1]
    if isinstance(out, str):
        st.session_state["users_secret"] = (args[0], out)
    state.flash("success", done)


def _kid(name: str) -> str:
    """A widget key part for a user name (names are anyone's text; keys name CSS classes)."""
    return hashlib.sha256(name.encode()).hexdigest()[:12]


def _role_changed(name: str) -> None:
    role = st.session_state[f"role-{_kid(name)}"]
    _run(admin.change_role, name, role, done=f"{name} is now {role}.")


def _add() -> None:
    name = st.session_state.get("u_new_name", "")
    _run(admin.create_user, name, st.session_state["u_new_role"], done=f"User {name.strip()} added.")
    st.session_state["u_new_name"] = ""


state.show_flash()
secret = st.session_state.pop("users_secret", None)
if secret is not None:
    st.info(
        f"Password for **{md_escape(secret[0])}** (shown once; hand it over, they can sign in with it now):"
    )
    st.code(secret[1], language=None)

try:
    people = admin.list_users(store, user)
except QuireError as exc:
    st.error(md_escape(str(exc)))
    st.stop()

for u in people:
    kid = _kid(u.name)
    with st.container(border=True, key=f"user-{kid}"):
        c = st.columns([2.2, 1.4, 1.1, 1.3], vertical_alignment="center")
        c[0].markdown(
            f"**{md_escape(u.name)}**"
            + (" :red-badge[disabled]" if u.disabled else "")
            + (" :gray-badge[you]" if u.name == user.name else "")
            + f"  \n:gray[since {u.created_at[:10]}]"
        )
        c[1].selectbox(
            f"Role of {md_escape(u.name)}",
            ROLES,
            index=ROLES.index(u.role.value),
            key=f"role-{kid}",
            label_visibility="collapsed",
            on_change=_role_changed,
            args=(u.name,),
        )
        c[2].button(
            "Enable" if u.disabled else "Disable",
            key=f"dis-{kid}",
            on_click=_run,
            args=(admin.set_disabled, u.name, not u.disabled),
            kwargs={"done": f"{u.name} {'enabled' if u.disabled else 'disabled'}."},
            disabled=u.name == user.name,  # nobody disables themselves (admin refuses it too)
            width="stretch",
        )
        c[3].button(
            "Reset password",
            key=f"pw-{kid}",
            on_click=_run,
            args=(admin.reset_password, u.name),
            kwargs={"done": f"New password for {u.name}."},
            width="stretch",
        )

st.subheader("Add a user", anchor=False)
with st.container(border=True, key="user-add"):
    name_col, role_col, add_col = st.columns([2.2, 1.4, 1.1], vertical_alignment="bottom")
    name_col.text_input("Name", key="u_new_name", max_chars=200)
    role_col.selectbox("Role", ROLES, index=ROLES.index(Role.CORRECTOR.value), key="u_new_role")
    add_col.button("Add", key="u_add", type="primary", on_click=_add, width="stretch")
st.caption(
    "A new user gets a generated password, shown once here. `quire user` does the same from the command line."
)
