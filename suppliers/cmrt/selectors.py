"""Tuned reads for the CMRT screens: each screen's queries stay constant in the number of
reports and smelters."""

from django.db.models import Count, Q

from ..models import CmrtReport, CmrtSmelter, CmrtUpload, SmelterListImport, SmelterReference
from .parser import COMPANY_QUESTIONS, METAL_LABELS, METAL_QUESTIONS, METALS, SCOPES
from .services import ATTENTION_LABELS, ATTENTION_LEVELS, attention_level, cmrt_attention, flags_by_row, references_for


def supplier_reports(supplier, *, scope=None):
    """A supplier's CMRTs, newest first, with their number of smelters; only those in
    ``scope`` (suppliers.access.cmrt_scope, for a buyer's staff) when given."""
    return (
        CmrtReport.objects.filter(scope if scope is not None else Q(), supplier=supplier, archived_at__isnull=True)
        .select_related("evidence", "uploaded_by")
        .annotate(smelter_count=Count("smelters"))
        .order_by("-created_at")
    )


def open_uploads(supplier, *, scope=None):
    """The supplier's large CMRTs still waiting or being read in the background, oldest
    first; only those in ``scope`` (suppliers.access.cmrt_upload_scope, for a buyer's staff)
    when given."""
    waiting = [CmrtUpload.Status.QUEUED, CmrtUpload.Status.PROCESSING]
    qs = CmrtUpload.objects.filter(scope if scope is not None else Q(), supplier=supplier, status__in=waiting)
    return list(qs.order_by("created_at"))


def report_smelters(report):
    return list(CmrtSmelter.objects.filter(report=report).order_by("row"))


def report_detail(report, *, for_supplier=False):
    """Everything the report page shows, in three queries (report, smelters, references).
    ``for_supplier``: the portal's page, without the officer's advice."""
    smelters = report_smelters(report)
    references = references_for(smelters)
    flags = cmrt_attention(report, smelters=smelters, references=references)
    by_row = flags_by_row(flags)
    in_scope = set(report.metals_in_scope or [])
    answers = report.metal_answers or {}
    answer_rows = [
        {
            "number": number,
            "question": question,
            "cells": [
                {
                    "metal": metal,
                    "applies": number in ("1", "2") or metal in in_scope,
                    **(answers.get(number, {}).get(metal) or {"answer": "", "comment": ""}),
                }
                for metal in METALS
            ],
        }
        for number, question in METAL_QUESTIONS.items()
    ]
    company_rows = [
        {"letter": letter, "question": question, **((report.company_answers or {}).get(letter) or {})}
        for letter, question in COMPANY_QUESTIONS.items()
    ]
    counts = {metal: 0 for metal in METALS}
    for smelter in smelters:
        counts[smelter.metal] = counts.get(smelter.metal, 0) + 1
    return {
        "report": report,
        "supplier": report.supplier,
        "show_advice": not for_supplier,
        "flags": flags,
        "report_flags": [f for f in flags if f.row is None],
        "smelter_flag_count": sum(1 for f in flags if f.row is not None),
        "smelter_rows": [
            {"smelter": s, "reference": references.get(s.cid), "flags": by_row.get(s.row, [])} for s in smelters
        ],
        "metals": [
            {"value": m, "label": METAL_LABELS[m], "in_scope": m in in_scope, "count": counts[m]} for m in METALS
        ],
        "metals_in_scope": [METAL_LABELS[m] for m in METALS if m in in_scope],
        "answer_rows": answer_rows,
        "company_rows": company_rows,
        "scope_label": SCOPES.get(report.declaration_scope[:1].upper(), report.declaration_scope),
    }


def smelter_reference_list(*, search="", metal="", rmap_status=""):
    qs = SmelterReference.objects.select_related("last_import")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(cid__icontains=search.strip()) | Q(country__icontains=search))
    if metal:
        qs = qs.filter(metal=metal)
    if rmap_status:
        qs = qs.filter(rmap_status=rmap_status)
    return qs.order_by("metal", "name")


def attention_legend():
    """Each attention level with its label and the statuses it holds, for the list's legend."""
    labels = dict(SmelterReference.RmapStatus.choices)
    return [
        {
            "level": level,
            "label": label,
            "statuses": [labels[status] for status, at in ATTENTION_LEVELS.items() if at == level],
        }
        for level, label in ATTENTION_LABELS.items()
    ]


def unknown_status_count():
    return SmelterReference.objects.filter(rmap_status=SmelterReference.RmapStatus.UNKNOWN).count()


def with_attention(references):
    """The page's references, each with its attention level and label."""
    for reference in references:
        reference.attention = attention_level(reference.rmap_status)
        reference.attention_label = ATTENTION_LABELS[reference.attention]
    return references


def latest_smelter_import():
    return SmelterListImport.objects.order_by("-created_at", "-pk").first()
