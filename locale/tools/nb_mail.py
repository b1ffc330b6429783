"""Bokmål for the strings of the `mail` branch: the outbox's retries and failed list, the
mail alert, the rate-limited password reset, invitation reminders and the Transparency
Act reminders after the deadline."""

NB = {
    "Portal invitation not yet accepted": "Invitasjon til portalen ikke akseptert ennå",
    "Email delivery failing": "E-postutsendingen svikter",
    "first attempt": "første forsøk",
    "Retries end EMAIL_RETRY_HOURS after this.": "Nye forsøk stopper EMAIL_RETRY_HOURS etter dette.",
    "handed to the mail server": "overlevert til e-posttjeneren",
    "When the current attempt started sending the message itself to the mail server.": (
        "Da det pågående forsøket begynte å sende selve meldingen til e-posttjeneren."
    ),
    "The email to %(email)s is queued again and will be sent in a moment.": (
        "E-posten til %(email)s er lagt i køen igjen og sendes om litt."
    ),
    "This email is no longer failed; nothing was changed.": (
        "Denne e-posten er ikke lenger mislykket; ingenting ble endret."
    ),
    "Too many requests": "For mange forespørsler",
    "Many password resets were asked for from your network within the last hour, so no more are accepted from it "
    "for now. Nothing was sent.": (
        "Det er bedt om mange tilbakestillinger av passord fra nettverket ditt den siste timen, så flere godtas ikke "
        "derfra foreløpig. Ingenting ble sendt."
    ),
    "Try again in an hour, or ask your administrator to help you.": (
        "Prøv igjen om en time, eller be administratoren din om hjelp."
    ),
    "You have been invited to the supplier portal but have not accepted the invitation yet: open the link in the "
    "invitation email to choose your password first, then this link works.": (
        "Du er invitert til leverandørportalen, men har ikke akseptert invitasjonen ennå: åpne lenken i "
        "invitasjons-e-posten og velg passord først, så virker denne lenken."
    ),
    "On %(date)s you were invited to the supplier portal of Oslo Procurement for %(supplier)s, where your customer "
    "follows up human rights and labour rights in the supply chain. The invitation has not been accepted yet. The "
    "link in the invitation email works until %(expires)s: open it to choose your password.": (
        "%(date)s ble du invitert til leverandørportalen i Oslo Procurement for %(supplier)s, der kunden din følger "
        "opp menneskerettigheter og arbeidstakerrettigheter i leverandørkjeden. Invitasjonen er ikke akseptert ennå. "
        "Lenken i invitasjons-e-posten virker til %(expires)s: åpne den for å velge passord."
    ),
    "If you cannot find the invitation email, ask %(inviter)s (%(inviter_email)s) to send you a new one.": (
        "Finner du ikke invitasjons-e-posten, kan du be %(inviter)s (%(inviter_email)s) om å sende deg en ny."
    ),
    "If you cannot find the invitation email, ask your contact at the buyer to send you a new one.": (
        "Finner du ikke invitasjons-e-posten, kan du be kontaktpersonen din hos oppdragsgiveren om å sende deg en ny."
    ),
    "Your invitation to Oslo Procurement for %(supplier)s expires in %(days)s day": (
        "Invitasjonen din til Oslo Procurement for %(supplier)s går ut om %(days)s dag",
        "Invitasjonen din til Oslo Procurement for %(supplier)s går ut om %(days)s dager",
    ),
    "Portal invitations that expired without being accepted (invite again from the supplier's page):": (
        "Invitasjoner til portalen som gikk ut uten å bli akseptert (inviter på nytt fra leverandørens side):"
    ),
    "%(counter)s email is waiting for another attempt or has failed in the last hour: the mail server refuses, "
    "does not answer or is not reachable.": (
        "%(counter)s e-post venter på et nytt forsøk eller har mislyktes den siste timen: e-posttjeneren avviser, "
        "svarer ikke eller kan ikke nås.",
        "%(counter)s e-poster venter på et nytt forsøk eller har mislyktes den siste timen: e-posttjeneren avviser, "
        "svarer ikke eller kan ikke nås.",
    ),
    "Emails that can wait are tried again by themselves. Check the mail server and the EMAIL_URL setting; the "
    "failed emails, with the reason for each, are listed here:": (
        "E-poster som kan vente, prøves igjen av seg selv. Kontroller e-posttjeneren og innstillingen EMAIL_URL; "
        "de mislykkede e-postene er listet her, med årsaken for hver:"
    ),
    "You get this message at most once a day, however many emails are affected.": (
        "Du får denne meldingen høyst én gang om dagen, uansett hvor mange e-poster som er berørt."
    ),
    "Email delivery is failing: %(counter)s email waiting": (
        "E-postutsendingen svikter: %(counter)s e-post venter",
        "E-postutsendingen svikter: %(counter)s e-poster venter",
    ),
    "Emails the mail server refused for their recipient, that could not be sent within the retry period, or whose "
    "delivery was interrupted while the mail server was receiving them. Check the reason before sending one again: "
    "an interrupted one may already have arrived.": (
        "E-poster som e-posttjeneren avviste for mottakeren, som ikke kunne sendes innen perioden for nye forsøk, "
        "eller der sendingen ble avbrutt mens e-posttjeneren tok imot dem. Se på årsaken før du sender en på nytt: "
        "en avbrutt e-post kan allerede ha kommet fram."
    ),
    "Email delivery is failing now: %(counter)s email is waiting for another attempt or failed in the last hour. "
    "Check the mail server and the EMAIL_URL setting.": (
        "E-postutsendingen svikter nå: %(counter)s e-post venter på et nytt forsøk eller mislyktes den siste timen. "
        "Kontroller e-posttjeneren og innstillingen EMAIL_URL.",
        "E-postutsendingen svikter nå: %(counter)s e-poster venter på et nytt forsøk eller mislyktes den siste "
        "timen. Kontroller e-posttjeneren og innstillingen EMAIL_URL.",
    ),
    "No email has failed.": "Ingen e-post har mislyktes.",
    "%(supplier)s is covered by the Transparency Act (åpenhetsloven), and its account of the due diligence "
    "assessments had to be published by %(date)s. We have no account for this year on file. If it is published, "
    "please add it to your evidence library with its web address; if not, publish it as soon as you can.": (
        "%(supplier)s er omfattet av åpenhetsloven, og redegjørelsen for aktsomhetsvurderingene skulle vært "
        "offentliggjort innen %(date)s. Vi har ingen redegjørelse for i år. Er den offentliggjort, legg den inn i "
        "dokumentasjonen deres med nettadressen; hvis ikke, offentliggjør den så snart dere kan."
    ),
    "The Transparency Act account was due by %(date)s": (
        "Redegjørelsen etter åpenhetsloven skulle vært klar innen %(date)s"
    ),
    "Failed emails": "Mislykkede e-poster",
    "Scheduled jobs and the outbox": "Planlagte jobber og utboksen",
    "Failed emails, newest first": "Mislykkede e-poster, nyeste først",
    "Last attempt": "Siste forsøk",
    "To": "Til",
    "Subject": "Emne",
    "Attempts": "Forsøk",
    "Reason": "Årsak",
    "Action": "Handling",
    "Send again": "Send på nytt",
    "The file contains XML declarations that Office files never have; it was refused.": (
        "Filen inneholder XML-deklarasjoner som Office-filer aldri har. Den ble avvist."
    ),
    "The file is at the same time another kind of file (a polyglot); it was refused. Save it again as a plain "
    "%(kind)s.": "Filen er samtidig en annen filtype (en polyglott) og ble avvist. Lagre den på nytt som %(kind)s.",
    "The PDF contains JavaScript or an action that starts a program, which is not accepted. Print it to a new PDF "
    "(or export it without scripts) and upload that.": (
        "PDF-en inneholder JavaScript eller en handling som starter et program, og det godtas ikke. Skriv den ut til "
        "en ny PDF (eller eksporter den uten skript) og last opp den."
    ),
    "The request is larger than the %(limit)s MB this service accepts; nothing was read or saved.": (
        "Forespørselen er større enn de %(limit)s MB tjenesten tar imot. Ingenting ble lest eller lagret."
    ),
    "Suppliers covered by the Transparency Act with no account for %(year)s on file (due 30 June):": (
        "Leverandører omfattet av åpenhetsloven som vi ikke har redegjørelse for %(year)s fra (frist 30. juni):"
    ),
}
