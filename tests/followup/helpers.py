from django.urls import reverse


def portal_url(assessment):
    return reverse("portal_followup:detail", args=[assessment.public_id])


def autosave(client, assessment, prefix, revision, **fields):
    """What static/js/autosave.js posts for one question block."""
    data = {"autosave": prefix, f"{prefix}-revision": revision}
    for name, value in fields.items():
        data[f"{prefix}-{name}"] = value
    return client.post(portal_url(assessment), data, HTTP_ACCEPT="application/json")


def review(client, assessment, question, decision, **fields):
    return client.post(
        reverse("followup:answer_review", args=[assessment.public_id]),
        {"question": question.public_id, "decision": decision, **fields},
    )
