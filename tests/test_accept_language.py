"""Browsers asking for Norwegian under any of its names (no, nn, nb-NO) get Bokmål, even
when English is their second choice."""

import pytest

from oslo_procurement.i18n import norwegian_as_bokmal


@pytest.mark.parametrize(
    "header, expected",
    [
        ("nn", "nb"),
        ("no", "nb"),
        ("nb-NO", "nb"),
        ("no-NO,no;q=0.9,en;q=0.8", "nb,nb;q=0.9,en;q=0.8"),
        ("nn-NO, en-GB;q=0.7", "nb, en-GB;q=0.7"),
        ("en-GB,en;q=0.9", "en-GB,en;q=0.9"),
        ("nl,de", "nl,de"),  # Dutch and German are not Norwegian
        ("none", "none"),
    ],
)
def test_norwegian_names_become_bokmal(header, expected):
    assert norwegian_as_bokmal(header) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["nn,en;q=0.5", "no,en;q=0.5", "nb-NO,en;q=0.5", "nn-NO"])
def test_a_norwegian_browser_gets_the_login_page_in_bokmal(client, header):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=header).content.decode()
    assert '<html lang="nb"' in page
    assert "Logg inn" in page


@pytest.mark.django_db
def test_an_english_browser_still_gets_english(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,nn;q=0.5").content.decode()
    assert '<html lang="en"' in page and "Log in" in page
