"""Asking for a PDF on screen: the run renders (at once with eager Celery), its status
page polls, the PDF downloads; another buyer's staff get 404, supplier users 403."""

import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from followup.models import ReportDelivery, ReportRecipient, ReportRun, ReportSubscription

from . import worked
from .worked import done_run


def every_report_url(buyer, world):
    run = done_run(buyer)
    subscription = ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="monthly")
    recipient = ReportRecipient.objects.create(subscription=subscription, name="Leader", email="leader@oslo.example")
    delivery = ReportDelivery.objects.create(
        subscription=subscription,
        period_key="2026-11",
        recipient_name="Leader",
        recipient_email="leader@oslo.example",
        language="en",
        status="failed",
    )
    return [
        reverse("reports:home"),
        reverse("reports:dashboard"),
        reverse("reports:drilldown", args=["risk"]) + "?key=high",
        reverse("reports:run_create"),
        reverse("reports:run_detail", args=[run.public_id]),
        reverse("reports:run_status", args=[run.public_id]),
        reverse("reports:run_download", args=[run.public_id]),
        reverse("reports:subscription_list"),
        reverse("reports:subscription_create"),
        reverse("reports:subscription_detail", args=[subscription.public_id]),
        reverse("reports:subscription_edit", args=[subscription.public_id]),
        reverse("reports:subscription_preview", args=[subscription.public_id]),
        reverse("reports:subscription_send_now", args=[subscription.public_id]),
        reverse("reports:recipient_add", args=[subscription.public_id]),
        reverse("reports:recipient_remove", args=[recipient.public_id]),
        reverse("reports:delivery_log"),
        reverse("reports:delivery_resend", args=[delivery.public_id]),
    ]


def test_manager_asks_for_a_summary_and_downloads_it(manager_client, manager, buyer, world, on_commit):
    with on_commit(execute=True):
        response = manager_client.post(
            reverse("reports:run_create"),
            {"kind": "agreement", "agreement": world["agreement_a"].public_id, "language": "en"},
        )
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == run.get_absolute_url()
    assert run.status == ReportRun.Status.DONE  # eager Celery: rendered on commit
    assert run.requested_by == manager and run.agreement == world["agreement_a"]
    page = manager_client.get(run.get_absolute_url()).content.decode()
    assert "Download the PDF" in page and "hx-get" not in page
    download = manager_client.get(reverse("reports:run_download", args=[run.public_id]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert len(reader.pages) == run.pages
    assert "Agreement 2026/A PCs and monitors" in " ".join(reader.pages[0].extract_text().split())


def test_dashboard_filters_go_into_the_pdf(manager_client, buyer, world, on_commit):
    lot = world["lot_monitors"]
    with on_commit(execute=True):
        manager_client.post(
            reverse("reports:run_create"),
            {
                "kind": "agreement",
                "agreement": lot.agreement.public_id,
                "lot": lot.public_id,
                "date_from": "2020-01-01",
                "language": "nb",
            },
        )
    run = ReportRun.objects.get()
    assert run.options == {"lot": str(lot.public_id), "date_from": "2020-01-01"}
    assert run.status == "done" and run.language == "nb"


def test_status_page_polls_while_the_pdf_is_being_made(manager_client, buyer, world):
    run = ReportRun.objects.create(buyer=buyer, kind="buyer", language="en")
    page = manager_client.get(run.get_absolute_url()).content.decode()
    assert f'hx-get="{reverse("reports:run_status", args=[run.public_id])}"' in page
    assert 'hx-trigger="every 1s"' in page
    assert manager_client.get(reverse("reports:run_download", args=[run.public_id])).status_code == 404
    ReportRun.objects.filter(pk=run.pk).update(status="done", file_path="private/reports/x.pdf", pages=3)
    fragment = manager_client.get(reverse("reports:run_status", args=[run.public_id]), HTTP_HX_REQUEST="true")
    assert "Download the PDF" in fragment.content.decode() and "hx-get" not in fragment.content.decode()


def test_a_failed_rendering_says_so(manager_client, buyer, world, monkeypatch, on_commit):
    from followup.reports import services

    def broken(**kwargs):
        raise RuntimeError("pango went away")

    monkeypatch.setattr(services, "report_pdf", broken)
    with on_commit(execute=True):
        manager_client.post(reverse("reports:run_create"), {"kind": "buyer", "language": "en"})
    run = ReportRun.objects.get()
    assert run.status == "failed" and "pango went away" in run.error
    assert "could not be made" in manager_client.get(run.get_absolute_url()).content.decode()


def test_rendering_twice_renders_once(buyer, world, monkeypatch):
    from followup.reports import services

    run = ReportRun.objects.create(buyer=buyer, kind="buyer", language="en")
    calls = []
    real = services.report_pdf
    monkeypatch.setattr(services, "report_pdf", lambda **kw: calls.append(1) or real(**kw))
    assert services.report_render(run_id=run.pk).status == "done"
    assert services.report_render(run_id=run.pk) is None
    assert len(calls) == 1


def test_supplier_report_from_the_reports_page(officer_client, buyer, world, on_commit):
    page = officer_client.get(reverse("reports:home")).content.decode()
    assert "Nordlys IT AS" in page
    with on_commit(execute=True):
        officer_client.post(
            reverse("reports:run_create"), {"kind": "supplier", "supplier": world["s1"].public_id, "language": "nb"}
        )
    run = ReportRun.objects.get()
    # Cover, contents and at least one page of content (the exact count depends on the language).
    assert run.status == "done" and run.supplier == world["s1"] and run.pages >= 3
    assert "nordlys-it-as" in run.filename


def test_another_buyers_officer_cannot_render_or_download(client, other_officer, buyer, world):
    run = done_run(buyer)
    client.force_login(other_officer)
    for name in ("run_detail", "run_status", "run_download"):
        assert client.get(reverse(f"reports:{name}", args=[run.public_id])).status_code == 404, name
    response = client.post(
        reverse("reports:run_create"),
        {"kind": "agreement", "agreement": world["agreement_a"].public_id, "language": "en"},
    )
    assert response.status_code == 404
    assert ReportRun.objects.count() == 1


def test_another_buyers_supplier_report_holds_only_their_own_records(
    client, other_officer, buyer, world, other_buyer, on_commit
):
    worked.build_other_buyer(other_buyer, world["s1"])
    client.force_login(other_officer)
    with on_commit(execute=True):
        client.post(
            reverse("reports:run_create"), {"kind": "supplier", "supplier": world["s1"].public_id, "language": "en"}
        )
    run = ReportRun.objects.get()
    assert run.buyer == other_buyer
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(default_storage.open(run.file_path, "rb")).pages).split()
    )
    assert "Bergen-only finding" in text
    assert "overtime finding" not in text and "Follow-up 1" not in text


