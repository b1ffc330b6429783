"""One definition of the submission rate: the dashboard, its trend, the leadership PDF
and the leadership email show the same figure with the same words, in each language;
monthly and quarterly reports cover the previous complete period; an officer previews
a subscription's next report and sends it now, once."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from followup.models import ReportDelivery, ReportRecipient, ReportRun, ReportSubscription
from followup.reports import figures, services, tasks
from tests.conftest import client_for

# The worked data: 6 self-assessments asked for, 4 submitted (3 on time, 1 late), 1
# overdue, 1 not due yet.
EN = "4 of 6 invited submitted (67 %)"
NB = "4 av 6 inviterte har levert (67 %)"


def _pdf_text(content):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_rate_says_of_what():
    assert figures.SubmissionRate(submitted=1, invited=5).text() == "1 of 5 invited submitted (20 %)"
    assert figures.SubmissionRate(submitted=0, invited=0).percent is None
    assert "No supplier has been invited" in figures.SubmissionRate(submitted=0, invited=0).text()


@pytest.mark.parametrize("language, expected", [("en", EN), ("nb", NB)])
def test_page_pdf_and_email_agree(client, manager, buyer, world, language, expected):
    manager.language = language
    manager.save()
    html = client_for(client, manager).get(reverse("reports:dashboard")).content.decode()
    assert expected in html

    # After the round: a report on the whole buyer, not narrowed to a month, as the page.
    subscription = ReportSubscription.objects.create(
        buyer=buyer, kind="buyer", schedule="after_round", language=language
    )
    ReportRecipient.objects.create(subscription=subscription, name="Kari Leder", email="kari@oslo.example")
    tasks.send_due_reports.delay()
    message = mail.outbox[0]
    assert expected in message.body and expected in message.alternatives[0][0]
    # The attached PDF is the leadership report: it states the same figure.
    assert expected in _pdf_text(message.attachments[0][1])
    # And so does a PDF asked for on the dashboard (no period filter).
    content, _pages, _summary = services.report_pdf(buyer=buyer, kind="buyer", language=language)
    assert expected in _pdf_text(content)


def test_the_trend_uses_the_same_definition(buyer, world):
    figs = figures.dashboard_figures(buyer, figures.Filters())
    for row in figs["trend"].rows:
        invited, submitted, rate = (cell.value for cell in row.cells[:3])
        assert rate == figures.SubmissionRate(submitted=submitted, invited=invited).percent


def test_the_round_list_words_it_the_same_way(officer_client, world):
    html = officer_client.get(reverse("followup:round_list")).content.decode()
    assert "2 of 3 invited submitted (67 %)" in html  # the spring round


@pytest.mark.parametrize(
    "today, month, quarter",
    [
        (datetime.date(2027, 3, 3), "2027-02", "2026-Q4"),
        (datetime.date(2028, 3, 1), "2028-02", "2027-Q4"),
        (datetime.date(2027, 1, 1), "2026-12", "2026-Q4"),
        (datetime.date(2027, 4, 3), "2027-03", "2027-Q1"),
        (datetime.date(2027, 12, 31), "2027-11", "2027-Q3"),
    ],
)
def test_previous_complete_month_and_quarter(today, month, quarter):
    assert services.previous_month_key(today) == month
    assert services.previous_quarter_key(today) == quarter


def test_period_bounds():
    assert services.period_bounds("2027-02") == (datetime.date(2027, 2, 1), datetime.date(2027, 2, 28))
    assert services.period_bounds("2028-02") == (datetime.date(2028, 2, 1), datetime.date(2028, 2, 29))
    assert services.period_bounds("2026-Q4") == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert services.period_bounds("round:x") is None


@time_machine.travel(datetime.datetime(2027, 3, 3, 7, 0, tzinfo=datetime.UTC), tick=False)
def test_a_report_sent_on_3_march_covers_february(buyer, world):
    subscription = ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="monthly", language="en")
    ReportRecipient.objects.create(subscription=subscription, name="Kari", email="kari@oslo.example")
    tasks.send_due_reports.delay()
    (message,) = mail.outbox
    assert message.subject.endswith("February 2027")
    run = ReportRun.objects.get(subscription=subscription)
    assert run.options == {"date_from": "2027-02-01", "date_to": "2027-02-28"}
    text = _pdf_text(message.attachments[0][1])
    assert "Period: February 2027" in text and "from 02/01/2027 to 02/28/2027" in text


@time_machine.travel(datetime.datetime(2027, 3, 3, 7, 0, tzinfo=datetime.UTC), tick=False)
def test_officer_previews_the_next_report(client, officer, buyer, world, on_commit):
    officer_client = client_for(client, officer)  # logged in at the travelled time
    subscription = ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="quarterly", language="nb")
    page = officer_client.get(subscription.get_absolute_url()).content.decode()
    assert "Quarter 4 2026" in page and "Preview the PDF" in page
    with on_commit(execute=True):
        response = officer_client.post(reverse("reports:subscription_preview", args=[subscription.public_id]))
    run = ReportRun.objects.get(period_key="2026-Q4")
    assert response.url == run.get_absolute_url()
    assert run.status == "done" and run.language == "nb" and run.subscription is None
    assert run.options == {"date_from": "2026-10-01", "date_to": "2026-12-31"}
    detail = officer_client.get(run.get_absolute_url()).content.decode()
    assert "Quarter 4 2026" in detail and "10/01/2026" in detail
    pdf = officer_client.get(reverse("reports:run_download", args=[run.public_id]))
    assert "Periode: 4. kvartal 2026" in _pdf_text(b"".join(pdf.streaming_content))
    assert not mail.outbox and not ReportDelivery.objects.exists()  # a preview sends nothing


@time_machine.travel(datetime.datetime(2027, 3, 3, 7, 0, tzinfo=datetime.UTC), tick=False)
def test_send_now_sends_once_however_often_it_is_pressed(client, officer, buyer, world, on_commit):
    officer_client = client_for(client, officer)
    subscription = ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="monthly", language="en")
    ReportRecipient.objects.create(subscription=subscription, name="Kari", email="kari@oslo.example")
    ReportRecipient.objects.create(subscription=subscription, name="Ola", email="ola@oslo.example", language="nb")
    url = reverse("reports:subscription_send_now", args=[subscription.public_id])
    with on_commit(execute=True):
        first = officer_client.post(url, follow=True)
    assert "being sent to 2 recipients" in first.content.decode()
    with on_commit(execute=True):
        second = officer_client.post(url, follow=True)  # the double click
    assert "already had the report for February 2027" in second.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["kari@oslo.example", "ola@oslo.example"]
    assert set(ReportDelivery.objects.values_list("period_key", "status")) == {("2027-02", "sent")}
    # The morning job sends nothing again.
    tasks.send_due_reports.delay()
    assert len(mail.outbox) == 2
    assert officer_client.get(url).status_code == 405


def test_send_now_needs_write_access(manager_client, buyer, world):
    subscription = ReportSubscription.objects.create(buyer=buyer, kind="buyer", schedule="monthly", language="en")
    ReportRecipient.objects.create(subscription=subscription, name="Kari", email="kari@oslo.example")
    response = manager_client.post(reverse("reports:subscription_send_now", args=[subscription.public_id]))
    assert response.status_code in (302, 403) and not mail.outbox
