from django.conf import settings

from .access import UserAccess


def registrar_contact() -> dict:
    """The registrar's e-mail, phone and postal address (settings), for the footer and the public diary."""
    return {
        "email": settings.REGISTRAR_EMAIL,
        "phone": settings.REGISTRAR_PHONE,
        "address_lines": [line.strip() for line in settings.REGISTRAR_ADDRESS.split(";") if line.strip()],
    }


def portal(request):
    """``access`` answers what the user may do (``{% if access.secretariat %}``); templates never test
    role names themselves (common/access.py)."""
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_ORGANISATION": settings.PORTAL_ORGANISATION,
        "REGISTRAR": registrar_contact(),
        "access": UserAccess(user),
    }
