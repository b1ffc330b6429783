"""`make load`'s check of the saves (bench/load.py ``verify``): every save the server
acknowledged must be in the answer's history exactly once, at the acknowledged revision, and
the answer must hold the last one. The check itself must catch a lost, a duplicated and a
misplaced save, or the load test's verdict would mean nothing."""

import json

import pytest

from bench import load
from followup.models import Answer, Question
from tests.followup.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db

RUN = "1234"


def _saves(n=3):
    answer = AnswerFactory(
        question=QuestionFactory(order=load.TEXT_QUESTION, answer_type=Question.AnswerType.TEXT), text="", revision=0
    )
    key = str(answer.assessment.public_id)
    acked = []
    for number in range(1, n + 1):
        token = f"load {RUN} {key} {number} x"
        answer.text, answer.revision = token, number
        answer.save()  # one history row per save, as answer_save writes it
        acked.append([token, number])
    return answer, {key: {"acked": acked, "sent": None, "saves": n}}


def _verify(tmp_path, tokens, capsys):
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps(tokens))
    load.verify(str(path), RUN)
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_every_acknowledged_save_found_once(tmp_path, capsys):
    _answer, tokens = _saves()
    result = _verify(tmp_path, tokens, capsys)
    assert result["acknowledged_saves"] == result["acknowledged_saves_in_history_once"] == 3
    assert result["lost_saves"] == result["duplicated_saves"] == result["wrong_revision"] == 0
    assert result["answers_not_at_last_save"] == 0


def test_a_lost_save_a_duplicate_and_a_wrong_revision_are_caught(tmp_path, capsys):
    answer, tokens = _saves()
    key = str(answer.assessment.public_id)
    tokens[key]["acked"].append([f"load {RUN} {key} 4 lost", 4])  # acknowledged, never written
    tokens[key]["acked"][1][1] = 7  # acknowledged at another revision than written
    history = Answer.history.filter(text=tokens[key]["acked"][0][0]).get()
    history.pk = None
    history.history_id = None
    history.save()  # the first save written twice
    result = _verify(tmp_path, tokens, capsys)
    assert (result["lost_saves"], result["duplicated_saves"], result["wrong_revision"]) == (1, 1, 1)
    assert result["answers_not_at_last_save"] == 1  # the answer holds save 3, not the lost 4
