"""A supplier's person follows the invitation link, chooses a password, adds a certificate
to the evidence library and discloses a factory; every page passes axe-core."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from oslo_procurement.accounts.models import User
from suppliers.models import Evidence, Site
from suppliers.services import invitation_create
from tests import factories as f

from .conftest import assert_accessible, follow

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_invitation_to_evidence_and_factory_disclosure(page, live_server, tmp_path, settings):
    settings.SITE_URL = live_server.url
    officer = f.UserFactory(role=User.Role.OFFICER)
    supplier = f.SupplierFactory(legal_name="Nordlys IT-Partner AS")
    invitation_create(
        supplier=supplier, email="kari@nordlys.example", full_name="Kari Nordmann", language="en", actor=officer
    )
    link = re.search(r"https?://\S+/portal/invitation/\S+/", mail.outbox[-1].body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", name="Welcome to the supplier portal")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Choose a password").fill("a-long-supplier-passphrase")
    page.get_by_label("Repeat the password").fill("a-long-supplier-passphrase")
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("heading", name="Nordlys IT-Partner AS").wait_for()
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Evidence", exact=True))
    assert_accessible(page)
    page.get_by_role("link", name="Add evidence").click()
    page.get_by_label("Kind").select_option("tco")
    page.get_by_label("Title").fill("TCO Certified Generation 10 – notebooks")
    page.get_by_label("Issued by").fill("TCO Development")
    page.get_by_label("Valid from").fill("2025-01-01")
    page.get_by_label("Valid until").fill("2027-12-31")
    certificate = tmp_path / "tco-certificate.pdf"
    certificate.write_bytes(PDF)
    page.get_by_label("File").set_input_files(str(certificate))
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("cell", name="TCO Certified Generation 10 – notebooks", exact=True).wait_for()
    expect(page.get_by_text("Valid", exact=True).first).to_be_visible()
    assert Evidence.objects.get().file_name == "tco-certificate.pdf"

    page.get_by_role("link", name="Our company").click()
    page.get_by_role("link", name="Disclose a site or factory").click()
    page.get_by_label("Name").fill("Bac Ninh Plant")
    page.get_by_label("City").fill("Bac Ninh")
    page.get_by_label("Country").select_option("VN")
    page.get_by_label("Production stage").select_option("final_assembly")
    page.get_by_label("Tablets").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Bac Ninh Plant").wait_for()
    assert Site.objects.get().supplier == supplier
    assert_accessible(page)
