"""Two requests at the same moment, on the real PostgreSQL (row locks do not exist on
SQLite): two tabs saving one answer, two clicks on Submit. Skips locally without
DATABASE_URL; fails under CI=true instead."""

import threading

import pytest
from django.db import connection

from followup import services
from followup.models import Answer, Assessment
from tests import needs

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql():
    needs.postgresql()


def _at_once(*calls):
    """Run the calls in threads released together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # the result under test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_tabs_saving_one_answer_at_once(assessment_a, questions):
    def save(text):
        return lambda: services.answer_save(
            assessment=Assessment.objects.get(pk=assessment_a.pk),
            question=questions[2],
            values={"text": text},
            expected_revision=0,
            actor=None,
        )

    results = _at_once(save("first tab"), save("second tab"))
    saved = [r for r in results if isinstance(r, Answer)]
    conflicts = [r for r in results if isinstance(r, services.RevisionConflict)]
    assert len(saved) == 1 and len(conflicts) == 1, results
    answer = Answer.objects.get(assessment=assessment_a, question=questions[2])
    assert (answer.text, answer.revision) == (saved[0].text, 1)


def test_two_submits_at_once_submit_once(assessment_a, questions, officer, mailoutbox):
    for question in questions[:2]:
        services.answer_save(
            assessment=assessment_a, question=question, values={"choice": "yes"}, expected_revision=0, actor=None
        )

    def submit():
        return services.assessment_submit(assessment=Assessment.objects.get(pk=assessment_a.pk), actor=None)

    assert sorted(_at_once(submit, submit), key=str) == [False, True]
    assessment_a.refresh_from_db()
    assert assessment_a.status == Assessment.Status.SUBMITTED
    assert assessment_a.history.filter(status=Assessment.Status.SUBMITTED).count() == 1
    assert len(mailoutbox) == 1
