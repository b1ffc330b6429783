"""Bokmål for the a11y branch's new messages (applied by apply_nb.py)."""

NB = {
    "Invite suppliers to %(topic)s": "Inviter leverandører til %(topic)s",
}
