"""The portal's sharing page is in the portal's main menu, named as the page, in the
user's language; on the page itself the link is marked as the current page."""

import re

import pytest
from django.urls import reverse

from tests import factories as f
from tests.conftest import client_for


def _nav_link(html):
    """The main menu's link to the sharing page, or None."""
    nav = html[html.index('<nav class="navbar') : html.index("</nav>", html.index('<nav class="navbar'))]
    url = reverse("portal_sharing:home")
    return re.search(rf'<a class="nav-link[^"]*" (aria-current="page" )?href="{url}">([^<]+)</a>', nav)


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Share with other buyers"), ("nb", "Del med andre oppdragsgivere")]
)
def test_the_sharing_page_is_in_the_portal_menu_in_both_languages(client, supplier_a, language, label):
    user = f.SupplierMembershipFactory(supplier=supplier_a, user__email=f"{language}@alpha.example").user
    user.language = language
    user.save()
    portal = client_for(client, user)
    home = portal.get(reverse("portal:evidence_list")).content.decode()
    link = _nav_link(home)
    assert link is not None and link.group(2) == label and not link.group(1)

    page = portal.get(reverse("portal_sharing:home")).content.decode()
    link = _nav_link(page)
    assert link is not None and link.group(1) == 'aria-current="page" '
    assert f'<h1 class="h2">{label}</h1>' in page
