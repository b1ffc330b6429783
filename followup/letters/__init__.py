"""Formal letters to the supplier about the sanctions ladder (issue 12): written with the
decision (followup.actions.services, escalation functions), rendered to a tagged PDF in
the supplier's language, emailed with the PDF through the outbox, shown in the portal and
on the supplier's timeline."""
