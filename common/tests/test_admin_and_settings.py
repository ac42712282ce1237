import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from committee.tests.factories import MembershipFactory
from parties.tests.factories import PartyFactory


@pytest.mark.django_db
def test_admin_history_pages_for_parties_and_committee_models(client, make_user):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    party = PartyFactory()
    membership = MembershipFactory()
    for model, obj in [
        ("parties/party", party),
        ("committee/committee", membership.committee),
        ("committee/membership", membership),
    ]:
        app, name = model.split("/")
        assert client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:{app}_{name}_change", args=[obj.pk])).status_code == 200
        assert client.get(reverse(f"admin:{app}_{name}_history", args=[obj.pk])).status_code == 200


def test_production_settings_refuse_to_start_without_required_variables():
    if (settings.BASE_DIR / ".env").exists():
        pytest.skip("a local .env may provide the variables")  # never in CI: .env is not in git
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS")
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Obligatorisk miljövariabel saknas: DJANGO_SECRET_KEY, DATABASE_URL, DJANGO_ALLOWED_HOSTS" in result.stderr
