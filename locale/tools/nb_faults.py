"""Bokmål for the strings of the `faults` branch: database outages, two tabs saving one
record, the report catch-up, per-language report PDFs and localized record counts."""

NB = {
    "The database could not be reached, so nothing of what you just sent was saved. Please try again in a moment.": (
        "Databasen svarte ikke, så ingenting av det du nettopp sendte, ble lagret. Prøv igjen om litt."
    ),
    "%(who)s saved this record at %(when)s, after you opened this page. Nothing of yours was saved yet: what you "
    "typed is kept below, and each field marked shows what is saved now. Save again to replace it with what you "
    "typed, or cancel to keep it.": (
        "%(who)s lagret denne oppføringen %(when)s, etter at du åpnet siden. Ingenting av ditt er lagret ennå: det "
        "du skrev, står under, og hvert merkede felt viser hva som er lagret nå. Lagre på nytt for å erstatte det "
        "med det du skrev, eller avbryt for å beholde det."
    ),
    "someone else": "noen andre",
    "This record was removed while you were editing it. Nothing was saved.": (
        "Denne oppføringen ble fjernet mens du redigerte den. Ingenting ble lagret."
    ),
    "Saved meanwhile: %(value)s": "Lagret i mellomtiden: %(value)s",
    "(empty)": "(tomt)",
    "yes": "ja",
    "no": "nei",
    "Report catch-up": "Etterslep av rapporter",
    "This takes longer than usual: the background service that makes PDFs is busy or restarting. Your request is "
    "kept and the PDF will be made as soon as it is back; you can leave this page and come back later.": (
        "Dette tar lengre tid enn vanlig: bakgrunnstjenesten som lager PDF-er, er opptatt eller starter på nytt. "
        "Bestillingen din er tatt vare på, og PDF-en lages så snart tjenesten er tilbake. Du kan forlate siden og "
        "komme tilbake senere."
    ),
    "language of the email and the PDF": "språk i e-posten og PDF-en",
    "%(number)s record": ("%(number)s oppføring", "%(number)s oppføringer"),
}
