"""Menu labels and page titles agree, and page titles are capitalised (in Bokmål too)."""

import re

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def _title(response):
    return re.search(r"<title>(.*?) – Oslo Procurement</title>", response.content.decode(), re.S).group(1).strip()


def test_new_record_pages_have_capitalised_titles_in_bokmal(officer_client, officer, supplier_a):
    officer.language = "nb"
    officer.save()
    agreement = f.AgreementFactory(buyer=officer.buyer_membership.buyer)
    assert _title(officer_client.get(reverse("suppliers:contact_create", args=[supplier_a.public_id]))) == (
        "Ny kontaktperson"
    )
    assert _title(officer_client.get(reverse("suppliers:site_create", args=[supplier_a.public_id]))) == (
        "Nytt produksjonssted"
    )
    lot_title = _title(officer_client.get(reverse("contracts:lot_create", args=[agreement.public_id])))
    assert lot_title.startswith("Ny delkontrakt")


def test_menu_labels_are_the_page_titles(officer_client, officer):
    officer.language = "nb"
    officer.save()
    home = officer_client.get(reverse("home")).content.decode()
    menu = home.split('aria-label="Hovedmeny"')[1].split("</nav>")[0]
    pages = ("actions:list", "meetings:list", "findings:list", "risk:overview", "lessons:list", "reports:dashboard")
    for name in pages:
        title = _title(officer_client.get(reverse(name)))
        assert f'href="{reverse(name)}">{title}</a>' in menu, (name, title)
    assert "Korrigerende tiltak" in menu