def test_anonymous_is_sent_to_login(client, buyer, world):
    for url in every_report_url(buyer, world):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), url


def test_manager_reads_but_does_not_change_subscriptions(manager_client, buyer, world):
    urls = every_report_url(buyer, world)
    write_only = {
        "subscription_create",
        "subscription_edit",
        "subscription_preview",
        "subscription_send_now",
        "recipient_add",
        "recipient_remove",
        "delivery_resend",
    }
    from django.urls import resolve

    for url in urls:
        name = resolve(url.split("?")[0]).url_name
        if name in write_only:
            assert manager_client.get(url).status_code in (403,), url
            assert manager_client.post(url).status_code == 403, url
        elif name != "run_create":
            assert manager_client.get(url).status_code == 200, url
            assert manager_client.post(url).status_code == 403, url


@pytest.mark.parametrize("language", ["nb", "en"])
def test_render_report_command(buyer, world, tmp_path, language):
    from django.core.management import call_command

    out = tmp_path / "report.pdf"
    call_command("render_report", "supplier", world["s1"].org_number, "--lang", language, "--out", str(out))
    reader = PdfReader(str(out))
    first = reader.pages[0].extract_text()
    assert ("Side 1 av" if language == "nb" else "Page 1 of") in first
    call_command("render_report", "agreement", "2026/B", "--out", str(out), "--buyer", "Oslo kommune")
    assert "Tablettverket AS" in " ".join(p.extract_text() for p in PdfReader(str(out)).pages)


def test_render_report_command_with_several_buyers(buyer, other_buyer, world, tmp_path):
    """With two buyers the command names them and asks for one; --buyer takes the name or
    the organisation number; a supplier report is refused for a buyer the supplier has no
    award with (its follow-up belongs to another buyer)."""
    from django.core.management import CommandError, call_command

    out = tmp_path / "summary.pdf"
    with pytest.raises(CommandError, match="several buyers") as refused:
        call_command("render_report", "buyer", "--out", str(out))
    assert "Oslo kommune" in str(refused.value) and "Bergen kommune" in str(refused.value)
    assert not out.exists()

    for name in ("Oslo kommune", buyer.org_number):
        call_command("render_report", "buyer", "--lang", "en", "--out", str(out), "--buyer", name)
        text = " ".join(page.extract_text() for page in PdfReader(str(out)).pages)
        assert "Leadership summary" in text and "Oslo kommune" in text and "Bergen kommune" not in text
        out.unlink()

    with pytest.raises(CommandError, match="no award"):
        call_command(
            "render_report", "supplier", world["s1"].org_number, "--out", str(out), "--buyer", "Bergen kommune"
        )
    with pytest.raises(CommandError, match="No active buyer"):
        call_command("render_report", "buyer", "--out", str(out), "--buyer", "Trondheim kommune")
    assert not out.exists()


def test_supplier_page_panel_asks_for_the_report(officer_client, buyer, world, on_commit, monkeypatch):
    from followup.reports import panels as report_panels
    from suppliers import panels

    if report_panels.supplier_report_panel not in panels._panels:  # until FollowupConfig.ready() imports it
        monkeypatch.setattr(panels, "_panels", [*panels._panels, report_panels.supplier_report_panel])
    page = officer_client.get(world["s1"].get_absolute_url()).content.decode()
    assert "Follow-up report" in page and f'name="supplier" value="{world["s1"].public_id}"' in page
    with on_commit(execute=True):
        officer_client.post(
            reverse("reports:run_create"), {"kind": "supplier", "supplier": world["s1"].public_id, "language": "en"}
        )
    assert ReportRun.objects.get().supplier == world["s1"]
