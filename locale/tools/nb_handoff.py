"""Bokmål for "decisions reach the supplier" (issue 12): the review's reason for the
supplier and internal note, the verdict email, corrective actions from an answer, the
override when closing without evidence, and sharing meeting actions."""

NB = {
    # models
    "reason for the supplier": "begrunnelse til leverandøren",
    "internal note on the review": "internt notat om vurderingen",
    "closed without the supplier's evidence": "lukket uten leverandørens dokumentasjon",
    "A corrective action has already been started from this answer.": (
        "Et korrigerende tiltak er allerede startet fra dette svaret."
    ),
    "Closing without the supplier's evidence needs a written reason.": (
        "Å lukke uten leverandørens dokumentasjon krever en skriftlig begrunnelse."
    ),
    # review
    "Tell the supplier why the answer does not meet the requirement.": (
        "Skriv til leverandøren hvorfor svaret ikke oppfyller kravet."
    ),
    "Reason for the supplier": "Begrunnelse til leverandøren",
    "Internal note (never shown to the supplier)": "Internt notat (vises aldri for leverandøren)",
    "Reason for the supplier:": "Begrunnelse til leverandøren:",
    "Internal note:": "Internt notat:",
    "never shown to the supplier": "vises aldri for leverandøren",
    "Corrective action:": "Korrigerende tiltak:",
    "deadline %(deadline)s": "frist %(deadline)s",
    "Start a corrective action": "Start et korrigerende tiltak",
    "for answer %(number)s": "for svar %(number)s",
    "the supplier sees this": "leverandøren ser dette",
    # portal
    "The buyer's review:": "Oppdragsgivers vurdering:",
    "severity": "alvorlighetsgrad",
    "Reason:": "Begrunnelse:",
    "From your self-assessment": "Fra egenvurderingen deres",
    "The buyer's latest decisions": "Oppdragsgivers siste avgjørelser",
    # verdict email
    '%(buyer)s has decided on your self-assessment "%(title)s"': ("%(buyer)s har avgjort egenvurderingen «%(title)s»"),
    '%(buyer)s has reviewed and accepted your self-assessment "%(title)s".': (
        "%(buyer)s har vurdert og godkjent egenvurderingen «%(title)s»."
    ),
    "Answers that do not meet the requirements:": "Svar som ikke oppfyller kravene:",
    # corrective action from an answer
    "A corrective action was already started from this answer; here it is.": (
        "Et korrigerende tiltak er allerede startet fra dette svaret; her er det."
    ),
    "A corrective action can be started only from an answer recorded as non-compliant.": (
        "Et korrigerende tiltak kan bare startes fra et svar som er registrert som avvik."
    ),
    "%(code)s: %(criterion)s": "%(code)s: %(criterion)s",
    "Started from a non-compliant answer": "Startet fra et svar med avvik",
    "From the self-assessment answer": "Fra svaret i egenvurderingen",
    # verify and close
    "The supplier has not submitted evidence for this action. Wait for it, or close the action "
    "without the supplier's evidence and write why.": (
        "Leverandøren har ikke sendt inn dokumentasjon for dette tiltaket. Vent på den, eller lukk "
        "tiltaket uten leverandørens dokumentasjon og skriv hvorfor."
    ),
    "Write why you close the action without the supplier's evidence.": (
        "Skriv hvorfor du lukker tiltaket uten leverandørens dokumentasjon."
    ),
    "Closed without the supplier's evidence: %(reason)s": "Lukket uten leverandørens dokumentasjon: %(reason)s",
    "Closed without the supplier's evidence (officer's override): %(reason)s": (
        "Lukket uten leverandørens dokumentasjon (saksbehandlers overstyring): %(reason)s"
    ),
    "Close without the supplier's evidence (officer's override)": (
        "Lukk uten leverandørens dokumentasjon (saksbehandlers overstyring)"
    ),
    "The reason you write is kept in the history and on the supplier's timeline.": (
        "Begrunnelsen du skriver, lagres i historikken og på leverandørens tidslinje."
    ),
    "Required when you close without the supplier's evidence: say why.": (
        "Påkrevd når du lukker uten leverandørens dokumentasjon: skriv hvorfor."
    ),
    "Why do you close it without the supplier's evidence?": "Hvorfor lukker du det uten leverandørens dokumentasjon?",
    "The supplier has not submitted evidence. Closing the action now is an override: tick it and "
    "write why; the reason is kept in the history and on the supplier's timeline.": (
        "Leverandøren har ikke sendt inn dokumentasjon. Å lukke tiltaket nå er en overstyring: kryss av "
        "og skriv hvorfor; begrunnelsen lagres i historikken og på leverandørens tidslinje."
    ),
    "Corrective action closed without the supplier's evidence (officer's override): “%(title)s”": (
        "Korrigerende tiltak lukket uten leverandørens dokumentasjon (saksbehandlers overstyring): «%(title)s»"
    ),
    # meetings
    "The supplier sees the agreed actions only from today, but these have a deadline before "
    "today: %(actions)s. Give them a later deadline, then share the minutes.": (
        "Leverandøren ser de avtalte tiltakene først fra i dag, men disse har frist før i dag: "
        "%(actions)s. Gi dem en senere frist, og del deretter referatet."
    ),
}
