"""The supplier page's panels written in Python (``suppliers.panels.Written``) are the HTML the
templates they replaced wrote. Those templates are kept here (panels_before/) and rendered
beside the writers, in both languages, for every branch they had: the corrective actions and
standing (good standing, a warning with proposals, an escalation in force; an editor and a
reader), the risk figure (none, each level, a time of day whose local date is another day),
the awards (none, archived agreements, lots), the responsible officer (none, mine, another's,
the select, the history, with and without a CSRF token), the emails and reminders (none,
every status, retries, a digest), the self-assessments, the open findings (none, one, several;
an editor and a reader), the report form (either language chosen, with and without a token)
the internal notes (none, empty, several lines; an editor and a reader), the CMRTs (none,
shared, expired, without an effective date; an editor of a related or unrelated buyer, an
archived supplier) and the meetings (none, every status). Names carry
characters to escape; translated texts with an apostrophe are written as ``{% translate %}``
writes them (unescaped). The badges and the notification table, which other pages use too,
are compared on their own."""

import datetime
import decimal
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Engine, Template
from django.utils import timezone, translation

import contracts.panels
import followup.actions.panels
import followup.meetings.panels
import followup.panels
import followup.reminders.panels
import followup.reports.panels
import followup.research.panels
import followup.risk.panels
import suppliers.cmrt.panels
from contracts.forms import SupplierOfficerForm
from contracts.models import Award, FrameworkAgreement, Lot, SupplierNote, SupplierOfficer
from followup.actions.selectors import Standing
from followup.models import Assessment, CorrectiveAction, Escalation, Meeting, ReportingRound, RiskAssessment
from oslo_procurement.accounts.models import User
from oslo_procurement.notifications.models import Notification
from suppliers.models import CmrtReport, Evidence, Supplier
from suppliers.panels import Written

# Django's own {% csrf_token %} in the templates before writes nothing for "NOTPROVIDED" with a
# format_html("") that Django 5.2 reports as deprecated: its warning, not ours.
pytestmark = pytest.mark.filterwarnings("ignore:Calling format_html\\(\\) without passing args")

BEFORE = Engine(
    dirs=[Path(__file__).parent / "panels_before", *settings.TEMPLATES[0]["DIRS"]],
    libraries={
        "i18n": "django.templatetags.i18n",
        "action_rows": "followup.templatetags.action_rows",
        "assessment_rows": "followup.templatetags.assessment_rows",
        "zones": "oslo_procurement.accounts.templatetags.zones",
    },
)
LANGUAGES = ["nb", "en"]
TOKEN = "a-token-of-64-characters-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
TRICKY = "Nordisk <Data> & \"Drift\" 'AS'"


def _same(template_name, write, panel, **page):
    """The template before and the writer, with the panel's and the page's context."""
    values = {"panel": panel, **page}
    expected = BEFORE.get_template(template_name).render(Context(values))
    written = Written(write).render(Context(values))
    assert written == expected
    return written


def _supplier():
    return Supplier(public_id=uuid.uuid4(), legal_name=TRICKY)


def _user(full_name="Kari <Nordmann>", email="kari@oslo.example"):
    return User(pk=7, full_name=full_name, email=email)


# --- Corrective actions and standing ---------------------------------------------------


def _escalation(rung, decided_on=datetime.date(2026, 11, 30)):
    return Escalation(public_id=uuid.uuid4(), rung=rung, decided_on=decided_on)


def _actions():
    today = datetime.date(2026, 12, 1)
    rows = []
    for index, (title, status, overdue) in enumerate(
        [
            ('Map tier 2 <b>&</b> "fees"', "open", True),
            ("Audit", "in_progress", False),
            ("Evidence", "evidence_submitted", False),
        ]
    ):
        action = CorrectiveAction(
            public_id=uuid.uuid4(), title=title, status=status, deadline=today + datetime.timedelta(days=index * 40)
        )
        action.overdue = overdue
        rows.append(action)
    return rows


