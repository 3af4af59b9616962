"""Sign-in, roles and scopes in the dashboard (the accounts themselves: data/accounts.py).

Two modes:

- **Accounts** (the account store holds at least one account): every visitor signs in. The sign-in lasts
  as long as the browser tab's session and ends after ``GNBV_SESSION_HOURS`` (default 8) without use, or
  at once when the account is disabled; no token is kept in the browser. A data officer loads only rows
  of the provinces of their scope (checked in the loader); an admin also sees the audit trail.
- **Demo** (no account): everyone may look, as in a newcomer's first `make run`, under a visible «Chế độ
  thử — không đăng nhập» badge; loading is allowed only into the demo database itself.

What a signed-in viewer sees is a setting (``GNBV_VIEW_SCOPE``): ``open`` (the default: the figures are
public) or ``scope`` (only the provinces of their scope; the country and the regions show their totals,
never another province's details).
"""

from __future__ import annotations

import os
import time

import streamlit as st

from data import accounts
from data.accounts import Account
from data.labels import label
from gnbv.text import plain
from gnbv.ui.cache import query, scope_provinces

ACCOUNT_KEY = "_account"
SEEN_KEY = "_account_seen"


def session_hours() -> float:
    return float(os.environ.get("GNBV_SESSION_HOURS", "8"))


def view_scope() -> str:
    value = os.environ.get("GNBV_VIEW_SCOPE", "open")
    return value if value in ("open", "scope") else "open"


def has_accounts() -> bool:
    return accounts.configured()


def current() -> Account | None:
    """The signed-in account (None in demo mode)."""
    return st.session_state.get(ACCOUNT_KEY)


LOOPBACK = ("127.0.0.1", "::1", "localhost")


def client_address() -> str | None:
    """The visitor's address: the one our proxy forwards (X-Real-IP, set by nginx from the connection it
    received: gnbv/deployment.py) when the request came through it, else the connection's own. Behind
    nginx every process listens on 127.0.0.1 only, so a forwarded header can come from the proxy alone."""
    peer = st.context.ip_address if isinstance(st.context.ip_address, str) else None
    headers = st.context.headers or {}
    forwarded = headers.get("X-Real-Ip") or headers.get("x-real-ip")
    if forwarded and (peer is None or peer in LOOPBACK):
        return forwarded.strip()[:64]
    return peer  # (a test harness has none)


def sign_out(reason: str = "sign_out") -> None:
    account = current()
    if account is not None:
        accounts.record(reason, "ok", account.username, client_address())
    st.session_state.pop(ACCOUNT_KEY, None)
    st.session_state.pop(SEEN_KEY, None)


def gate(lang: str) -> Account | None:
    """Stop the run with the sign-in form unless someone is signed in (in accounts mode)."""
    if not has_accounts():
        return None
    account = current()
    now = time.time()
    if account is not None:
        fresh = accounts.find(account.username)  # disabled, or role and scope changed, since the last run
        if fresh is None:
            sign_out("session_ended_account_disabled")
        elif now - st.session_state.get(SEEN_KEY, now) > session_hours() * 3600:
            sign_out("session_expired")
        else:
            st.session_state[ACCOUNT_KEY] = fresh
            st.session_state[SEEN_KEY] = now
            return fresh
    _sign_in_form(lang)
    st.stop()
    return None


def _sign_in_form(lang: str) -> None:
    _, middle, _ = st.columns([1, 1, 1])
    with middle:
        st.title(label("sign_in_title", lang))
        st.caption(label("sign_in_intro", lang))
        with st.form("sign_in", clear_on_submit=False):
            username = st.text_input(label("sign_in_username", lang), autocomplete="username")
            password = st.text_input(label("sign_in_password", lang), type="password", autocomplete="current-password")
            submitted = st.form_submit_button(label("sign_in_button", lang), type="primary", width="stretch")
        if not submitted:
            return
        outcome = accounts.sign_in(username.strip().lower(), password, client_address())
        if outcome.status == "ok":
            st.session_state[ACCOUNT_KEY] = outcome.account
            st.session_state[SEEN_KEY] = time.time()
            st.rerun()
        elif outcome.status == "locked":
            st.error(label("sign_in_locked", lang, until=outcome.locked_until.strftime("%H:%M")))
        elif outcome.status == "disabled":
            st.error(label("sign_in_disabled", lang))
        else:
            st.error(label("sign_in_wrong", lang))


def sidebar_box(lang: str) -> None:
    """Who is signed in, and the way out; in demo mode, the badge that says there is no sign-in."""
    account = current()
    if account is None:
        st.badge(label("demo_mode_badge", lang), icon=":material/lock_open:", color="orange")
        return
    scope = label("scope_country", lang) if account.provinces is None else ", ".join(account.provinces)
    st.caption(
        label(
            "signed_in_as",
            lang,
            name=plain(account.display_name),
            role=label(f"role_{account.role}", lang),
            scope=scope,
        )
    )
    st.button(
        label("sign_out", lang),
        on_click=sign_out,
        icon=":material/logout:",
        key="sign_out",
        width="stretch",
        type="tertiary",
    )


def database_purpose() -> str:
    return dict(query("data_source").itertuples(index=False, name=None)).get("purpose", "department")


def may_load() -> bool:
    """A data officer or admin; in demo mode, anyone, but only into the demo database."""
    account = current()
    if account is not None:
        return account.may_load
    return not has_accounts() and database_purpose() == "demo"


def operator_name() -> str | None:
    """Who a load is recorded under: the signed-in account (None in demo mode: the page asks)."""
    account = current()
    return account.username if account is not None else None


def provinces_in_scope(scheme: str) -> list[str] | None:
    """The provinces of ``scheme`` the signed-in account's scope covers (None: every province)."""
    account = current()
    if account is None or account.provinces is None:
        return None
    return scope_provinces(scheme, tuple(account.provinces))


def visible_provinces(scheme: str) -> list[str] | None:
    """The provinces whose details this visitor may see (None: all): the scope, when views are scoped."""
    if view_scope() != "scope":
        return None
    return provinces_in_scope(scheme)


def may_see_pages() -> bool:
    """Someone is signed in, or there are no accounts (demo mode)."""
    return current() is not None or not has_accounts()
