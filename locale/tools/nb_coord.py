"""Bokmål for the coordinator's strings of session 3 (escalation of unseen actions, letters)."""

NB = {
    "The supplier cannot see this action yet: share the meeting's minutes first.": (
        "Leverandøren kan ikke se dette tiltaket ennå: del referatet fra møtet først."
    ),
}
