"""Bokmål for the strings of the content work: one submission rate, the leadership
report's period, preview and send now, bilingual rounds, time zones."""

NB = {
    # One submission rate
    "No supplier has been invited to a self-assessment yet.": "Ingen leverandør er invitert til en egenvurdering ennå.",
    "%(submitted)s of %(invited)s invited submitted (%(percent)s)": (
        "%(submitted)s av %(invited)s inviterte har levert (%(percent)s)"
    ),
    "Late: first submitted after the round's deadline. Overdue: not submitted and the deadline has passed. "
    "Submission rate: the share of the invited suppliers' self-assessments that have been submitted.": (
        "For sent: først levert etter fristen i runden. Over fristen: ikke levert, og fristen er passert. "
        "Innsendingsgrad: andelen av egenvurderingene de inviterte leverandørene er bedt om, som er levert."
    ),
    "Submission rate: %(rate)s; %(late)s of them late, %(overdue)s overdue.": (
        "Innsendingsgrad: %(rate)s; %(late)s av dem for sent, %(overdue)s over fristen."
    ),
    "Per round: self-assessments asked for (invited), submitted, the submission rate (submitted of invited), "
    "and the average score of the self-assessments that have a score (answers reviewed by an officer).": (
        "Per runde: egenvurderinger leverandørene er bedt om (inviterte), leverte, innsendingsgraden (leverte av "
        "inviterte) og gjennomsnittlig poengsum for egenvurderingene som har en poengsum (svar vurdert av en "
        "saksbehandler)."
    ),
    "Self-assessments: %(rate)s; %(late)s of them after the deadline, %(overdue)s overdue.": (
        "Egenvurderinger: %(rate)s; %(late)s av dem etter fristen, %(overdue)s over fristen."
    ),
    # The leadership report's period, preview and send now
    "Period: %(period)s": "Periode: %(period)s",
    "Next report": "Neste rapport",
    "The report the schedule sends now covers %(period)s": "Rapporten som sendes etter planen nå, gjelder %(period)s",
    "Each recipient gets it once.": "Hver mottaker får den én gang.",
    "Preview the PDF": "Forhåndsvis PDF-en",
    "Send it now": "Send den nå",
    "There is no report to send yet: no reporting round has ended.": (
        "Det er ingen rapport å sende ennå: ingen rapporteringsrunde er avsluttet."
    ),
    "This subscription is switched off: switch it on to send its report.": (
        "Dette abonnementet er slått av: slå det på for å sende rapporten."
    ),
    "The report for %(period)s is being sent to %(count)s recipient. The log below shows the email.": (
        "Rapporten for %(period)s sendes til %(count)s mottaker. Loggen nedenfor viser e-posten.",
        "Rapporten for %(period)s sendes til %(count)s mottakere. Loggen nedenfor viser hver e-post.",
    ),
    "Every recipient has already had the report for %(period)s. Resend one email from the log if needed.": (
        "Alle mottakerne har allerede fått rapporten for %(period)s. Send én e-post på nytt fra loggen ved behov."
    ),
    # Time zones per user
    "time zone": "tidssone",
    "Times are shown in this zone, on the pages and in your emails.": (
        "Klokkeslett vises i denne tidssonen, på sidene og i e-postene dine."
    ),
    "Choose a time zone from the list.": "Velg en tidssone fra listen.",
    "Times in the %(zone)s time zone.": "Klokkeslett i tidssonen %(zone)s.",
    # Bilingual rounds and questionnaires
    "Left empty, English readers see the Bokmål.": "Står feltet tomt, ser engelskspråklige lesere bokmålsteksten.",
    "What the suppliers read before they answer.": "Det leverandørene leser før de svarer.",
    "Introduction (Bokmål)": "Innledning (bokmål)",
    "Introduction (English)": "Innledning (engelsk)",
    "For example 'Egenrapportering 2026'.": "For eksempel «Egenrapportering 2026».",
    "For example 'Self-assessment 2026'. Left empty, English readers see the Bokmål.": (
        "For eksempel «Self-assessment 2026». Står feltet tomt, ser engelskspråklige lesere bokmålsteksten."
    ),
    "Write the title in Bokmål.": "Skriv tittelen på bokmål.",
    "Texts for the suppliers": "Tekster til leverandørene",
    "English text missing:": "Engelsk tekst mangler:",
    "Suppliers who read English see the Bokmål text instead.": (
        "Leverandører som leser engelsk, ser bokmålsteksten i stedet."
    ),
    "Write the English text": "Skriv den engelske teksten",
    "Edit the texts for the suppliers": "Endre tekstene til leverandørene",
    "The suppliers read the round's title and introduction in their own language. English left empty: English "
    "readers see the Bokmål.": (
        "Leverandørene leser tittelen og innledningen til runden på sitt eget språk. Står engelsk tomt, ser "
        "engelskspråklige lesere bokmålsteksten."
    ),
    "The suppliers read the title and introduction in their own language. English left empty: English readers "
    "see the Bokmål.": (
        "Leverandørene leser tittelen og innledningen på sitt eget språk. Står engelsk tomt, ser engelskspråklige "
        "lesere bokmålsteksten."
    ),
    "English text missing: %(fields)s. Suppliers who read English see the Bokmål text instead.": (
        "Engelsk tekst mangler: %(fields)s. Leverandører som leser engelsk, ser bokmålsteksten i stedet."
    ),
    # The buyer's own name, never "the City"
    "%(buyer)s follows up its ICT suppliers on human rights and labour rights. You are invited to answer for "
    "%(supplier)s in the supplier portal.": (
        "%(buyer)s følger opp IKT-leverandørene sine på menneskerettigheter og arbeidstakerrettigheter. Du er "
        "invitert til å svare for %(supplier)s i leverandørportalen."
    ),
    "A public buyer follows up its ICT suppliers on human rights and labour rights. You are invited to answer for "
    "%(supplier)s in the supplier portal.": (
        "En offentlig oppdragsgiver følger opp IKT-leverandørene sine på menneskerettigheter og "
        "arbeidstakerrettigheter. Du er invitert til å svare for %(supplier)s i leverandørportalen."
    ),
    "The link works once and expires on %(date)s. If it has expired, ask your contact at %(buyer)s for a new one.": (
        "Lenken virker én gang og utløper %(date)s. Har den utløpt, kan du be kontaktpersonen din hos %(buyer)s om "
        "en ny."
    ),
    "The link works once and expires on %(date)s. If it has expired, ask the person who invited you for a new one.": (
        "Lenken virker én gang og utløper %(date)s. Har den utløpt, kan du be den som inviterte deg, om en ny."
    ),
    "This is your company's page in the supplier follow-up of the public buyers you deliver to. What you see here "
    "is what they have on record.": (
        "Dette er siden til selskapet ditt i oppfølgingen av leverandører hos de offentlige oppdragsgiverne dere "
        "leverer til. Det du ser her, er det de har registrert."
    ),
    "Submitted. %(buyer)s has been told and will review your answers.": (
        "Sendt inn. %(buyer)s har fått beskjed og vil gå gjennom svarene deres."
    ),
    "In your time zone (%(zone)s); each participant sees it in theirs.": (
        "I din tidssone (%(zone)s); hver deltaker ser tidspunktet i sin egen."
    ),
}
