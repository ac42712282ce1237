"""Throttling: login lockouts (django-axes) and rate limits for the other forms anyone can post.

**Logins.** django-axes counts failed logins per username and IP address in the database; after
``AXES_FAILURE_LIMIT`` failures the pair is locked for ``AXES_COOLOFF_TIME`` and the login page answers
429 with a Swedish message (``registration/locked_out.html``). The secretariat sees and lifts
lockouts on the operations page (``lockout_list``, ``lockout_lift``).

**Rate limits.** ``rate_limit_hit(scope, value, rate)`` counts one event in a database row per key and
time window and says whether it is still within ``rate`` ("3/h", "5/10m"). The conditional UPDATE
(``count < limit``) makes the count exact across processes, also when requests race. Used by the
password-reset form (per address and per IP) and the public accessibility report form (per IP and in
total). Keys are stored hashed.

**Client IP.** ``client_ip`` takes REMOTE_ADDR, or, behind ``TRUSTED_PROXY_COUNT`` reverse proxies, the
address the outermost trusted proxy saw in X-Forwarded-For.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import RateLimitCounter

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        match = _RATE.match(text)
        if not match:
            raise ValueError(f"Ogiltig frekvens {text!r}; skriv t.ex. 3/h, 5/10m eller 100/d.")
        limit, count, unit = match.groups()
        return cls(int(limit), int(count or 1) * _UNIT_SECONDS[unit])

    @property
    def label(self) -> str:
        minutes = self.seconds // 60
        if minutes % 60 == 0:
            hours = minutes // 60
            return "en timme" if hours == 1 else f"{hours} timmar"
        return f"{minutes} minuter"


def valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address, or None when the request has none (a login made in code); also the
    ``AXES_CLIENT_IP_CALLABLE``. A forwarded address that is not an IP address is ignored."""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies and (address := valid_ip(forwarded[-proxies])):
            return address
    return valid_ip(request.META.get("REMOTE_ADDR", "") or "")


def _key(scope: str, value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{value.strip().lower()}".encode()).hexdigest()


def rate_limit_hit(scope: str, value: str | None, rate: str | Rate) -> bool:
    """Count one event of ``scope`` by ``value`` (an IP, an address…) and return whether it is within
    ``rate``. An event over the limit is not counted, so a blocked client is let in again when its
    window ends."""
    rate = rate if isinstance(rate, Rate) else Rate.parse(rate)
    now = timezone.now()
    start = dt.datetime.fromtimestamp(int(now.timestamp()) // rate.seconds * rate.seconds, tz=dt.UTC)
    key = _key(scope, value or "okänd")
    with transaction.atomic():
        RateLimitCounter.objects.bulk_create(
            [RateLimitCounter(key=key, window_start=start, count=0)], ignore_conflicts=True
        )
        counted = RateLimitCounter.objects.filter(key=key, window_start=start, count__lt=rate.limit).update(
            count=F("count") + 1
        )
    return counted == 1


def rate_limit_cleanup(*, older_than: dt.timedelta = dt.timedelta(days=2)) -> int:
    """Delete counters of windows that ended long ago (run by the outbox sweep)."""
    deleted, _ = RateLimitCounter.objects.filter(window_start__lt=timezone.now() - older_than).delete()
    return deleted


# --- Login lockouts (django-axes) --------------------------------------------------------------------


@dataclass(frozen=True)
class Lockout:
    username: str
    ip_address: str
    failures: int
    last_attempt: dt.datetime
    locked_until: dt.datetime | None


def lockout_list() -> list[Lockout]:
    """Username and IP pairs locked out now, newest first."""
    from axes.models import AccessAttempt

    limit = int(settings.AXES_FAILURE_LIMIT)
    cooloff = settings.AXES_COOLOFF_TIME
    now = timezone.now()
    result = []
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=limit).order_by("-attempt_time")
    for attempt in attempts:
        until = attempt.attempt_time + cooloff if cooloff else None
        if until is not None and until <= now:
            continue
        result.append(
            Lockout(
                attempt.username or "",
                attempt.ip_address or "",
                attempt.failures_since_start,
                attempt.attempt_time,
                until,
            )
        )
    return result


def lockout_lift(*, username: str, ip_address: str) -> int:
    """Lift the lockout of a username and IP pair (the failed attempts are forgotten). Returns how
    many lockouts were lifted."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.reset_attempts(username=username, ip_address=ip_address)


def lockout_response(request, original_response=None, credentials=None):
    """The page django-axes shows a locked-out login (``AXES_LOCKOUT_CALLABLE``): 429, in Swedish."""
    from django.shortcuts import render

    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff.total_seconds() // 60),
        "locked_until": timezone.localtime(timezone.now() + cooloff),
    }
    return render(request, "registration/locked_out.html", context, status=429)
