"""Who may do what: declared in one place.

**View rules.** Every view in the project is wrapped by ``@access(...)`` (function views) or inherits
``AccessMixin`` with ``access = (...)`` (class views). ``tests/test_access_rules.py`` walks every URL
pattern and fails for a view without a declared rule. Rules are role names from
``common.models.Role``, the role groups below, and two pseudo roles: ``PUBLIC`` (anyone, also not
logged in) and ``AUTHENTICATED`` (anyone logged in). A view rule asks "does the user hold one of
these roles, for any committee, now?". Anonymous users asking for a protected view are redirected
to the login page; logged-in users without a matching role get 403.

**Committee scope.** A secretariat or case-officer grant (``common.models.UserRole``) is for one
committee or for all. Views and selectors that act on one committee's objects ask
``is_secretariat_of(user, committee)``, ``committees_where(user, role)`` (a ``CommitteeScope``) and so
on; members and substitutes read a committee through their ``committee.Membership``, which lives
above this module: ``committee.access`` adds "can read committee C's meetings" on top of these
functions. Object rules (a case officer's own cases, secret documents, a party representative's own
invoices) live in the apps' selectors and use the functions here.

**Templates** never test role names: the context processor gives them ``access`` (a ``UserAccess``),
e.g. ``{% if access.secretariat %}``, ``{% if committee in access.managed_committees %}``.

Grants have validity periods; every function takes the grants in force *now* (one query per user and
request, cached on the user object). ``grants_between`` answers for past periods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import SCOPED_ROLES, Role, UserRole

PUBLIC = "public"
AUTHENTICATED = "authenticated"
ADMINISTRATOR = Role.ADMINISTRATOR.value
SECRETARIAT = Role.SECRETARIAT.value
CASE_OFFICER = Role.CASE_OFFICER.value
MEMBER = Role.MEMBER.value
PARTY_REPRESENTATIVE = Role.PARTY_REPRESENTATIVE.value

# --- Role groups: defined here once, used by every app's views, selectors and templates ------------
STAFF = (SECRETARIAT, CASE_OFFICER)  # the diary's officials
MANAGERS = (SECRETARIAT, ADMINISTRATOR)  # parties, committees and their members
LOGGED_IN_ROLES = (SECRETARIAT, CASE_OFFICER, MEMBER, PARTY_REPRESENTATIVE, ADMINISTRATOR)  # any portal role
OFFICER_ROLES = (CASE_OFFICER, SECRETARIAT)  # may be assigned cases
LOG_READERS = (SECRETARIAT, ADMINISTRATOR)  # the mail log, lockouts
MEETING_READERS = (MEMBER, SECRETARIAT, CASE_OFFICER, ADMINISTRATOR)  # the meetings pages (committee.access)

ALL_RULES = frozenset({PUBLIC, AUTHENTICATED, *(r.value for r in Role)})
ATTR = "access_rule"


@dataclass(frozen=True)
class Grant:
    role: str
    committee_id: int | None  # None = every committee


@dataclass(frozen=True)
class CommitteeScope:
    """The committees where a user holds a role: every committee (``all``) or the listed ids.

    ``committee in scope`` works with a committee, an id or None (None = "no committee", e.g. a diary
    that belongs to none: only an all-committee grant covers it)."""

    all: bool = False
    ids: frozenset[int] = frozenset()

    def __contains__(self, committee) -> bool:
        if self.all:
            return True
        committee_id = getattr(committee, "pk", committee)
        return committee_id is not None and committee_id in self.ids

    def __bool__(self) -> bool:
        return self.all or bool(self.ids)

    def q(self, field: str = "committee") -> Q:
        """A filter on ``field`` (a foreign key to the committee) for the objects in scope."""
        if self.all:
            return Q()
        return Q(**{f"{field}__in": sorted(self.ids)}) if self.ids else Q(pk__in=[])


NO_SCOPE = CommitteeScope()
ALL_COMMITTEES = CommitteeScope(all=True)


def grants(user) -> tuple[Grant, ...]:
    """The grants of ``user`` in force now (one query, cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return ()
    cached = getattr(user, "_portal_grants", None)
    if cached is None:
        cached = tuple(
            Grant(role, committee_id)
            for role, committee_id in UserRole.objects.active().filter(user=user).values_list("role", "committee_id")
        )
        user._portal_grants = cached
    return cached


def forget_grants(user) -> None:
    """Drop the cached grants (after a grant or revocation in the same request)."""
    user.__dict__.pop("_portal_grants", None)


def user_roles(user) -> frozenset[str]:
    """The roles ``user`` holds now, for any committee."""
    return frozenset(g.role for g in grants(user))


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def committees_where(user, *roles: str) -> CommitteeScope:
    """Where ``user`` holds one of ``roles`` now: all committees, some, or none."""
    ids = set()
    for grant in grants(user):
        if grant.role in roles:
            if grant.committee_id is None:
                return ALL_COMMITTEES
            ids.add(grant.committee_id)
    return CommitteeScope(ids=frozenset(ids)) if ids else NO_SCOPE


def holds_role_for(user, role: str, committee) -> bool:
    """Whether ``user`` holds ``role`` for ``committee`` (a committee, its id, or None for "no
    committee"). Unscoped roles (member, party representative, administrator) hold everywhere."""
    if role not in {r.value for r in SCOPED_ROLES}:
        return has_role(user, role)
    return committee in committees_where(user, role)


def is_secretariat(user) -> bool:
    """Secretariat of at least one committee."""
    return has_role(user, SECRETARIAT)


def is_secretariat_of(user, committee) -> bool:
    return committee in committees_where(user, SECRETARIAT)


def is_case_officer_of(user, committee) -> bool:
    return committee in committees_where(user, CASE_OFFICER)


def may_manage_committee(user, committee) -> bool:
    """Add members, parties and (later) meetings to ``committee``: its secretariat or an administrator."""
    return has_role(user, ADMINISTRATOR) or is_secretariat_of(user, committee)


def managed_committees(user) -> CommitteeScope:
    return ALL_COMMITTEES if has_role(user, ADMINISTRATOR) else committees_where(user, SECRETARIAT)


def require(allowed: bool) -> None:
    """Raise PermissionDenied (403) unless ``allowed``: ``require(is_secretariat_of(user, c))``."""
    if not allowed:
        raise PermissionDenied


def grants_between(*, start: dt.datetime, end: dt.datetime, roles: Iterable[str] = ()) -> list[UserRole]:
    """Grants in force at any moment of [start, end), with users and committees loaded."""
    queryset = UserRole.objects.overlapping(start, end).select_related("user", "committee")
    roles = list(roles)
    if roles:
        queryset = queryset.filter(role__in=roles)
    return list(queryset.order_by("valid_from", "pk"))


class UserAccess:
    """What templates ask (``access`` in every template): capabilities, never role names."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def roles(self) -> frozenset[str]:
        return user_roles(self.user)

    @property
    def any_role(self) -> bool:
        return bool(self.roles)

    @property
    def administrator(self) -> bool:
        return ADMINISTRATOR in self.roles

    @property
    def secretariat(self) -> bool:
        return SECRETARIAT in self.roles

    @property
    def staff(self) -> bool:
        """The diary's officials: secretariat or case officer."""
        return bool(self.roles & set(STAFF))

    @property
    def managers(self) -> bool:
        """Parties, committees and members: secretariat or administrator."""
        return bool(self.roles & set(MANAGERS))

    @property
    def log_reader(self) -> bool:
        return bool(self.roles & set(LOG_READERS))

    @property
    def party_representative(self) -> bool:
        return PARTY_REPRESENTATIVE in self.roles

    @property
    def meetings(self) -> bool:
        """The meetings pages: members and substitutes, the diary's officials, administrators."""
        return bool(self.roles & set(MEETING_READERS))

    @property
    def finance(self) -> bool:
        """Projects and money: the secretariat."""
        return self.secretariat

    @cached_property
    def managed_committees(self) -> CommitteeScope:
        return managed_committees(self.user)

    @cached_property
    def secretariat_committees(self) -> CommitteeScope:
        return committees_where(self.user, SECRETARIAT)


# --- View rules ------------------------------------------------------------------------------------


def is_allowed(user, rule: Iterable[str]) -> bool:
    rule = frozenset(rule)
    if PUBLIC in rule:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if AUTHENTICATED in rule:
        return True
    return bool(user_roles(user) & rule)


def _check(request, rule: frozenset[str]):
    if is_allowed(request.user, rule):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _validate(roles: tuple[str, ...]) -> frozenset[str]:
    if not roles:
        raise ValueError("access() needs at least one role")
    unknown = set(roles) - ALL_RULES
    if unknown:
        raise ValueError(f"Unknown access role(s): {sorted(unknown)}")
    return frozenset(roles)


def access(*roles: str) -> Callable:
    """Decorator for function views: ``@access(SECRETARIAT, CASE_OFFICER)`` or ``@access(*STAFF)``."""
    rule = _validate(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            denied = _check(request, rule)
            if denied is not None:
                return denied
            return view(request, *args, **kwargs)

        setattr(wrapped, ATTR, rule)
        return wrapped

    return decorator


class AccessMixin:
    """Mixin for class-based views: ``access = (SECRETARIAT,)``."""

    access: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.access:
            setattr(cls, ATTR, _validate(tuple(cls.access)))

    def dispatch(self, request, *args, **kwargs):
        rule = getattr(type(self), ATTR, None)
        if rule is None:
            raise PermissionDenied
        denied = _check(request, rule)
        if denied is not None:
            return denied
        return super().dispatch(request, *args, **kwargs)


def rule_of(callback) -> frozenset[str] | None:
    """The declared rule of a resolved URL callback, or None if it has none."""
    rule = getattr(callback, ATTR, None)
    if rule is None and hasattr(callback, "view_class"):
        rule = getattr(callback.view_class, ATTR, None)
    return rule
