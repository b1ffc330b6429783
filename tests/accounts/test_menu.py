"""The main menu written in Python (oslo_procurement/accounts/menu.py) is, byte for byte, the
menu base.html's template wrote: for buyer staff, administrators, supplier users and visitors,
in both languages, on every menu entry's page and on pages under them."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from oslo_procurement.accounts import menu
from tests.conftest import client_for

# {% block nav %} of templates/base.html before the menu was written in Python.
OLD_MENU = Template(
    """{% load i18n %}
            {% if is_buyer_staff %}{% with path=request.path %}
              {% url 'home' as home_url %}
              <li class="nav-item"><a class="nav-link{% if path == home_url or '/work/' in path %} active{% endif %}" {% if path == home_url %}aria-current="page" {% endif %}href="{{ home_url }}">{% translate "Work queue" %}</a></li>
              {% url 'suppliers:list' as suppliers_url %}{% url 'suppliers:site_list' as sites_url %}{% url 'contracts:list' as agreements_url %}{% url 'contracts:entity_list' as entities_url %}{% url 'contracts:overview' as overview_url %}{% url 'criteria:list' as criteria_url %}{% url 'cmrt:smelter_list' as smelters_url %}
              <li class="nav-item dropdown">
                <button type="button" class="nav-link dropdown-toggle{% if '/suppliers/' in path or '/agreements/' in path or '/criteria/' in path %} active{% endif %}" data-bs-toggle="dropdown" aria-expanded="false">{% translate "Registry" %}</button>
                <ul class="dropdown-menu">
                  <li><a class="dropdown-item" {% if path == suppliers_url %}aria-current="page" {% endif %}href="{{ suppliers_url }}">{% translate "Suppliers" %}</a></li>
                  <li><a class="dropdown-item" {% if path == sites_url %}aria-current="page" {% endif %}href="{{ sites_url }}">{% translate "Factories" %}</a></li>
                  <li><a class="dropdown-item" {% if path == agreements_url %}aria-current="page" {% endif %}href="{{ agreements_url }}">{% translate "Agreements" %}</a></li>
                  <li><a class="dropdown-item" {% if path == entities_url %}aria-current="page" {% endif %}href="{{ entities_url }}">{% translate "City entities" %}</a></li>
                  <li><a class="dropdown-item" {% if path == criteria_url %}aria-current="page" {% endif %}href="{{ criteria_url }}">{% translate "Criteria" %}</a></li>
                  <li><a class="dropdown-item" {% if path == smelters_url %}aria-current="page" {% endif %}href="{{ smelters_url }}">{% translate "Smelter reference list" %}</a></li>
                  <li><hr class="dropdown-divider"></li>
                  <li><a class="dropdown-item" {% if path == overview_url %}aria-current="page" {% endif %}href="{{ overview_url }}">{% translate "Key figures of the registry" %}</a></li>
                  {% if user.role == "admin" %}{% url 'contracts:team' as team_url %}<li><a class="dropdown-item" {% if path == team_url %}aria-current="page" {% endif %}href="{{ team_url }}">{% translate "Team, name and logo" %}</a></li>{% endif %}
                </ul>
              </li>
              {% url 'followup:round_list' as rounds_url %}{% url 'followup:questionnaire_list' as questionnaires_url %}{% url 'findings:list' as findings_url %}{% url 'risk:overview' as risk_url %}{% url 'meetings:list' as meetings_url %}{% url 'actions:list' as actions_url %}{% url 'actions:escalation_queue' as escalations_url %}{% url 'reminders:transparency' as transparency_url %}
              <li class="nav-item dropdown">
                <button type="button" class="nav-link dropdown-toggle{% if '/followup/' in path or '/findings/' in path or '/risk/' in path or '/meetings/' in path or '/actions/' in path or '/timeline/' in path or '/reminders/' in path %} active{% endif %}" data-bs-toggle="dropdown" aria-expanded="false">{% translate "Follow-up" %}</button>
                <ul class="dropdown-menu">
                  <li><a class="dropdown-item" {% if path == rounds_url %}aria-current="page" {% endif %}href="{{ rounds_url }}">{% translate "Self-assessments" %}</a></li>
                  <li><a class="dropdown-item" {% if path == questionnaires_url %}aria-current="page" {% endif %}href="{{ questionnaires_url }}">{% translate "Questionnaires" %}</a></li>
                  <li><a class="dropdown-item" {% if path == findings_url %}aria-current="page" {% endif %}href="{{ findings_url }}">{% translate "Desktop research" %}</a></li>
                  <li><a class="dropdown-item" {% if path == risk_url %}aria-current="page" {% endif %}href="{{ risk_url }}">{% translate "Risk overview" %}</a></li>
                  <li><a class="dropdown-item" {% if path == meetings_url %}aria-current="page" {% endif %}href="{{ meetings_url }}">{% translate "Follow-up meetings" %}</a></li>
                  <li><a class="dropdown-item" {% if path == actions_url %}aria-current="page" {% endif %}href="{{ actions_url }}">{% translate "Corrective actions" %}</a></li>
                  <li><a class="dropdown-item" {% if path == escalations_url %}aria-current="page" {% endif %}href="{{ escalations_url }}">{% translate "Escalations awaiting approval" %}</a></li>
                  <li><a class="dropdown-item" {% if path == transparency_url %}aria-current="page" {% endif %}href="{{ transparency_url }}">{% translate "Transparency Act accounts missing" %}</a></li>
                </ul>
              </li>
              {% url 'reports:dashboard' as dashboard_url %}{% url 'reports:home' as reports_url %}{% url 'reports:subscription_list' as subscriptions_url %}{% url 'reports:delivery_log' as deliveries_url %}
              <li class="nav-item dropdown">
                <button type="button" class="nav-link dropdown-toggle{% if '/reports/' in path %} active{% endif %}" data-bs-toggle="dropdown" aria-expanded="false">{% translate "Reports" %}</button>
                <ul class="dropdown-menu">
                  <li><a class="dropdown-item" {% if path == dashboard_url %}aria-current="page" {% endif %}href="{{ dashboard_url }}">{% translate "Dashboard" %}</a></li>
                  <li><a class="dropdown-item" {% if path == reports_url %}aria-current="page" {% endif %}href="{{ reports_url }}">{% translate "PDF reports" %}</a></li>
                  <li><a class="dropdown-item" {% if path == subscriptions_url %}aria-current="page" {% endif %}href="{{ subscriptions_url }}">{% translate "Email subscriptions" %}</a></li>
                  <li><a class="dropdown-item" {% if path == deliveries_url %}aria-current="page" {% endif %}href="{{ deliveries_url }}">{% translate "Sending log" %}</a></li>
                </ul>
              </li>
              {% url 'market:list' as market_url %}{% url 'market:readiness' as readiness_url %}{% url 'lessons:list' as lessons_url %}{% url 'procurement:list' as drafts_url %}
              <li class="nav-item dropdown">
                <button type="button" class="nav-link dropdown-toggle{% if '/market-dialogue/' in path or '/lessons/' in path or '/next-procurement/' in path %} active{% endif %}" data-bs-toggle="dropdown" aria-expanded="false">{% translate "Market dialogue" %}</button>
                <ul class="dropdown-menu">
                  <li><a class="dropdown-item" {% if path == market_url %}aria-current="page" {% endif %}href="{{ market_url }}">{% translate "Market dialogue events" %}</a></li>
                  <li><a class="dropdown-item" {% if path == readiness_url %}aria-current="page" {% endif %}href="{{ readiness_url }}">{% translate "Market readiness per criterion" %}</a></li>
                  <li><a class="dropdown-item" {% if path == lessons_url %}aria-current="page" {% endif %}href="{{ lessons_url }}">{% translate "Lessons learned" %}</a></li>
                  <li><a class="dropdown-item" {% if path == drafts_url %}aria-current="page" {% endif %}href="{{ drafts_url }}">{% translate "Next procurement drafts" %}</a></li>
                </ul>
              </li>
              {% url 'exchange:home' as exchange_url %}
              <li class="nav-item"><a class="nav-link{% if '/exchange/' in path %} active{% endif %}" {% if path == exchange_url %}aria-current="page" {% endif %}href="{{ exchange_url }}">{% translate "Exchange" %}</a></li>
            {% endwith %}{% elif is_supplier_user %}{% with path=request.path %}
              {% url 'portal:home' as portal_url %}{% url 'portal:evidence_list' as evidence_url %}{% url 'portal_followup:list' as assessments_url %}{% url 'portal_cmrt:list' as cmrt_url %}{% url 'portal_actions:list' as portal_actions_url %}{% url 'portal_meetings:list' as portal_meetings_url %}{% url 'portal_findings:list' as portal_findings_url %}{% url 'portal_market:list' as portal_market_url %}{% url 'portal_sharing:home' as portal_sharing_url %}
              <li class="nav-item"><a class="nav-link{% if path == portal_url %} active{% endif %}" {% if path == portal_url %}aria-current="page" {% endif %}href="{{ portal_url }}">{% translate "Our company" %}</a></li>
              <li class="nav-item"><a class="nav-link{% if assessments_url in path %} active{% endif %}" {% if path == assessments_url %}aria-current="page" {% endif %}href="{{ assessments_url }}">{% translate "Self-assessments" %}</a></li>
              <li class="nav-item"><a class="nav-link{% if evidence_url in path %} active{% endif %}" {% if path == evidence_url %}aria-current="page" {% endif %}href="{{ evidence_url }}">{% translate "Evidence" %}</a></li>
              <li class="nav-item"><a class="nav-link{% if portal_actions_url in path %} active{% endif %}" {% if path == portal_actions_url %}aria-current="page" {% endif %}href="{{ portal_actions_url }}">{% translate "Corrective actions" %}</a></li>
              <li class="nav-item"><a class="nav-link{% if portal_meetings_url in path %} active{% endif %}" {% if path == portal_meetings_url %}aria-current="page" {% endif %}href="{{ portal_meetings_url }}">{% translate "Follow-up meetings" %}</a></li>
              <li class="nav-item"><a class="nav-link{% if portal_findings_url in path %} active{% endif %}" {% if path == portal_findings_url %}aria-current="page" {% endif %}href="{{ portal_findings_url }}">{% translate "Findings" %}</a></li>
              <li class="nav-item"><a class="nav-link{% if portal_market_url in path %} active{% endif %}" {% if path == portal_market_url %}aria-current="page" {% endif %}href="{{ portal_market_url }}">{% translate "Market dialogue" %}</a></li>
              <li class="nav-item"><a class="nav-link{% if cmrt_url in path %} active{% endif %}" {% if path == cmrt_url %}aria-current="page" {% endif %}href="{{ cmrt_url }}">{% translate "Conflict minerals (CMRT)" %}</a></li>
              <li class="nav-item"><a class="nav-link{% if portal_sharing_url in path %} active{% endif %}" {% if path == portal_sharing_url %}aria-current="page" {% endif %}href="{{ portal_sharing_url }}">{% translate "Share with other buyers" %}</a></li>
            {% endwith %}{% endif %}
            """  # noqa: E501
)

PATHS = [
    "/",
    "/work/assessments-submitted/",
    "/suppliers/00000000-0000-0000-0000-000000000000/",
    "/reports/dashboard/?x=1",
    "/timeline/supplier/00000000-0000-0000-0000-000000000000/",
    "/portal/evidence/00000000-0000-0000-0000-000000000000/",
    "/portal/",
    "/nowhere/",
    "",
]


class FakeUser:
    def __init__(self, role):
        self.role = role


def menu_paths():
    return [reverse(name) for name, _label in menu._entries() if name]


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize(
    ("role", "is_buyer_staff", "is_supplier_user"),
    [
        ("officer", True, False),
        ("manager", True, False),
        ("admin", True, False),
        ("supplier", False, True),
        ("", False, False),
    ],
)
def test_menu_is_the_templates_menu(language, role, is_buyer_staff, is_supplier_user):
    with translation.override(language):
        for path in PATHS + menu_paths() + [p + "sub/" for p in menu_paths()]:
            request = RequestFactory().get("/")
            request.path = path
            context = {
                "request": request,
                "user": FakeUser(role),
                "is_buyer_staff": is_buyer_staff,
                "is_supplier_user": is_supplier_user,
            }
            expected = OLD_MENU.render(Context(context))
            got = menu.main_menu_html(
                path=path, is_buyer_staff=is_buyer_staff, is_supplier_user=is_supplier_user, is_admin=role == "admin"
            )
            assert got == expected, path


@pytest.mark.parametrize("language", ["en", "nb", "en"])
def test_pages_show_each_user_the_menu_of_their_role_and_language(client, officer, manager, administrator, language):
    """On real pages, one process: administrators see the team entry, officers and managers
    not; the labels follow each user's language, also when it changes between requests."""
    team = reverse("contracts:team")
    label = {"en": "Team, name and logo", "nb": "Ansatte, navn og logo"}[language]
    registry = {"en": "Registry", "nb": "Register"}[language]
    for user in (officer, administrator, manager):
        user.language = language
        user.save()
        html = client_for(client, user).get(reverse("suppliers:list")).content.decode()
        assert (f'<li><a class="dropdown-item" href="{team}">{label}</a></li>' in html) == (user == administrator)
        assert f'dropdown-toggle active" data-bs-toggle="dropdown" aria-expanded="false">{registry}</button>' in html
        assert f'aria-current="page" href="{reverse("suppliers:list")}">' in html
