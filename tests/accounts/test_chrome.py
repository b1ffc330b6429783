"""The page header of base.html, written by {% header_start %} and {% header_end %} around the
main menu, is the HTML its template wrote: for a visitor, an officer of a buyer with and
without a logo, a supplier user and a user without a name, in both languages, with a
current address and names that need escaping, and on a page rendered without a request."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from oslo_procurement.accounts.models import User
from tests import factories as f

pytestmark = pytest.mark.django_db

# The header as base.html had it, the menu's block reduced to the tag it holds.
TEMPLATE_HEADER = (
    "{% load i18n chrome %}{% get_current_language as LANGUAGE_CODE %}"
    """<header>
    <nav class="navbar navbar-expand-xl navbar-dark bg-primary-dark app-nav" aria-label="{% translate 'Main menu' %}">
      <div class="container-fluid">
        {% with buyer_brand=header_buyer %}<a class="navbar-brand" href="{% fixed_url 'home' %}">{% if buyer_brand %}{% if buyer_brand.logo_url %}<img src="{{ buyer_brand.logo_url }}" alt="" class="brand-logo me-2" height="32">{% endif %}{{ buyer_brand.name }}{% else %}Oslo Procurement{% endif %}</a>{% endwith %}
        <button class="navbar-toggler" type="button" data-bs-toggle="collapse" data-bs-target="#main-nav"
                aria-controls="main-nav" aria-expanded="false" aria-label="{% translate 'Show menu' %}">
          <span class="navbar-toggler-icon"></span>
        </button>
        <div class="collapse navbar-collapse" id="main-nav">
          <ul class="navbar-nav me-auto">
            {% main_menu %}
          </ul>
          <form class="d-flex align-items-center gap-1 me-2 language-form" action="{% fixed_url 'accounts:set_language' %}" method="post">
            {% csrf_token %}
            <input type="hidden" name="next" value="{{ request.get_full_path }}">
            <label for="language-select" class="visually-hidden">{% translate "Language" %}</label>
            <select id="language-select" name="language" class="form-select form-select-sm">
              <option value="nb"{% if LANGUAGE_CODE == "nb" %} selected{% endif %} lang="nb">Norsk bokmål</option>
              <option value="en"{% if LANGUAGE_CODE == "en" %} selected{% endif %} lang="en">English</option>
            </select>
            <button type="submit" class="btn btn-sm btn-light">{% translate "Change" %}<span class="visually-hidden"> {% translate "language" %}</span></button>
          </form>
          {% if user.is_authenticated %}
            <a class="nav-link me-2 text-white text-nowrap" href="{% fixed_url 'accounts:settings' %}" title="{{ user.get_role_display }}">{{ user.full_name|default:user.email }}<span class="visually-hidden"> · {{ user.get_role_display }} – {% translate "My settings" %}</span></a>
            <form action="{% fixed_url 'accounts:logout' %}" method="post">{% csrf_token %}
              <button type="submit" class="btn btn-sm btn-light text-nowrap">{% translate "Log out" %}</button>
            </form>
          {% endif %}
        </div>
      </div>
    </nav>
  </header>"""  # noqa: E501  (the lines as base.html had them)
)
TAGS = "{% load chrome %}{% header_start %}{% main_menu %}{% header_end %}"
CSRF = "kAFxXFzcL9Z6Tt3yaMzG0lb8s0YRvJvcdTD6IdbC8AOlNczK8vzS8h2mBZ7zz8iS"


def _contexts():
    request = RequestFactory().get('/suppliers/?q=<b>"Åsen"&page=2')
    plain = f.BuyerFactory(name='Bergen & "Omegn" <kommune>')
    branded = f.BuyerFactory(name="Oslo kommune", logo_path="logos/oslo.png", logo_updated_at=timezone.now())
    officer = f.UserFactory(email="officer@oslo.example", role=User.Role.OFFICER, full_name="Kari <Nordmann>")
    unnamed = f.UserFactory(email="manager+<x>@oslo.example", role=User.Role.MANAGER, full_name="")
    supplier_user = f.UserFactory(email="ola@leverandor.example", role=User.Role.SUPPLIER, full_name="Ola Leverandør")
    yield {"request": request, "user": AnonymousUser(), "csrf_token": CSRF}
    for user, buyer in ((officer, branded), (officer, plain), (unnamed, plain)):
        yield {
            "request": request,
            "user": user,
            "csrf_token": CSRF,
            "header_buyer": lambda buyer=buyer: buyer,
            "is_buyer_staff": True,
        }
    yield {"request": request, "user": supplier_user, "csrf_token": CSRF, "is_supplier_user": True}
    yield {}  # a page rendered without a request (no user, no token)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_header_is_the_templates_header(language):
    with translation.override(language):
        for values in _contexts():
            expected = Template(TEMPLATE_HEADER).render(Context(values))
            assert Template(TAGS).render(Context(values)) == expected
            if values.get("header_buyer"):
                assert values["header_buyer"]().name.split(" ")[0] in expected.replace("&amp;", "&")


def test_the_header_escapes_what_users_typed():
    values = next(c for c in _contexts() if c.get("header_buyer") and not c["header_buyer"]().logo_path)
    html = Template(TAGS).render(Context(values))
    assert "Bergen &amp; &quot;Omegn&quot; &lt;kommune&gt;" in html
    assert "Kari &lt;Nordmann&gt;" in html
    assert 'name="next" value="/suppliers/?q=%3Cb%3E' in html and '&amp;page=2"' in html
    assert "<b>" not in html and "<kommune>" not in html
