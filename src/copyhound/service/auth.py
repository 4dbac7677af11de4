"""Who is asking: bearer tokens for the API, session cookies (with CSRF tokens) for the web app,
argon2 password hashes (argon2-cffi) for the login page."""

from __future__ import annotations

import hmac
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from copyhound.service.storage import ROLES, Store, User

SESSION_COOKIE = "copyhound_session"
LOGIN_CSRF_COOKIE = "copyhound_login_csrf"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

_hasher = PasswordHasher()
#: Verified against when the user does not exist, so a wrong name takes as long as a wrong
#: password (no user enumeration by timing).
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AuthError(Exception):
    """A user or role the caller asked for that cannot be (bad name, unknown role...)."""


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise AuthError(
            f"{name!r}: a user name is 1-64 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit"
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AuthError(f"{role!r}: the role is one of {', '.join(ROLES)}")
    return role


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise AuthError("a password has at least 8 characters")
    return _hasher.hash(password)


def new_password() -> str:
    return secrets.token_urlsafe(12)


def create_user(
    store: Store, name: str, role: str, password: str | None = None
) -> tuple[User, str, str]:
    """A new user with a password (generated when not given) and an API token:
    ``(user, password, token)``."""
    check_name(name)
    check_role(role)
    if store.user(name):
        raise AuthError(f"{name!r}: there is already a user of that name")
    password = password or new_password()
    user = store.add_user(name, role, hash_password(password))
    _id, token = store.issue_token(user)
    return user, password, token


def verify_login(store: Store, name: str, password: str) -> User | None:
    found = store.password_hash(name) if _NAME.match(name or "") else None
    stored = found[1] if found and found[1] else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    return found[0] if found and found[1] else None


def bearer_token(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def same_secret(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())
