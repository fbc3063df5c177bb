"""`quire review` (the browser UI) and `quire user` (who may sign in to it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ingest import review
from ingest.review import admin
from ingest.store import Store
from ingest.store.backup import backup, restore
from ingest.store.db import quire_home

#: The server module: the app of ui/app.py with the upload gate and short error messages.
APP = Path(__file__).resolve().parent.parent / "ui" / "server.py"


def _env_mb(name: str, default: int) -> int:
    """A size limit in MB from the environment (a positive whole number), else the default."""
    try:
        value = int(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """The `streamlit run` command line for the review UI (headless, no telemetry)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.headless=true",
        f"--server.port={port}",
        f"--server.address={address}",
        "--server.fileWatcherType=none",
        "--runner.magicEnabled=false",
        # Streamlit's full collection after every run walks every object the server holds (the
        # cached pages of a volume: 100 ms and more) with the interpreter locked, so the run's
        # last messages wait for it; Python's own collector still frees cycles as it goes.
        "--runner.postScriptGC=false",
        "--browser.gatherUsageStats=false",
        f"--server.maxUploadSize={_env_mb('QUIRE_MAX_UPLOAD_MB', 200)}",
        f"--server.maxMessageSize={_env_mb('QUIRE_MAX_MESSAGE_MB', 50)}",
        "--client.showErrorDetails=none",
        "--client.toolbarMode=minimal",
        "--theme.base=light",
    ]


#: Who acts for `quire user` (the machine's owner: an archivist no browser session can be).
OWNER = review.User("(command line)", review.Role.ARCHIVIST)


def register(app: typer.Typer) -> None:
    users = typer.Typer(help="Who may sign in to the review UI.", no_args_is_help=True)
    app.add_typer(users, name="user")

    @app.command("review")
    def review_cmd(
        port: Annotated[int, typer.Option(help="Port to serve the review UI on.")] = 8501,
        address: Annotated[
            str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")
        ] = "127.0.0.1",
    ) -> None:
        """Serve the review UI in the browser (sign in with a user from `quire user add`)."""
        home = quire_home()
        with Store(home) as store:  # migrates the database before the UI opens it
            if not store.has_users():
                typer.echo("No users yet: add one with `quire user add NAME --role archivist`.", err=True)
        env = {**os.environ, "QUIRE_HOME": str(home)}
        typer.echo(f"Quire review on http://{address}:{port}  (data: {home}; Ctrl+C stops)")
        sys.stdout.flush()
        sys.stderr.flush()
        # The server takes this process's place (same pid): a stop signal sent to `quire review`
        # (kill, a service manager) reaches the server itself. Run as a child, it outlived a
        # stopped `quire review` and kept serving on the port.
        command = streamlit_command(port, address)
        os.execve(command[0], command, env)

    @app.command("backup")
    def backup_cmd(
        dest: Annotated[Path, typer.Argument(help="Folder to copy the store into (outside QUIRE_HOME).")],
    ) -> None:
        """Copy the store (database and page images) while the review server may be running."""
        with Store() as store:
            report = backup(store, dest)
        if report.database is not None:
            typer.echo(f"database copied to {report.database}")
        typer.echo(f"{report.images} page image(s) copied to {dest / 'images'}")
        if report.note:
            typer.echo(report.note, err=True)

    @app.command("restore")
    def restore_cmd(
        src: Annotated[Path, typer.Argument(help="A folder made by `quire backup`.")],
        replace: Annotated[
            bool,
            typer.Option("--replace", help="Overwrite the database in QUIRE_HOME (stop the server first)."),
        ] = False,
    ) -> None:
        """Put a backup back into QUIRE_HOME (an empty one, or --replace)."""
        report = restore(src, quire_home(), replace=replace)
        typer.echo(f"restored {report.database} and {report.images} page image(s)")

    @users.command("add")
    def user_add(
        name: str,
        role: Annotated[str, typer.Option(help="archivist (everything) or corrector (review and approve).")],
        password: Annotated[
            str | None, typer.Option(help="Password (one is generated and printed if omitted).")
        ] = None,
    ) -> None:
        """Add a user (or change an existing user's role and password)."""
        generated = password is None
        pw = password if password is not None else review.generate_password()
        with Store() as store:
            user = review.add_user(store, name, role, pw)
        typer.echo(f"user {user.name} ({user.role.value}) saved")
        if generated:
            typer.echo(f"password: {pw}")

    @users.command("remove")
    def user_remove(name: str) -> None:
        """Remove a user: they can no longer sign in; an open session ends at its next click."""
        with Store() as store:
            review.remove_user(store, name)
        typer.echo(f"user {name.strip()} removed")

    @users.command("role")
    def user_role(
        name: str,
        role: Annotated[str, typer.Argument(help="archivist or corrector.")],
    ) -> None:
        """Change a user's role; open sessions get it at their next click."""
        with Store() as store:
            user = review.set_role(store, name, role)
        typer.echo(f"user {user.name} is now {user.role.value}")

    @users.command("list")
    def user_list() -> None:
        """Every user: name, role, whether they may sign in, since when."""
        with Store() as store:
            rows = admin.list_users(store, OWNER)
        if not rows:
            typer.echo("no users yet: add one with `quire user add NAME --role archivist`")
        for u in rows:
            state = "disabled" if u.disabled else "enabled"
            typer.echo(f"{u.name}\t{u.role.value}\t{state}\tsince {u.created_at[:10]}")

    @users.command("disable")
    def user_disable(name: str) -> None:
        """Disable a user: they cannot sign in (an open session ends at its next click); their
        revisions stay theirs. The last archivist who can sign in cannot be disabled."""
        with Store() as store:
            admin.set_disabled(store, OWNER, name, True)
        typer.echo(f"user {name.strip()} disabled")

    @users.command("enable")
    def user_enable(name: str) -> None:
        """Let a disabled user sign in again."""
        with Store() as store:
            admin.set_disabled(store, OWNER, name, False)
        typer.echo(f"user {name.strip()} enabled")

    @users.command("reset")
    def user_reset(
        name: str,
        password: Annotated[
            str | None, typer.Option(help="New password (one is generated and printed if omitted).")
        ] = None,
    ) -> None:
        """Give a user a new password (printed once when generated)."""
        with Store() as store:
            if password is None:
                pw = admin.reset_password(store, OWNER, name)
            else:
                admin.set_password(store, OWNER, name, password)
        typer.echo(f"password of {name.strip()} reset")
        if password is None:
            typer.echo(f"password: {pw}")