STANDINGS = {
    "good": lambda supplier: Standing(supplier=supplier),
    "good, a proposal": lambda supplier: Standing(supplier=supplier, pending=1),
    "warning": lambda supplier: Standing(supplier=supplier, escalation=_escalation(1)),
    "termination, two proposals": lambda supplier: Standing(supplier=supplier, escalation=_escalation(4), pending=2),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("standing", sorted(STANDINGS))
def test_actions_panel_is_the_template(language, standing):
    supplier = _supplier()
    with translation.override(language):
        for can_edit in (True, False):
            for actions in (_actions(), []):
                panel = {"supplier": supplier, "standing": STANDINGS[standing](supplier), "actions": actions}
                html = _same(
                    "followup/actions/_supplier_panel.html",
                    followup.actions.panels._write_supplier_panel,
                    panel,
                    can_edit=can_edit,
                )
                assert ("?supplier=" + str(supplier.public_id) in html.split("<h2")[1].split("</div>")[0]) is can_edit
    if language == "en":
        assert "This supplier's corrective actions that are not closed" in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("standing", sorted(STANDINGS))
def test_agreement_standing_cell_is_the_badge_template_and_its_link(language, standing):
    before = Template(
        '{% load i18n %}{% include "followup/actions/_standing_badge.html" %}{% if standing.escalation %} '
        "<a href=\"{% url 'actions:escalation_detail' standing.escalation.public_id %}\">{% blocktranslate with "
        'date=standing.escalation.decided_on|date:"SHORT_DATE_FORMAT" %}since {{ date }}{% endblocktranslate %}'
        "</a>{% endif %}",
        engine=BEFORE,
    )
    after = Template("{% load action_rows %}{% standing_cell standing %}")
    with translation.override(language):
        context = {"standing": STANDINGS[standing](_supplier())}
        assert after.render(Context(context)) == before.render(Context(context))


# --- Risk --------------------------------------------------------------------------------


def _assessment(level, score, created_at):
    return RiskAssessment(residual_level=level, residual_score=decimal.Decimal(score), created_at=created_at)


@pytest.mark.parametrize("language", LANGUAGES)
def test_risk_panel_is_the_template(language):
    supplier = _supplier()
    # 23:30 UTC on 31 December is 1 January in Oslo: the date is the local one.
    late = timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 30), datetime.UTC)
    with translation.override(language):
        html = _same(
            "followup/risk/_supplier_risk_panel.html",
            followup.risk.panels._write_supplier_panel,
            {"supplier": supplier, "assessment": None},
        )
        assert TRICKY not in html
        for level in ("very_high", "high", "medium_high", "medium", "low"):
            html = _same(
                "followup/risk/_supplier_risk_panel.html",
                followup.risk.panels._write_supplier_panel,
                {"supplier": supplier, "assessment": _assessment(level, "62.5", late)},
            )
            assert "01.01.2027" in html or "1/1/2027" in html or "01/01/2027" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_level_badge_is_the_template(language):
    before = Template('{% include "followup/risk/_level_badge.html" with level=level label=label %}|', engine=BEFORE)
    after = Template("{% load risk_badges %}{% level_badge level label %}|")
    with translation.override(language):
        for level in ("very_high", "high", "medium_high", "medium", "low", "", None):
            context = {"level": level, "label": "<Høy> & 'x'"}
            assert after.render(Context(context)) == before.render(Context(context))


# --- Awards ------------------------------------------------------------------------------


def _awards():
    current = FrameworkAgreement(public_id=uuid.uuid4(), reference="OK-2024/1", title="PC & <skjermer>")
    archived = FrameworkAgreement(
        public_id=uuid.uuid4(), reference="OK-2019/7", title="Mobil", archived_at=timezone.now()
    )
    awards = []
    for agreement, kind, lots in (
        (current, "contract_holder", [Lot(number=1, title="Bærbare <PC>"), Lot(number=2, title="Skjermer")]),
        (archived, "subcontractor", []),
    ):
        award = Award(agreement=agreement, kind=kind, signed_on=datetime.date(2024, 3, 9))
        award.lot_list = lots
        awards.append(award)
    return awards


@pytest.mark.parametrize("language", LANGUAGES)
def test_awards_panel_is_the_template(language):
    with translation.override(language):
        for awards in (_awards(), []):
            html = _same(
                "contracts/_supplier_awards_panel.html", contracts.panels._write_awards_panel, {"awards": awards}
            )
    assert "Bærbare &lt;PC&gt;" not in html  # the empty table last
    with translation.override(language):
        html = _same(
            "contracts/_supplier_awards_panel.html", contracts.panels._write_awards_panel, {"awards": _awards()}
        )
    assert "1 Bærbare &lt;PC&gt;; 2 Skjermer" in html
    assert "badge-archived" in html


