"""Desktop research findings: the status rules, raising with a supplier, the officer's
screens, and who may do what."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup.models import Finding, FindingSupplier, RiskAssessment
from followup.research import services
from tests import factories as f

from .factories import FindingFactory, link

S = Finding.Status


@pytest.fixture
def new_finding(buyer, supplier_a, supplier_b):
    finding = FindingFactory(buyer=buyer)
    link(finding, supplier_a)
    link(finding, supplier_b)
    return finding


def _at(finding, status):
    Finding.objects.filter(pk=finding.pk).update(status=status)
    finding.refresh_from_db()
    return finding


# --- Transitions -------------------------------------------------------------------------


def test_raising_with_one_supplier_makes_a_new_finding_raised_for_that_supplier_only(
    new_finding, supplier_a, supplier_b, officer
):
    assert services.finding_raise(finding=new_finding, supplier=supplier_a, actor=officer) is True
    new_finding.refresh_from_db()
    assert new_finding.status == S.RAISED
    a = FindingSupplier.objects.get(finding=new_finding, supplier=supplier_a)
    b = FindingSupplier.objects.get(finding=new_finding, supplier=supplier_b)
    assert a.raised_at is not None and a.raised_by == officer
    assert b.raised_at is None
    # Raising again with the same supplier changes nothing.
    assert services.finding_raise(finding=new_finding, supplier=supplier_a, actor=officer) is False


def test_raising_with_a_second_supplier_keeps_the_status(new_finding, supplier_a, supplier_b, officer):
    services.finding_raise(finding=new_finding, supplier=supplier_a, actor=officer)
    services.finding_transition(finding=new_finding, status=S.REMEDYING, actor=officer)
    services.finding_raise(finding=new_finding, supplier=supplier_b, actor=officer)
    new_finding.refresh_from_db()
    assert new_finding.status == S.REMEDYING


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.RAISED, S.REMEDYING),
        (S.RAISED, S.DISPUTED),
        (S.REMEDYING, S.CLOSED),
        (S.REMEDYING, S.DISPUTED),
        (S.DISPUTED, S.REMEDYING),
        (S.DISPUTED, S.CLOSED),
    ],
)
def test_allowed_transitions(new_finding, officer, start, target):
    _at(new_finding, start)
    services.finding_transition(finding=new_finding, status=target, actor=officer)
    new_finding.refresh_from_db()
    assert new_finding.status == target


@pytest.mark.parametrize(
    ("start", "target", "code"),
    [
        (S.NEW, S.REMEDYING, "not_allowed"),
        (S.NEW, S.CLOSED, "not_allowed"),
        (S.NEW, S.RAISED, "raise_with_supplier"),
        (S.NEW, S.DISPUTED, "not_disputable"),
        (S.CLOSED, S.DISPUTED, "not_disputable"),
        (S.RAISED, S.CLOSED, "not_allowed"),
        (S.CLOSED, S.RAISED, "raise_with_supplier"),
        (S.REMEDYING, S.REMEDYING, "unchanged"),
    ],
)
def test_refused_transitions(new_finding, officer, start, target, code):
    _at(new_finding, start)
    with pytest.raises(ValidationError) as exc:
        services.finding_transition(finding=new_finding, status=target, actor=officer)
    assert exc.value.code == code
    new_finding.refresh_from_db()
    assert new_finding.status == start


def test_reopening_a_closed_finding_needs_a_reason_kept_in_the_history(new_finding, officer):
    _at(new_finding, S.CLOSED)
    with pytest.raises(ValidationError) as exc:
        services.finding_transition(finding=new_finding, status=S.REMEDYING, actor=officer, reason="  ")
    assert "reason" in exc.value.error_dict
    services.finding_transition(
        finding=new_finding, status=S.REMEDYING, actor=officer, reason="New audit shows overtime again"
    )
    new_finding.refresh_from_db()
    assert new_finding.status == S.REMEDYING
    latest = new_finding.history.order_by("-history_date").first()
    assert latest.history_change_reason == "New audit shows overtime again"
    assert latest.history_user == officer


def test_a_closed_finding_cannot_be_raised(new_finding, supplier_a, officer):
    _at(new_finding, S.CLOSED)
    with pytest.raises(ValidationError) as exc:
        services.finding_raise(finding=new_finding, supplier=supplier_a, actor=officer)
    assert exc.value.code == "closed"
    assert FindingSupplier.objects.get(finding=new_finding, supplier=supplier_a).raised_at is None


def test_raising_needs_the_text_for_the_supplier(new_finding, supplier_a, officer):
    Finding.objects.filter(pk=new_finding.pk).update(supplier_summary="")
    new_finding.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.finding_raise(finding=new_finding, supplier=supplier_a, actor=officer)
    assert exc.value.code == "no_supplier_text"


def test_a_finding_cannot_be_raised_with_a_supplier_it_does_not_concern(buyer, supplier_a, supplier_b, officer):
    finding = FindingFactory(buyer=buyer)
    link(finding, supplier_a)
    with pytest.raises(ValidationError) as exc:
        services.finding_raise(finding=finding, supplier=supplier_b, actor=officer)
    assert exc.value.code == "not_concerned"


def test_an_archived_finding_refuses_every_change(new_finding, supplier_a, officer):
    services.finding_set_archived(finding=new_finding, actor=officer, archived=True)
    with pytest.raises(ValidationError):
        services.finding_raise(finding=new_finding, supplier=supplier_a, actor=officer)
    assert services.allowed_transitions(new_finding) == []


# --- Saving ------------------------------------------------------------------------------


def test_save_creates_links_and_refuses_dropping_a_supplier_already_raised(buyer, supplier_a, supplier_b, officer):
    site_a = f.SiteFactory(supplier=supplier_a)
    finding = Finding(
        buyer=buyer,
        title="Hazardous solvents",
        summary="x",
        supplier_summary="y",
        source_kind="grievance",
        source_title="Hotline",
        issue_type="chemicals",
        severity=3,
        likelihood=2,
    )
    services.finding_save(finding=finding, actor=officer, suppliers=[supplier_a, supplier_b], sites=[site_a])
    assert finding.status == S.NEW and finding.recorded_by == officer
    assert set(finding.supplier_links.values_list("supplier", flat=True)) == {supplier_a.pk, supplier_b.pk}
    services.finding_raise(finding=finding, supplier=supplier_a, actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.finding_save(finding=finding, actor=officer, suppliers=[supplier_b])
    assert "suppliers" in exc.value.error_dict
    # An unraised supplier can be taken off.
    services.finding_save(finding=finding, actor=officer, suppliers=[supplier_a], sites=[site_a])
    assert list(finding.supplier_links.values_list("supplier", flat=True)) == [supplier_a.pk]


def test_save_refuses_a_site_of_a_supplier_not_chosen(buyer, supplier_a, supplier_b, officer):
    finding = FindingFactory.build(buyer=buyer)
    with pytest.raises(ValidationError) as exc:
        services.finding_save(
            finding=finding, actor=officer, suppliers=[supplier_a], sites=[f.SiteFactory(supplier=supplier_b)]
        )
    assert "sites" in exc.value.error_dict


def test_save_refuses_another_buyers_lot(buyer, other_buyer, supplier_a, officer):
    finding = FindingFactory.build(buyer=buyer)
    foreign = f.LotFactory(agreement=f.AgreementFactory(buyer=other_buyer))
    with pytest.raises(ValidationError) as exc:
        services.finding_save(finding=finding, actor=officer, suppliers=[supplier_a], lots=[foreign])
    assert "lots" in exc.value.error_dict


def test_changing_a_finding_recomputes_the_suppliers_risk(buyer, award_a, supplier_a, officer):
    finding = FindingFactory.build(buyer=buyer, severity=4, likelihood=4)
    services.finding_save(finding=finding, actor=officer, suppliers=[supplier_a])
    first = RiskAssessment.objects.filter(buyer=buyer, supplier=supplier_a).count()
    assert first == 1
    services.finding_raise(finding=finding, supplier=supplier_a, actor=officer)
    services.finding_transition(finding=finding, status=S.REMEDYING, actor=officer)
    services.finding_transition(finding=finding, status=S.CLOSED, actor=officer)
    rows = list(RiskAssessment.objects.filter(buyer=buyer, supplier=supplier_a).order_by("created_at", "pk"))
    # Raising and remedying do not change the figure; closing takes the finding's +8 away.
    assert len(rows) == 2
    assert rows[0].residual_score - rows[1].residual_score == 8


# --- Screens -----------------------------------------------------------------------------


def test_officer_records_a_finding_through_the_form(officer_client, buyer, supplier_a, lot):
    site = f.SiteFactory(supplier=supplier_a, name="Chongqing Plant 3")
    from criteria.models import IloInstrument

    c1 = IloInstrument.objects.create(
        code="C1", title_nb="Arbeidstid", title_en="Hours of work", year=1919, principle="conditions"
    )
    response = officer_client.post(
        reverse("findings:create"),
        {
            "title": "Interns on night shifts",
            "source_kind": "ngo_report",
            "source_title": "Learning on the line",
            "source_publisher": "Invented Watch",
            "source_url": "https://watch.example.org/r",
            "source_date": "2026-03-12",
            "suppliers": [supplier_a.pk],
            "sites": [site.pk],
            "lots": [lot.pk],
            "issue_type": "student_agency",
            "ilo_instruments": [c1.pk],
            "country": "CN",
            "severity": "4",
            "likelihood": "3",
            "summary": "Internal wording",
            "supplier_summary": "Text for the supplier",
            "internal_notes": "",
            "language": "en",
        },
    )
    finding = Finding.objects.get(title="Interns on night shifts")
    assert finding.language == "en"  # its text is marked lang="en" on Bokmål pages
    assert response.status_code == 302 and response.url == reverse("findings:detail", args=[finding.public_id])
    assert finding.buyer == buyer and finding.status == S.NEW
    assert list(finding.sites.all()) == [site] and list(finding.lots.all()) == [lot]
    assert list(finding.ilo_instruments.all()) == [c1]
    page = officer_client.get(response.url).content.decode()
    assert "Interns on night shifts" in page and "Not raised: the supplier does not see it" in page


def test_officer_raises_and_changes_status_from_the_page(officer_client, new_finding, supplier_a):
    url = reverse("findings:detail", args=[new_finding.public_id])
    officer_client.post(reverse("findings:raise", args=[new_finding.public_id]), {"supplier": supplier_a.public_id})
    new_finding.refresh_from_db()
    assert new_finding.status == S.RAISED
    response = officer_client.post(
        reverse("findings:transition", args=[new_finding.public_id]), {"status": "closed", "reason": ""}, follow=True
    )
    assert response.redirect_chain[-1][0] == url
    assert "cannot go from" in response.content.decode()
    officer_client.post(reverse("findings:transition", args=[new_finding.public_id]), {"status": "remedying"})
    new_finding.refresh_from_db()
    assert new_finding.status == S.REMEDYING


def test_list_filters(officer_client, buyer, supplier_a, supplier_b):
    a = FindingFactory(buyer=buyer, title="Passports withheld", issue_type="recruitment", country="MY", severity=4)
    link(a, supplier_a)
    b = FindingFactory(buyer=buyer, title="Solvents without gloves", issue_type="chemicals", country="TH", severity=2)
    link(b, supplier_b)
    FindingFactory(buyer=buyer, title="Closed one", status="closed")
    url = reverse("findings:list")

    def titles(**params):
        page = officer_client.get(url, params).content.decode()
        return {t for t in ("Passports withheld", "Solvents without gloves", "Closed one") if t in page}

    assert titles() == {"Passports withheld", "Solvents without gloves", "Closed one"}
    assert titles(search="passport") == {"Passports withheld"}
    assert titles(issue_type="chemicals") == {"Solvents without gloves"}
    assert titles(severity="4") == {"Passports withheld"}
    assert titles(supplier=str(supplier_b.public_id)) == {"Solvents without gloves"}
    assert titles(country="MY") == {"Passports withheld"}
    assert titles(finding_status="open") == {"Passports withheld", "Solvents without gloves"}
    assert titles(finding_status="closed") == {"Closed one"}
    # The supplier filter offers the suppliers of the buyer's findings, the chosen one selected.
    page = officer_client.get(url, {"supplier": str(supplier_b.public_id)}).content.decode()
    assert f'<option value="{supplier_b.public_id}" selected>{supplier_b.legal_name}</option>' in page
    assert f'<option value="{supplier_a.public_id}">{supplier_a.legal_name}</option>' in page


def test_another_buyers_officer_gets_404_on_every_finding_url(other_officer_client, finding_a, supplier_a):
    for name in ("detail", "edit"):
        assert other_officer_client.get(reverse(f"findings:{name}", args=[finding_a.public_id])).status_code == 404
    for name in ("transition", "raise", "archive", "restore"):
        response = other_officer_client.post(
            reverse(f"findings:{name}", args=[finding_a.public_id]), {"status": "remedying", "supplier": "x"}
        )
        assert response.status_code == 404
    assert "Student interns" not in other_officer_client.get(reverse("findings:list")).content.decode()


def test_manager_reads_but_every_write_is_403(manager_client, finding_a, supplier_a):
    assert manager_client.get(reverse("findings:list")).status_code == 200
    page = manager_client.get(reverse("findings:detail", args=[finding_a.public_id]))
    assert page.status_code == 200
    assert "Change the status" not in page.content.decode()
    assert manager_client.get(reverse("findings:create")).status_code == 403
    assert manager_client.get(reverse("findings:edit", args=[finding_a.public_id])).status_code == 403
    for name in ("transition", "raise", "archive"):
        response = manager_client.post(reverse(f"findings:{name}", args=[finding_a.public_id]), {"status": "remedying"})
        assert response.status_code == 403
    finding_a.refresh_from_db()
    assert finding_a.status == S.RAISED and not finding_a.is_archived


def test_supplier_users_get_403_on_staff_finding_pages(supplier_a_client, finding_a):
    assert supplier_a_client.get(reverse("findings:list")).status_code == 403
    assert supplier_a_client.get(reverse("findings:detail", args=[finding_a.public_id])).status_code == 403
