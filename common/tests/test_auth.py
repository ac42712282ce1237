"""Login, logout and password reset by e-mail, in Swedish."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_swedish(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in" in html and "Användarnamn" in html and "Lösenord" in html


def test_login_and_logout(client, make_user):
    make_user("member", username="ledamot", password="ett-bra-losenord-1")
    response = client.post(reverse("login"), {"username": "ledamot", "password": "ett-bra-losenord-1"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "Logga ut" in client.get(reverse("home")).content.decode()

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_failed_login_explains_in_swedish_and_keeps_username(client, make_user):
    make_user(username="ledamot", password="ett-bra-losenord-1")
    response = client.post(reverse("login"), {"username": "ledamot", "password": "fel"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Inloggningen misslyckades" in html
    assert 'value="ledamot"' in html


def test_login_redirects_to_next(client, make_user):
    make_user("secretariat", username="sek", password="ett-bra-losenord-1")
    response = client.get(reverse("parties:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login") + "?next=")
    response = client.post(
        reverse("login"), {"username": "sek", "password": "ett-bra-losenord-1", "next": reverse("parties:list")}
    )
    assert response["Location"] == reverse("parties:list")


def test_password_reset_by_email(client, make_user, django_capture_on_commit_callbacks):
    user = make_user(username="sara", email="sara@example.org", first_name="Sara", last_name="Lindqvist")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "sara@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert "Kontrollera din e-post" in client.get(response["Location"]).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sara@example.org"]
    assert message.subject == "Återställ ditt lösenord"
    assert "Hej Sara Lindqvist" in message.body and "Välj ett nytt lösenord här" in message.body
    assert "Ditt användarnamn är: sara" in message.body
    assert "ditt konto i Nämndportalen ska återställas" in message.body
    from common.models import OutgoingMail

    logged = OutgoingMail.objects.get()
    assert logged.context == f"losenord:{user.pk}"  # kept in the mail log
    link = re.search(r"https?://[^/\s]+(/konto/aterstall/\S+/)", message.body)[1]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in logged.body and "[borttaget efter utskick]" in logged.body  # redacted once sent

    response = client.get(link)  # Django swaps the token for "set-password" in the session
    assert response.status_code == 302
    form_url = response["Location"]
    assert "Välj nytt lösenord" in client.get(form_url).content.decode()
    response = client.post(form_url, {"new_password1": "nytt-hemligt-ord-42", "new_password2": "nytt-hemligt-ord-42"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_complete")

    user.refresh_from_db()
    assert user.check_password("nytt-hemligt-ord-42")
    response = client.post(reverse("login"), {"username": "sara", "password": "nytt-hemligt-ord-42"})
    assert response.status_code == 302
    # The link works once only.
    client.logout()
    assert "Länken är ogiltig" in client.get(link, follow=True).content.decode()


def test_password_reset_for_unknown_address_sends_nothing_but_looks_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "okand@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_change_requires_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_password_change(client, make_user):
    user = make_user(username="sara", password="gammalt-losenord-1")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "fel", "new_password1": "nytt-hemligt-ord-42", "new_password2": "nytt-hemligt-ord-42"},
    )
    assert "old_password" in response.context["form"].errors
    assert "Formuläret innehåller fel" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "gammalt-losenord-1",
            "new_password1": "nytt-hemligt-ord-42",
            "new_password2": "nytt-hemligt-ord-42",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("nytt-hemligt-ord-42")