# --- Responsible officer -----------------------------------------------------------------


def _history(history_type, officer, history_user, when):
    change = SupplierOfficer.history.model(history_type=history_type, history_date=when)
    change.officer = officer
    change.history_user = history_user
    return change


def _officer_panels(supplier):
    me, other = _user(), _user(full_name="", email="ola@oslo.example")
    current_mine = SupplierOfficer(officer=me)
    current_other = SupplierOfficer(officer=other)
    field = SupplierOfficerForm.base_fields["officer"]
    options = [("", field.empty_label, False), (7, "Kari <Nordmann>", True), (8, "ola@oslo.example", False)]
    late = timezone.make_aware(datetime.datetime(2026, 3, 29, 0, 30), datetime.UTC)
    changes = [
        _history("~", other, me, late),
        _history("-", other, None, late - datetime.timedelta(days=3)),
        _history("+", me, other, late - datetime.timedelta(days=40)),
    ]
    for current, is_mine in ((None, False), (current_mine, True), (current_other, False)):
        for can_take in (True, False):
            for panel_options in (options, None):
                for panel_changes in (changes, []):
                    yield {
                        "supplier": supplier,
                        "current": current,
                        "is_mine": is_mine,
                        "can_take": can_take,
                        "field": field,
                        "options": panel_options,
                        "changes": panel_changes,
                    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_officer_panel_is_the_template(language):
    supplier = _supplier()
    user = _user()
    seen = set()
    with translation.override(language):
        for panel in _officer_panels(supplier):
            for token in (TOKEN, "NOTPROVIDED", None):
                page = {"user": user} if token is None else {"user": user, "csrf_token": token}
                html = _same(
                    "contracts/_supplier_officer_panel.html", contracts.panels._write_officer_panel, panel, **page
                )
                seen.add(("csrfmiddlewaretoken" in html, 'name="officer" value="7"' in html, "<details" in html))
    assert seen >= {(True, True, True), (False, False, False), (True, False, True)}


# --- Emails and reminders ----------------------------------------------------------------


def _notifications():
    created = timezone.make_aware(datetime.datetime(2026, 10, 25, 0, 30), datetime.UTC)
    recipient = _user()
    rows = []
    for index, status in enumerate(("held", "pending", "sending", "sent", "failed", "cancelled")):
        notification = Notification(
            recipient=recipient if index % 2 else None,
            recipient_email="<kari>@oslo.example",
            kind="action_overdue" if index % 3 else "digest",
            status=status,
            item_label=f"Tiltak {index} <b>",
            digest=index == 2,
            sent_at=created + datetime.timedelta(hours=1) if status == "sent" else None,
            last_error="451 4.7.1 greylisted <try later>" if status == "failed" else "",
            attempts={"failed": 3, "sending": 2}.get(status, 1),
            created_at=created,
        )
        if index % 2:
            notification.step_text = "Påminnelse 2 av 3 & siste"
        rows.append(notification)
    return rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_reminders_panel_is_the_template(language):
    supplier = _supplier()
    with translation.override(language):
        for counts in ({}, {"pending": 1}, {"pending": 3, "failed": 2}, {"failed": 1}):
            for notifications in (_notifications(), []):
                html = _same(
                    "followup/reminders/_supplier_panel.html",
                    followup.reminders.panels._write_supplier_panel,
                    {"supplier": supplier, "notifications": notifications, "counts": counts},
                )
    assert "greylisted &lt;try later&gt;" not in html  # the empty table last


@pytest.mark.parametrize("language", LANGUAGES)
def test_notification_table_is_the_templates(language):
    before = Template(
        '{% include "followup/reminders/_notification_head.html" %}<tbody>'
        '{% include "followup/reminders/_notification_rows.html" with notifications=page %}</tbody>',
        engine=BEFORE,
    )
    after = Template("{% load notification_rows %}{% notification_head %}<tbody>{% notification_rows page %}</tbody>")
    with translation.override(language):
        for page in (_notifications(), []):
            assert after.render(Context({"page": page})) == before.render(Context({"page": page}))
        html = after.render(Context({"page": _notifications()}))
    assert html.count("<tr>") == 7
    assert "greylisted &lt;try later&gt;" in html
    assert "Påminnelse 2 av 3 &amp; siste" in html


# --- Self-assessments, findings, report, internal notes ----------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_assessments_panel_is_the_template(language):
    agreement = FrameworkAgreement(reference="OK-2024/1 <a>")
    round_ = ReportingRound(title_nb="Runde <1>", title_en="Round <1>", deadline=datetime.date(2026, 5, 1))
    round_.agreement = agreement
    assessment = Assessment(public_id=uuid.uuid4(), status="submitted")
    assessment.round = round_
    with translation.override(language):
        for assessments in ([assessment], []):
            html = _same(
                "followup/_supplier_assessments_panel.html",
                followup.panels._write_assessments_panel,
                {"assessments": assessments},
            )
    if language == "en":
        assert "This supplier's self-assessments in our reporting rounds" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_findings_panel_is_the_template(language):
    supplier = _supplier()
    with translation.override(language):
        for count in (0, 1, 4):
            for can_edit in (True, False):
                html = _same(
                    "followup/research/_supplier_findings_panel.html",
                    followup.research.panels._write_supplier_panel,
                    {"supplier": supplier, "open_count": count},
                    can_edit=can_edit,
                )
    assert "finding_status=open" in html
    assert "Nordisk &lt;Data&gt;" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_panel_is_the_template(language):
    supplier = _supplier()
    with translation.override(language):
        for chosen in ("nb", "en"):
            for token in (TOKEN, "NOTPROVIDED", None):
                page = {} if token is None else {"csrf_token": token}
                html = _same(
                    "followup/reports/_supplier_panel.html",
                    followup.reports.panels._write_supplier_panel,
                    {"supplier": supplier, "action": "/rapporter/ny/?a=1&b=2", "language": chosen},
                    **page,
                )
    assert 'action="/rapporter/ny/?a=1&amp;b=2"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_note_panel_is_the_template(language):
    supplier = _supplier()
    notes = [None, SupplierNote(text=""), SupplierNote(text="Linje 1 <b>\nLinje 2 & 3")]
    with translation.override(language):
        for note in notes:
            for can_edit in (True, False):
                html = _same(
                    "contracts/_supplier_note_panel.html",
                    contracts.panels._write_note_panel,
                    {"supplier": supplier, "note": note, "can_edit": can_edit},
                )
    assert "Linje 1 &lt;b&gt;<br>Linje 2 &amp; 3" in html


# --- CMRTs and meetings ------------------------------------------------------------------


def _reports():
    late = timezone.make_aware(datetime.datetime(2026, 6, 30, 22, 30), datetime.UTC)
    rows = []
    for index, (effective, shared, valid_to, by) in enumerate(
        [
            (datetime.date(2026, 5, 1), late, None, _user()),
            (None, None, datetime.date(2020, 1, 1), None),
            (datetime.date(2025, 1, 31), datetime.date(2025, 2, 3), datetime.date(2099, 1, 1), _user(full_name="")),
        ]
    ):
        report = CmrtReport(
            public_id=uuid.uuid4(),
            effective_date=effective,
            company_name=f"Smelteverk <{index}> & Co",
            template_version="6.31",
            declaration_scope="Company <wide>",
            created_at=late,
        )
        report.evidence = Evidence(valid_to=valid_to)
        report.uploaded_by = by
        report.smelter_count = 1200 + index
        if shared is not None or index == 1:
            report.shared_at = shared
        rows.append(report)
    return rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_cmrt_panel_is_the_template(language):
    supplier = _supplier()
    archived = Supplier(public_id=uuid.uuid4(), legal_name="Gammel AS", archived_at=timezone.now())
    with translation.override(language):
        for reports in (_reports(), []):
            for the_supplier in (supplier, archived):
                for related in (True, False):
                    for can_edit in (True, False):
                        html = _same(
                            "suppliers/cmrt/_supplier_panel.html",
                            suppliers.cmrt.panels._write_panel,
                            {"supplier": the_supplier, "reports": reports, "related": related},
                            can_edit=can_edit,
                        )
        html = _same(
            "suppliers/cmrt/_supplier_panel.html",
            suppliers.cmrt.panels._write_panel,
            {"supplier": supplier, "reports": _reports(), "related": True},
            can_edit=True,
        )
    assert "Smelteverk &lt;0&gt; &amp; Co" in html
    assert "badge text-bg-secondary" in html  # the expired one


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url_name", ["cmrt:report_detail", "portal_cmrt:report_detail"])
def test_cmrt_report_table_is_the_template(language, url_name):
    before = Template('{% include "suppliers/cmrt/_report_table.html" with detail_url_name=url_name %}|', engine=BEFORE)
    after = Template("{% load cmrt_rows %}{% cmrt_report_table reports url_name %}|")
    with translation.override(language):
        for reports in (_reports(), []):
            context = {"reports": reports, "url_name": url_name}
            assert after.render(Context(context)) == before.render(Context(context))


def _meetings():
    starts = timezone.make_aware(datetime.datetime(2026, 3, 29, 0, 45), datetime.UTC)
    rows = []
    for index, status in enumerate(("planned", "held", "minutes_shared", "cancelled", "unknown")):
        rows.append(
            Meeting(
                public_id=uuid.uuid4(),
                title=f"Oppfølging <{index}> & plan",
                status=status,
                starts_at=starts + datetime.timedelta(days=index * 90),
            )
        )
    return rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_meetings_panel_is_the_template(language):
    supplier = _supplier()
    with translation.override(language):
        for meetings in (_meetings(), []):
            for can_edit in (True, False):
                html = _same(
                    "followup/meetings/_supplier_panel.html",
                    followup.meetings.panels._write_supplier_panel,
                    {"supplier": supplier, "meetings": meetings},
                    can_edit=can_edit,
                )
        html = Written(followup.meetings.panels._write_supplier_panel).render(
            Context({"panel": {"supplier": supplier, "meetings": _meetings()}})
        )
    assert "Oppfølging &lt;0&gt; &amp; plan" in html
    assert html.count("badge text-bg-light border") == 2  # planned, and a status it does not know


@pytest.mark.parametrize("language", LANGUAGES)
def test_meeting_status_badge_is_the_template(language):
    before = Template('{% include "followup/meetings/_status_badge.html" %}|', engine=BEFORE)
    after = Template("{% load meeting_rows %}{% meeting_status_badge meeting %}|")
    with translation.override(language):
        for meeting in _meetings():
            assert after.render(Context({"meeting": meeting})) == before.render(Context({"meeting": meeting}))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_panels_tag_writes_what_the_loop_of_includes_wrote(
    officer_client, officer, buyer, supplier_a, language
):
    """``{% page_panels %}`` (suppliers/templatetags/page_panels.py) on the supplier page and the
    agreement page: the panels as the loop with an include per panel showed them, written and
    template panels alike, CSRF tokens aside (a new mask for each)."""
    import re

    from django.template import engines

    from tests import factories as f

    award = f.AwardFactory(agreement=f.AgreementFactory(buyer=buyer), supplier=supplier_a)
    officer.language = language
    officer.save(update_fields=["language"])
    loop = engines["django"].from_string(
        "{% for template, context in panels %}{% include template with panel=context %}{% endfor %}"
    )
    tag = engines["django"].from_string("{% load page_panels %}{% page_panels panels %}")
    token = re.compile(r'(name="csrfmiddlewaretoken" value=)"[^"]*"')
    for url, names in [
        (supplier_a.get_absolute_url(), ["summary_panels", "panels"]),
        (award.agreement.get_absolute_url(), ["panels"]),
    ]:
        response = officer_client.get(url)
        assert response.status_code == 200
        request = response.wsgi_request
        if url == supplier_a.get_absolute_url():  # both kinds of panel
            assert {type(template) for template, _ in response.context["panels"]} == {str, Written}
        for name in names:
            panels = response.context[name]
            assert panels
            with translation.override(language):
                before = token.sub(r'\1""', loop.render({"panels": panels}, request))
                after = token.sub(r'\1""', tag.render({"panels": panels}, request))
            assert after == before
            assert "<section" in after
