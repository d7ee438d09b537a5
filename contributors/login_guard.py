"""Login protection: a small throttle over the login log, shared by every process through the
database (no module state), plus the log of every login, logout and failure.

Why not django-axes: it ships no Chinese translation, does not yet declare Django 6.x support, and
brings its own middleware, backend and tables for what is here one query over the log we keep anyway.

A login is refused before the password is even checked when, within ``LOGIN_FAILURE_WINDOW_MINUTES``,
the account had ``LOGIN_MAX_FAILURES_PER_ACCOUNT`` failures, or the address had
``LOGIN_MAX_FAILURES_PER_ADDRESS``. Locks lift by themselves when the window passes, or at once
when an administrator unlocks the account or address in the admin.

The check and the count are one step, so simultaneous attempts cannot all slip under the limit:
under a lock per account and per address (a PostgreSQL transaction-level advisory lock; SQLite
runs every write transaction ``IMMEDIATE``, one at a time), an attempt counts the failures and, if it
may go on, records itself as a failure *before* the password is checked. The record is deleted when
the password turns out right. So of N attempts at once, at most the limit reach the password check.
"""

import contextvars
import datetime
import ipaddress

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import LoginEvent


def window() -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, "LOGIN_FAILURE_WINDOW_MINUTES", 15))


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address. Behind ``TRUSTED_PROXY_COUNT`` proxies, the address the nearest of
    them saw, taken from ``X-Forwarded-For`` (entries further left can be forged by the client)."""
    if request is None:
        return None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return _valid_ip(hops[-proxies])
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def normalise(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def failures_since(since: datetime.datetime):
    return LoginEvent.objects.filter(kind=LoginEvent.Kind.FAILED, cleared=False, created__gte=since)


def lock_reason(*, username: str, ip: str | None) -> str | None:
    """``"account"`` or ``"address"`` when a lock is in force, else ``None``."""
    since = timezone.now() - window()
    recent = failures_since(since)
    if (
        username
        and recent.filter(username=normalise(username)).count() >= settings.LOGIN_MAX_FAILURES_PER_ACCOUNT
    ):
        return "account"
    if ip and recent.filter(ip=ip).count() >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS:
        return "address"
    return None


# Set while a form checks a password it has already counted as a failure, so the failure signal does
# not count it a second time (a context variable: per thread and per task, never shared).
_counted_in_advance = contextvars.ContextVar("login_failure_counted_in_advance", default=False)


def _lock_counters(*, username: str, ip: str | None) -> None:
    """Hold, until the transaction ends, the lock over this account's and this address's count."""
    if connection.vendor != "postgresql":
        return  # SQLite: the IMMEDIATE write transaction already runs alone
    keys = sorted({f"login-account:{normalise(username)}", f"login-address:{ip or ''}"})
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def reserve_attempt(*, request, username: str) -> tuple[str | None, LoginEvent | None]:
    """Atomically check the throttle and count this attempt as a failure in advance.

    Returns ``(reason, None)`` when a lock is in force, else ``(None, failure)``: the failure row to
    delete if the password turns out right."""
    ip = client_ip(request)
    with transaction.atomic():
        _lock_counters(username=username, ip=ip)
        reason = lock_reason(username=username, ip=ip)
        if reason is not None:
            return reason, None
        return None, record(LoginEvent.Kind.FAILED, request=request, username=username)


def record(kind: str, *, request=None, username: str = "", user=None) -> LoginEvent:
    agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    return LoginEvent.objects.create(
        kind=kind,
        username=normalise(username or (user.get_username() if user else "")),
        user=user,
        ip=client_ip(request),
        user_agent=agent,
    )


def unlock(*, usernames=(), ips=(), actor=None, request=None) -> int:
    """Clear the counted failures of these accounts and addresses; returns how many were cleared."""
    condition = Q(username__in=[normalise(name) for name in usernames if name]) | Q(
        ip__in=[ip for ip in ips if ip]
    )
    cleared = LoginEvent.objects.filter(condition, kind=LoginEvent.Kind.FAILED, cleared=False).update(
        cleared=True
    )
    for name in {normalise(name) for name in usernames if name}:
        record(LoginEvent.Kind.UNLOCKED, request=request, username=name, user=None)
    return cleared


class ThrottledLoginMixin:
    """Puts the throttle in front of an authentication form's password check."""

    def clean(self):
        username = self.cleaned_data.get("username", "")
        if not (username and self.cleaned_data.get("password")):
            return super().clean()  # no password is checked, so nothing to count
        reason, failure = reserve_attempt(request=self.request, username=username)
        if reason is not None:
            record(LoginEvent.Kind.BLOCKED, request=self.request, username=username)
            minutes = int(window().total_seconds() // 60)
            if reason == "account":
                message = _(
                    "Too many failed logins for this account. It is locked for %(minutes)d minutes; "
                    "try again later or ask an administrator to unlock it."
                )
            else:
                message = _(
                    "Too many failed logins from your network address. Logins from it are paused for "
                    "%(minutes)d minutes; try again later or ask an administrator."
                )
            raise ValidationError(message % {"minutes": minutes}, code="locked")
        token = _counted_in_advance.set(True)
        try:
            return super().clean()
        finally:
            _counted_in_advance.reset(token)
            if getattr(self, "user_cache", None) is not None:
                failure.delete()  # the password was right: this attempt was no failure


class GuardedAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The back office's login form (staff only), throttled."""


class ReaderAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    """The reader site's login form (any active account), throttled."""


@receiver(user_logged_in, dispatch_uid="bulletin-login-logged")
def _logged_in(sender, request, user, **kwargs):
    record(LoginEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="bulletin-logout-logged")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(LoginEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="bulletin-login-failure-logged")
def _login_failed(sender, credentials, request=None, **kwargs):
    if _counted_in_advance.get():
        return  # the throttled form counted this attempt before checking the password
    record(LoginEvent.Kind.FAILED, request=request, username=credentials.get("username", ""))
