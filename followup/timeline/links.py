"""Links from the timeline and the risk explanation to the record each entry is about.

The meetings and corrective-action screens are built separately; a link is left out
(never a broken page) when the screen it points to does not exist yet."""

from django.urls import NoReverseMatch, reverse

# Entry kind -> URL names to try, in order, with the record's public id.
URL_NAMES = {
    "finding": ["findings:detail"],
    "action": ["followup:action_detail", "actions:detail"],
    "meeting": ["followup:meeting_detail", "meetings:detail"],
    "assessment": ["followup:assessment_review"],
    "cmrt": ["cmrt:report_detail"],
    "supplier": ["suppliers:detail"],
    "site": ["suppliers:site_detail"],
    "letter": ["letters:download"],
}


def record_url(kind, public_id, *, anchor=""):
    for name in URL_NAMES.get(kind, []):
        try:
            return reverse(name, args=[public_id]) + anchor
        except NoReverseMatch:
            continue
    return ""
