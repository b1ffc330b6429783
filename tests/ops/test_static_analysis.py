"""Static analysis, offline: bandit finds nothing of medium or high severity in the
project's code, the project's own semgrep rules (.semgrep/rules.yml) find nothing, and
each rule really fires on a sample of the pattern it is for (and not on the safe form)."""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SEMGREP = [str(BIN / "semgrep"), "scan", "--config", str(ROOT / ".semgrep" / "rules.yml")]
SEMGREP += ["--metrics=off", "--disable-version-check", "--json", "--quiet"]

VIEWS = """
from django.core.files.storage import default_storage
from django.db import connection
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt


def unscoped(request, public_id):
    a = Supplier.objects.get(public_id=public_id)  # expect: oslo-unscoped-lookup-in-view
    b = get_object_or_404(Finding, public_id=public_id)  # expect: oslo-unscoped-lookup-in-view
    c = get_object_or_404(Finding.objects.select_related("buyer"), pk=public_id)  # expect: oslo-unscoped-lookup-in-view
    d = Finding.objects.filter(public_id=public_id).first()  # expect: oslo-unscoped-lookup-in-view
    return a, b, c, d


def scoped(request, public_id, buyer, supplier, assessment):
    a = get_object_or_404(Finding, public_id=public_id, buyer=buyer)
    b = Finding.objects.filter(public_id=public_id, round__agreement__buyer=buyer).first()
    c = get_object_or_404(Evidence.objects.select_related("supplier"), public_id=public_id, supplier=supplier)
    d = get_object_or_404(assessment.round.questionnaire.questions, public_id=public_id)
    e = Criterion.objects.get(code="SEL-9")
    f = get_object_or_404(ApiToken, public_id=public_id, user=request.user)
    return a, b, c, d, e, f


def markup(request, name):
    a = mark_safe(request.GET["name"])  # expect: oslo-mark-safe-on-non-literal
    b = mark_safe("<br>")
    c = format_html(f"<b>{name}</b>")  # expect: oslo-format-html-preformatted
    d = format_html("<b>%s</b>" % name)  # expect: oslo-format-html-preformatted
    e = format_html("<b>{}</b>", name)
    return a, b, c, d, e


@csrf_exempt  # expect: oslo-csrf-exempt
def webhook(request):
    return None


def sql(name):
    a = Supplier.objects.raw(f"SELECT * FROM s WHERE name = '{name}'")  # expect: oslo-sql-string-formatting
    b = Supplier.objects.extra(where=["name = '%s'" % name])  # expect: oslo-sql-string-formatting
    c = Supplier.objects.raw("SELECT * FROM s WHERE name = %s", [name])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM s WHERE name = '" + name + "'")  # expect: oslo-sql-string-formatting
        cursor.execute("DELETE FROM s WHERE name = %s", [name])
    return a, b, c


def files(name):
    return default_storage.path(name)  # expect: oslo-storage-local-path
"""

HELPERS = """
def get_supplier(public_id):
    return Supplier.objects.get(public_id=public_id)  # not a view: the access helpers do this
"""

TEMPLATE = """{% extends "base.html" %}
<p>{{ finding.summary }}</p>
<p>{{ finding.summary|safe }}</p>{# expect: oslo-template-safe-filter #}
<p>{{ finding.summary|linebreaksbr }}</p>
{% autoescape off %}{{ supplier.note }}{% endautoescape %}{# expect: oslo-template-safe-filter #}
"""


def expected(path, text, root):
    return {
        (m.group(1), path.relative_to(root).as_posix(), number)
        for number, line in enumerate(text.splitlines(), start=1)
        if (m := re.search(r"expect: ([\w-]+)", line))
    }


def test_every_rule_fires_on_its_pattern_and_not_on_the_safe_form(tmp_path):
    samples = {
        tmp_path / "app" / "views.py": VIEWS,
        tmp_path / "app" / "helpers.py": HELPERS,
        tmp_path / "templates" / "app" / "page.html": TEMPLATE,
    }
    wanted = set()
    for path, text in samples.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        wanted |= expected(path, text, tmp_path)
    result = subprocess.run([*SEMGREP, "."], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    assert report["errors"] == []
    found = {(r["check_id"].rsplit(".", 1)[-1], r["path"], r["start"]["line"]) for r in report["results"]}
    assert found == wanted
    rules = {rule for rule, _path, _line in wanted}
    assert len(rules) == 7  # every rule in .semgrep/rules.yml


def test_semgrep_finds_nothing_in_the_project():
    result = subprocess.run([*SEMGREP, "--error", "."], cwd=ROOT, capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    findings = [f"{r['path']}:{r['start']['line']} {r['check_id']}" for r in report["results"]]
    assert findings == [] and report["errors"] == []
    assert result.returncode == 0
    scanned = report["paths"]["scanned"]
    assert "followup/views.py" in scanned and "templates/base.html" in scanned
    assert not any(path.startswith((".venv/", "tests/")) for path in scanned)


def test_bandit_finds_nothing_of_medium_or_high_severity():
    result = subprocess.run(
        [str(BIN / "bandit"), "-r", ".", "-x", "./.venv,./tests,./var", "-ll", "-f", "json", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    findings = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]]
    assert findings == []
    assert result.returncode == 0
    assert report["metrics"]["_totals"]["loc"] > 10000  # it really read the project
