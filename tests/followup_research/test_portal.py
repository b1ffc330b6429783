"""The supplier portal's findings: a supplier sees only findings raised with its own
organisation, and of those only what is meant for it."""

from django.urls import reverse

from followup.models import FindingSupplier

from .factories import FindingFactory, link


def test_supplier_a_sees_the_raised_finding_without_internal_wording(supplier_a_client, finding_a, supplier_b):
    link(finding_a, supplier_b)  # concerns B too, but not raised with B
    listing = supplier_a_client.get(reverse("portal_findings:list")).content.decode()
    assert finding_a.title in listing
    page = supplier_a_client.get(reverse("portal_findings:detail", args=[finding_a.public_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert finding_a.supplier_summary in html
    assert finding_a.source_title in html and finding_a.source_publisher in html and finding_a.source_url in html
    assert "INTERNAL-SUMMARY" not in html
    assert "INTERNAL-NOTE" not in html
    assert supplier_b.legal_name not in html  # other suppliers concerned never appear


def test_supplier_b_never_sees_a_finding_raised_only_with_a(supplier_b_client, finding_a, supplier_b):
    link(finding_a, supplier_b)  # B is concerned but the finding is not raised with B
    listing = supplier_b_client.get(reverse("portal_findings:list")).content.decode()
    assert finding_a.title not in listing
    assert supplier_b_client.get(reverse("portal_findings:detail", args=[finding_a.public_id])).status_code == 404
    response = supplier_b_client.post(
        reverse("portal_findings:detail", args=[finding_a.public_id]), {"supplier_response": "hijack"}
    )
    assert response.status_code == 404
    assert not FindingSupplier.objects.filter(supplier_response="hijack").exists()


def test_unraised_and_archived_findings_stay_hidden(supplier_a_client, buyer, supplier_a):
    unraised = FindingFactory(buyer=buyer, title="Not yet raised")
    link(unraised, supplier_a)
    archived = FindingFactory(buyer=buyer, title="Archived one")
    link(archived, supplier_a, raised=True)
    archived.archived_at = archived.created_at
    archived.save()
    listing = supplier_a_client.get(reverse("portal_findings:list")).content.decode()
    assert "Not yet raised" not in listing and "Archived one" not in listing
    for finding in (unraised, archived):
        assert supplier_a_client.get(reverse("portal_findings:detail", args=[finding.public_id])).status_code == 404


def test_supplier_responds_and_every_version_is_kept(supplier_a_client, finding_a, supplier_a):
    url = reverse("portal_findings:detail", args=[finding_a.public_id])
    supplier_a_client.post(url, {"supplier_response": "We stopped intern intakes."})
    supplier_a_client.post(url, {"supplier_response": "We stopped intern intakes and capped overtime."})
    link_a = FindingSupplier.objects.get(finding=finding_a, supplier=supplier_a)
    assert link_a.supplier_response == "We stopped intern intakes and capped overtime."
    versions = [row.supplier_response for row in link_a.history.order_by("history_date")]
    assert "We stopped intern intakes." in versions
    assert supplier_a_client.post(url, {"supplier_response": ""}).status_code == 400


def test_a_closed_finding_takes_no_more_responses(supplier_a_client, finding_a, supplier_a):
    finding_a.status = "closed"
    finding_a.save()
    url = reverse("portal_findings:detail", args=[finding_a.public_id])
    assert "This finding is closed." in supplier_a_client.get(url).content.decode()
    supplier_a_client.post(url, {"supplier_response": "late"})
    assert FindingSupplier.objects.get(finding=finding_a, supplier=supplier_a).supplier_response == ""


def test_staff_get_403_in_the_findings_portal(officer_client, finding_a):
    assert officer_client.get(reverse("portal_findings:list")).status_code == 403
    assert officer_client.get(reverse("portal_findings:detail", args=[finding_a.public_id])).status_code == 403
