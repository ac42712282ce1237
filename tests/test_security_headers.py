"""Headers of a page of each kind, the production settings (`check --deploy`, HSTS), and one-line
logging of 403 and 404."""

from __future__ import annotations

import io
import logging
import logging.config
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from cases.tests.factories import CaseFactory, DiaryFactory, DocumentFactory, secretariat
from cases.tests.helpers import upload

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_every_kind_of_page_has_a_strict_csp_and_the_other_headers(client, django_capture_on_commit_callbacks):
    user = secretariat()
    with django_capture_on_commit_callbacks(execute=True):
        case = CaseFactory(diary=DiaryFactory())
        document = DocumentFactory(case=case, upload=upload("brev.txt", b"Hej"))
    client.force_login(user)
    admin = secretariat()
    admin.is_staff = admin.is_superuser = True
    admin.save()
    pages = {
        "html": reverse("cases:detail", args=[case.pk]),
        "htmx-fragment": reverse("cases:list"),
        "form": reverse("cases:register"),
        "file": reverse("cases:document_download", args=[document.pk]),
        "pdf": reverse("cases:memo_pdf", args=[case.pk]),
        "csv": reverse("public_diary:export"),
        "404": "/finns-inte/",
        "public": reverse("home"),
    }
    seen = {}
    for kind, url in pages.items():
        headers = {"HTTP_HX_REQUEST": "true"} if kind == "htmx-fragment" else {}
        response = client.get(url, **headers)
        seen[kind] = response.status_code
        csp = _csp(response)
        assert csp["script-src"] == "script-src 'self'", kind
        assert "unsafe-inline" not in response["Content-Security-Policy"], kind
        assert csp["object-src"] == "object-src 'none'" and csp["frame-ancestors"] == "frame-ancestors 'none'"
        assert response["X-Content-Type-Options"] == "nosniff", kind
        assert response["X-Frame-Options"] == "DENY", kind
        assert response["Referrer-Policy"] == "same-origin", kind
    client.force_login(admin)
    response = client.get(reverse("admin:index"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert seen["404"] == 404 and seen["file"] == 200 and seen["csv"] == 200


def test_templates_hold_no_inline_script_or_style():
    """The CSP forbids them, so none may exist: no <script> without src, no <style>, no style=, no on…=."""
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if "/pdf/" in path.as_posix():
            continue  # PDF templates are rendered by WeasyPrint, never served to a browser
        text = path.read_text(encoding="utf-8")
        lowered = text.lower()
        if "<style" in lowered or " style=" in lowered or " onclick=" in lowered or "javascript:" in lowered:
            offenders.append(str(path))
        for chunk in lowered.split("<script")[1:]:
            if "src=" not in chunk.split(">", 1)[0]:
                offenders.append(str(path))
    assert offenders == []


def _production_env(**extra) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "production-check-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "namnd.example.se",
        "DATABASE_URL": "sqlite:////tmp/namndportalen-deploy-check.sqlite3",
        **extra,
    }


def test_check_deploy_is_clean_with_the_documented_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_hsts_and_https_on_by_default_and_keeps_them_configurable():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_REDIRECT_EXEMPT)"
    )
    run = [sys.executable, "-c", f"import django; django.setup(); {code}"]
    default = subprocess.run(run, cwd=settings.BASE_DIR, env=_production_env(), capture_output=True, text=True)
    assert default.stdout.split()[:3] == ["31536000", "True", "True"], default.stderr
    tuned = subprocess.run(
        run, cwd=settings.BASE_DIR, env=_production_env(DJANGO_HSTS_SECONDS="300"), capture_output=True, text=True
    )
    assert tuned.stdout.split()[0] == "300"


def test_hsts_header_in_production_settings(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_REDIRECT_EXEMPT = [r"^helsa/$"]
    response = client.get(reverse("home"), HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get(reverse("home")).status_code == 301  # plain HTTP is sent to HTTPS
    assert client.get(reverse("health")).status_code == 200  # the container healthcheck stays on HTTP


def test_403_and_404_are_logged_as_one_line_without_traceback(client, make_user):
    stream = io.StringIO()
    config = {**settings.LOGGING}
    config["handlers"] = {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_client_errors"], "stream": stream}
    }
    from config.settings import base

    logging.config.dictConfig({**base.LOGGING, "handlers": config["handlers"]})
    try:
        user = make_user("member")
        client.force_login(user)
        assert client.get(reverse("cases:list")).status_code == 403
        assert client.get("/finns-inte/").status_code == 404
    finally:
        logging.config.dictConfig(settings.LOGGING)
    lines = [line for line in stream.getvalue().strip().splitlines() if not line.startswith("AXES")]
    assert lines == [
        f"Forbidden (Permission denied): /diarium/ (användare {user.pk})",
        f"Not Found: /finns-inte/ (användare {user.pk})",
    ]
    assert "Traceback" not in stream.getvalue()


def test_a_server_error_keeps_its_traceback():
    from common.logging import OneLineClientErrors

    try:
        raise ValueError("fel")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), sys.exc_info()
        )
    record.status_code = 500
    OneLineClientErrors().filter(record)
    assert record.exc_info is not None


def test_a_file_name_too_long_for_django_gets_a_swedish_page(client):
    """A multipart header over Django's 1024-byte limit (a file name of ~1000 characters) is refused
    before any view runs; the answer explains it in Swedish instead of a bare "Bad Request (400)"."""
    boundary = "grans"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{"a" * 1000}.pdf"\r\n'
        f"Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--{boundary}--\r\n"
    ).encode()
    response = client.generic(
        "POST", reverse("accessibility"), body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Begäran kunde inte läsas" in page and "filnamnet" in page
