"""{% site_rows %} and {% portal_user_rows %} write the supplier page's sites and portal users
exactly as the template loops they replaced did, in both languages: archived and current
sites, with and without a disclosure date, names that need escaping; active, deactivated and
anonymised users, with and without a last login, for an editor and a reader; empty lists."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from oslo_procurement.accounts.models import User
from suppliers.models import Site, SupplierMembership
from tests import factories as f

pytestmark = pytest.mark.django_db

# The loops as suppliers/supplier_detail.html had them.
SITES_LOOP = (
    "{% load i18n %}"
    """    {% for site in sites %}
      <tr><td><a href="{{ site.get_absolute_url }}">{{ site.name }}</a>{% if site.is_archived %} <span class="badge badge-archived">{% translate "Archived" %}</span>{% endif %}</td>
        <td>{{ site.country.name }}</td><td>{{ site.get_stage_display }}</td><td>{{ site.products }}</td><td>{{ site.disclosed_on|date:"SHORT_DATE_FORMAT"|default:"–" }}</td></tr>
    {% empty %}<tr><td colspan="5">{% translate "No sites disclosed yet." %}</td></tr>{% endfor %}"""  # noqa: E501  (the lines as the template had them)
)
USERS_LOOP = (
    "{% load i18n %}"
    """    {% for membership in portal_users %}{% with person=membership.user %}
      <tr><td>{{ person.full_name }}</td><td>{% if person.anonymised_at %}–{% else %}{{ person.email }}{% endif %}</td>
        <td>{{ person.last_login|date:"SHORT_DATE_FORMAT"|default:"–" }}</td>
        <td>{% if person.anonymised_at %}{% translate "Anonymised" %}{% elif person.is_active %}{% translate "Active" %}{% else %}{% translate "Deactivated" %}{% endif %}</td>
        {% if can_edit %}<td class="text-end">{% if not person.anonymised_at %}<a class="btn btn-sm btn-link" href="{% url 'suppliers:user_anonymise' membership.public_id %}">{% translate "Anonymise" %}<span class="visually-hidden"> {{ person.full_name }}</span></a>{% endif %}</td>{% endif %}
      </tr>
    {% endwith %}{% empty %}<tr><td colspan="5">{% translate "No portal users yet." %}</td></tr>{% endfor %}"""  # noqa: E501  (the lines as the template had them)
)
SITES_TAG = "{% load supplier_page_rows %}    {% site_rows sites %}"
USERS_TAG = "{% load supplier_page_rows %}    {% portal_user_rows portal_users can_edit %}"


def _sites():
    supplier = f.SupplierFactory()
    f.SiteFactory(supplier=supplier, name='Fabrikk <"A"> & Co', country="CN", disclosed_on=datetime.date(2026, 3, 9))
    f.SiteFactory(supplier=supplier, name="Gammel hall", country="VN", archived_at=timezone.now(), disclosed_on=None)
    return list(Site.objects.filter(supplier=supplier).order_by("name"))


def _memberships():
    supplier = f.SupplierFactory()
    people = [
        f.UserFactory(
            role=User.Role.SUPPLIER,
            full_name="Ola <Nordmann>",
            email="ola@x.example",
            last_login=timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 30), datetime.UTC),
        ),
        f.UserFactory(role=User.Role.SUPPLIER, full_name="Kari Sluttet", email="kari@x.example", is_active=False),
        f.UserFactory(
            role=User.Role.SUPPLIER, full_name="Anonymisert", email="anon@x.example", anonymised_at=timezone.now()
        ),
    ]
    for person in people:
        f.SupplierMembershipFactory(supplier=supplier, user=person)
    return list(SupplierMembership.objects.filter(supplier=supplier).select_related("user").order_by("user__email"))


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_site_rows_are_the_loops_rows(language):
    sites = _sites()
    with translation.override(language):
        for rows in (sites, []):
            expected = Template(SITES_LOOP).render(Context({"sites": rows}))
            assert Template(SITES_TAG).render(Context({"sites": rows})) == expected
        html = Template(SITES_TAG).render(Context({"sites": sites}))
    assert "Fabrikk &lt;&quot;A&quot;&gt; &amp; Co" in html and "–" in html


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("can_edit", [True, False])
def test_the_portal_user_rows_are_the_loops_rows(language, can_edit):
    memberships = _memberships()
    with translation.override(language), timezone.override("Europe/Oslo"):
        for rows in (memberships, []):
            context = {"portal_users": rows, "can_edit": can_edit}
            expected = Template(USERS_LOOP).render(Context(context))
            assert Template(USERS_TAG).render(Context(context)) == expected
        html = Template(USERS_TAG).render(Context({"portal_users": memberships, "can_edit": can_edit}))
    assert "Ola &lt;Nordmann&gt;" in html
    assert "01.01.2027" in html or "1/1/2027" in html or "01/01/2027" in html  # the login in Oslo's time
    assert html.count('class="btn btn-sm btn-link"') == (2 if can_edit else 0)  # not the anonymised user
