"""``copyhound users``: the service's users and their API tokens (``add`` and ``token`` print
the new token alone on the last line, for scripts)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from copyhound.errors import InputError

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("copyhound-data"),
    show_default=True,
    help="The service's data folder (as given to `copyhound serve`).",
)


def _store(data_dir: Path, create: bool = False):
    from copyhound.service.storage import Store

    if not create and not (data_dir / "service.db").exists():
        raise InputError(
            f"{data_dir}: no service data here (start `copyhound serve` or add a user)"
        )
    return Store(data_dir)


def _user(store, name: str):
    user = store.user(name)
    if user is None:
        raise InputError(f"no user named {name!r}")
    return user


@click.group("users")
def users_group() -> None:
    """Manage the users of `copyhound serve` and their API tokens."""


@users_group.command("add")
@click.argument("name")
@click.option(
    "--role", type=click.Choice(["teacher", "admin"]), default="teacher", show_default=True
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the web password from standard input (else one is generated).",
)
@data_option
def users_add(name: str, role: str, password_stdin: bool, data_dir: Path) -> None:
    """Create user NAME; prints their password and, on the last line, an API token."""
    from copyhound.cli.serve import service_extra

    service_extra()
    from copyhound.service.auth import AuthError, create_user

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    data_dir.mkdir(parents=True, exist_ok=True)
    store = _store(data_dir, create=True)
    try:
        _user_obj, password, token = create_user(store, name, role, password)
    except AuthError as exc:
        raise InputError(str(exc)) from None
    click.echo(f"created {role} {name}")
    if not password_stdin:
        click.echo(f"password for the web app: {password}")
    click.echo(token)


@users_group.command("token")
@click.argument("name")
@data_option
def users_token(name: str, data_dir: Path) -> None:
    """Issue another API token for NAME (printed alone on the last line)."""
    store = _store(data_dir)
    token_id, token = store.issue_token(_user(store, name))
    click.echo(f"token {token_id} for {name}")
    click.echo(token)


@users_group.command("list")
@data_option
def users_list(data_dir: Path) -> None:
    """Every user, their role and how many tokens they hold."""
    store = _store(data_dir)
    for u in store.users():
        click.echo(f"{u['name']}\t{u['role']}\t{u['active_tokens']} active tokens")


@users_group.command("remove")
@click.argument("name")
@data_option
def users_remove(name: str, data_dir: Path) -> None:
    """Remove NAME with their tokens, sessions, checks and uploaded files."""
    store = _store(data_dir)
    files = store.remove_user(_user(store, name))
    click.echo(f"removed {name} ({len(files)} uploaded files deleted)")


@users_group.command("revoke")
@click.argument("name")
@click.option("--token", "token_id", type=click.IntRange(1), help="Only this token (by id).")
@data_option
def users_revoke(name: str, token_id: int | None, data_dir: Path) -> None:
    """Revoke NAME's API tokens (all, or one with --token ID)."""
    store = _store(data_dir)
    n = store.revoke_tokens(_user(store, name), token_id)
    if token_id is not None and n == 0:
        raise InputError(f"{name} holds no active token {token_id}")
    click.echo(f"revoked {n} token{'s' if n != 1 else ''} of {name}")


@users_group.command("password")
@click.argument("name")
@data_option
def users_password(name: str, data_dir: Path) -> None:
    """Set NAME's web password (read from standard input); signs them out everywhere."""
    from copyhound.cli.serve import service_extra

    service_extra()
    from copyhound.service.auth import AuthError, hash_password

    store = _store(data_dir)
    user = _user(store, name)
    try:
        store.set_password_hash(user, hash_password(sys.stdin.readline().rstrip("\r\n")))
    except AuthError as exc:
        raise InputError(str(exc)) from None
    click.echo(f"password of {name} changed")
