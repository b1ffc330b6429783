"""A buyer joins without a developer: create_buyer (or the back office) makes the buyer and
emails its first administrator an invitation; that administrator invites officers and
managers and sets the buyer's name and logo, which its pages, emails and PDFs show; never
another buyer's."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from contracts.joining import buyer_branding_save, staff_invitation_create
from contracts.models import Buyer, BuyerMembership, StaffInvitation
from oslo_procurement.accounts.models import User
from oslo_procurement.notifications.models import Notification
from tests import factories as f

PASSWORD = "A-long-and-new-passphrase-2026"


def png_file(size=(120, 40), name="logo.png", color=(31, 59, 115)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _link(notification):
    import re

    return re.search(r"https?://\S+/agreements/join/[^/\s]+/", notification.body_text).group(0)


@pytest.mark.django_db
def test_create_buyer_invites_the_first_administrator_who_joins(client, capsys):
    call_command(
        "create_buyer", "Bergen kommune", "--org-number", f.valid_org_number(9100), "--admin-email", "It@Bergen.example"
    )
    assert "Bergen kommune inviterer deg" in Notification.objects.get().subject  # Bokmål unless told otherwise
    Notification.objects.all().delete()
    StaffInvitation.objects.all().delete()
    Buyer.objects.filter(name="Bergen kommune").delete()
    call_command(
        "create_buyer",
        "Bergen kommune",
        *("--org-number", f.valid_org_number(9100), "--admin-email", "It@Bergen.example", "--language", "en"),
    )
    buyer = Buyer.objects.get(name="Bergen kommune")
    email = Notification.objects.get(recipient_email="it@bergen.example")
    assert "Bergen kommune invites you" in email.subject
    assert "Bergen kommune invites you to follow up its ICT suppliers" in email.body_text
    assert "Created the buyer Bergen kommune" in capsys.readouterr().out
    link = _link(email)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email="it@bergen.example")
    assert user.role == "admin" and user.buyer_membership.buyer == buyer
    # The link works once.
    assert client.get("/" + path).status_code == 410


@pytest.mark.django_db
def test_create_buyer_refuses_a_bad_org_number():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_buyer", "Tromsø kommune", "--org-number", "123456789", "--admin-email", "a@b.example")
    assert not Buyer.objects.filter(name="Tromsø kommune").exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_back_office_creates_a_buyer_with_its_first_administrator(administrator, client):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:contracts_buyer_add"),
        {
            "name": "Viken fylkeskommune",
            "org_number": "",
            "country": "NO",
            "website": "",
            "admin_email": "admin@viken.example",
            "admin_name": "Vera Viken",
            "language": "en",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    invitation = StaffInvitation.objects.get(email="admin@viken.example")
    assert invitation.buyer.name == "Viken fylkeskommune" and invitation.role == "admin"
    assert Notification.objects.filter(recipient_email="admin@viken.example").exists()


@pytest.mark.django_db
def test_the_buyers_administrator_invites_officers_and_managers(client, buyer, other_buyer):
    admin = f.UserFactory(role="admin", email="admin@oslo.example")
    f.BuyerMembershipFactory(user=admin, buyer=buyer)
    client.force_login(admin)
    response = client.post(
        reverse("contracts:team_invite"),
        {"full_name": "Olga Officer", "email": "olga@oslo.example", "role": "officer", "language": "en"},
    )
    assert response.status_code == 302
    page = client.get(reverse("contracts:team")).content.decode()
    assert "olga@oslo.example" in page
    invitation = StaffInvitation.objects.get(email="olga@oslo.example")
    assert invitation.buyer == buyer and invitation.invited_by == admin
    client.logout()
    path = _link(Notification.objects.get(recipient_email="olga@oslo.example")).split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path, {"password1": PASSWORD, "password2": PASSWORD})
    olga = User.objects.get(email="olga@oslo.example")
    assert olga.role == "officer" and BuyerMembership.objects.get(user=olga).buyer == buyer


@pytest.mark.django_db
def test_officers_cannot_invite_and_another_buyers_admin_cannot_withdraw(client, officer, buyer, other_buyer):
    invitation, _token = staff_invitation_create(
        buyer=buyer, email="x@oslo.example", full_name="X", role="manager", language="nb", actor=None
    )
    client.force_login(officer)
    assert client.get(reverse("contracts:team")).status_code == 403
    assert (
        client.post(
            reverse("contracts:team_invite"), {"full_name": "Y", "email": "y@oslo.example", "role": "admin"}
        ).status_code
        == 403
    )
    other_admin = f.UserFactory(role="admin")
    f.BuyerMembershipFactory(user=other_admin, buyer=other_buyer)
    client.force_login(other_admin)
    assert client.post(reverse("contracts:team_invitation_revoke", args=[invitation.public_id])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"


@pytest.mark.django_db
def test_logo_is_checked(buyer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="pixels"):
        buyer_branding_save(buyer=buyer, name=buyer.name, logo=png_file(size=(3000, 10)), actor=None)
    with pytest.raises(ValidationError):
        buyer_branding_save(
            buyer=buyer, name=buyer.name, logo=SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>"), actor=None
        )
    big = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 600_000)
    with pytest.raises(ValidationError, match="limit"):
        buyer_branding_save(buyer=buyer, name=buyer.name, logo=big, actor=None)
    buyer.refresh_from_db()
    assert buyer.logo_path == ""


@pytest.mark.django_db
def test_name_and_logo_show_on_the_buyers_pages_only(client, buyer, other_buyer, officer, other_officer):
    admin = f.UserFactory(role="admin")
    f.BuyerMembershipFactory(user=admin, buyer=buyer)
    client.force_login(admin)
    response = client.post(reverse("contracts:team_branding"), {"name": "Oslo kommune Innkjøp", "logo": png_file()})
    assert response.status_code == 302
    buyer.refresh_from_db()
    assert buyer.name == "Oslo kommune Innkjøp" and buyer.logo_url
    logo = client.get(buyer.logo_url)
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    client.force_login(officer)
    page = client.get(reverse("contracts:entity_list")).content.decode()
    assert buyer.logo_url.replace("&", "&amp;") in page or buyer.logo_url in page
    assert "Oslo kommune Innkjøp" in page
    client.force_login(other_officer)
    page = client.get(reverse("contracts:entity_list")).content.decode()
    assert "Oslo kommune Innkjøp" not in page
    assert str(buyer.public_id) not in page
    assert "Bergen kommune" in page


@pytest.mark.django_db
def test_the_logo_is_in_the_buyers_emails_and_not_in_another_buyers(buyer, other_buyer):
    buyer_branding_save(buyer=buyer, name=buyer.name, logo=png_file(), actor=None)
    staff_invitation_create(
        buyer=buyer, email="a@oslo.example", full_name="A", role="officer", language="en", actor=None
    )
    staff_invitation_create(
        buyer=other_buyer, email="b@bergen.example", full_name="B", role="officer", language="en", actor=None
    )
    mine = Notification.objects.get(recipient_email="a@oslo.example")
    theirs = Notification.objects.get(recipient_email="b@bergen.example")
    assert f"/agreements/buyers/{buyer.public_id}/logo/" in mine.body_html
    assert 'alt="Oslo kommune"' in mine.body_html
    assert "/logo/" not in theirs.body_html
    assert "Oslo kommune" not in theirs.body_html + theirs.body_text


@pytest.mark.django_db
def test_the_logo_is_in_the_buyers_pdf_only(buyer, other_buyer):
    from pypdf import PdfReader

    from followup.models import ReportKind
    from followup.reports.services import report_pdf

    buyer_branding_save(buyer=buyer, name=buyer.name, logo=png_file(), actor=None)

    def images(b):
        content, _pages, _summary = report_pdf(buyer=b, kind=ReportKind.BUYER, language="en")
        reader = PdfReader(io.BytesIO(content))
        cover = reader.pages[0]
        return len(cover.images), cover.extract_text()

    count, text = images(buyer)
    assert count == 1 and "Oslo kommune" in text
    count, text = images(other_buyer)
    assert count == 0 and "Bergen kommune" in text and "Oslo kommune" not in text


@pytest.mark.django_db
def test_the_logo_heads_the_buyers_letters_only(buyer, other_buyer, supplier_a):
    from pypdf import PdfReader

    from followup.letters.services import letter_preview
    from tests.test_access_walk import _action_world

    buyer_branding_save(buyer=buyer, name=buyer.name, logo=png_file(), actor=None)

    def first_page(b):
        escalation = _action_world(b, supplier_a)["escalation"]
        content, _pages = letter_preview(escalation=escalation, kind="decision", language="en")
        page = PdfReader(io.BytesIO(content)).pages[0]
        return len(page.images), page.extract_text()

    images, text = first_page(buyer)
    assert images == 1 and "Oslo kommune" in text
    images, text = first_page(other_buyer)
    assert images == 0 and "Bergen kommune" in text and "Oslo kommune" not in text
