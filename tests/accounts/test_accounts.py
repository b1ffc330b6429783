import re

from django.core import mail
from django.urls import reverse

from oslo_procurement.audit.models import AuditEvent
from tests.factories import PASSWORD


def test_login_by_email_is_case_insensitive_and_recorded(client, officer):
    response = client.post(reverse("accounts:login"), {"username": "Officer@Oslo.Example", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(event_type="login", actor=officer).exists()


def test_wrong_password_gives_a_clear_message_and_is_recorded(client, officer):
    response = client.post(reverse("accounts:login"), {"username": officer.email, "password": "wrong"})
    assert response.status_code == 200
    assert "email address or password is wrong" in response.content.decode()
    event = AuditEvent.objects.get(event_type="login_failed")
    assert event.details["email"] == officer.email and "wrong" not in str(event.details)


def test_login_page_is_norwegian_by_default(client, settings, db):  # db: the login page lists the buyers' SSO
    settings.LANGUAGE_CODE = "nb"
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="nb"' in page
    assert "Logg inn" in page


def test_language_choice_is_kept_on_the_account(officer_client, officer):
    officer_client.post(reverse("accounts:set_language"), {"language": "nb", "next": reverse("suppliers:list")})
    officer.refresh_from_db()
    assert officer.language == "nb"
    page = officer_client.get(reverse("suppliers:list")).content.decode()
    assert "Leverandører" in page


def test_language_switch_refuses_foreign_redirects(officer_client):
    response = officer_client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_password_reset_sends_a_working_link(client, officer, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers after the commit
        client.post(reverse("accounts:password_reset"), {"email": officer.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [officer.email]
    link = re.search(re.escape(settings.SITE_URL) + r"(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    new = "a-brand-new-long-passphrase"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    officer.refresh_from_db()
    assert officer.check_password(new)


def test_password_reset_for_unknown_email_reveals_nothing(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and len(mail.outbox) == 0


def test_staff_home_is_the_work_queue_and_supplier_home_is_the_portal(client, officer, supplier_a_user):
    client.force_login(officer)
    assert "Work queue" in client.get("/").content.decode()
    client.force_login(supplier_a_user)
    assert client.get("/").url == reverse("portal:home")


def test_logout_needs_post(officer_client):
    assert officer_client.post(reverse("accounts:logout")).status_code == 302
    assert officer_client.get(reverse("suppliers:list")).status_code == 302


def test_permission_denial_is_recorded(supplier_a_client, supplier_a_user):
    assert supplier_a_client.get(reverse("suppliers:list")).status_code == 403
    assert AuditEvent.objects.filter(event_type="permission_denied", actor=supplier_a_user).exists()


def test_production_settings_refuse_the_demo_secret():
    import subprocess
    import sys

    env = {"DATABASE_URL": "sqlite:////tmp/x.sqlite3", "PATH": "/usr/bin:/bin", "VAR_DIR": "/tmp/oslo-var-test"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='oslo_procurement.settings'; "
            "from django.conf import settings; settings.SECRET_KEY",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
