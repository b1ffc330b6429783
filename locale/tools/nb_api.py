"""Bokmål for the REST API (oslo_procurement/api, templates/api)."""

NB = {
    # app, model, admin
    "API": "API",
    "API token": "API-nøkkel",
    "API tokens": "API-nøkler",
    "Everything I may read": "Alt jeg har lesetilgang til",
    "Open data only": "Bare åpne data",
    "What the token is for, e.g. 'Partner exchange'.": "Hva nøkkelen brukes til, f.eks. «Utveksling med partner».",
    "starts with": "starter med",
    "scope": "omfang",
    "Empty: never expires.": "Tom: utløper aldri.",
    "last used": "sist brukt",
    "revoked by": "trukket tilbake av",
    "You already have a token with this name.": "Du har allerede en nøkkel med dette navnet.",
    "Revoked": "Trukket tilbake",
    "Revoke the selected tokens": "Trekk tilbake de valgte nøklene",
    "%(count)d token revoked.": ("%(count)d nøkkel trukket tilbake.", "%(count)d nøkler trukket tilbake."),
    # services and authentication
    "Give the token a name.": "Gi nøkkelen et navn.",
    "Only the buyer's staff can make open-data tokens.": "Bare oppdragsgiverens ansatte kan lage nøkler for åpne data.",
    "The expiry must be in the future.": "Utløpstidspunktet må være fram i tid.",
    "Give the token after the word Token, with no spaces in it.": (
        "Oppgi nøkkelen etter ordet Token, uten mellomrom i den."
    ),
    "Invalid token.": "Ugyldig nøkkel.",
    "This token has been revoked.": "Denne nøkkelen er trukket tilbake.",
    "This token has expired.": "Denne nøkkelen er utløpt.",
    "The token's user is deactivated.": "Brukeren som eier nøkkelen, er deaktivert.",
    'The header "Authorization: Token <key>" with a key made under My settings.': (
        "Overskriften «Authorization: Token <nøkkel>» med en nøkkel laget under Mine innstillinger."
    ),
    "The same key as a bearer token.": "Den samme nøkkelen som bearer-token.",
    # permissions
    "Your account has no role that may read the API.": "Kontoen din har ingen rolle som kan lese API-et.",
    "An open-data token cannot read this.": "En nøkkel for åpne data kan ikke lese dette.",
    "Only the buyer's staff can read this.": "Bare oppdragsgiverens ansatte kan lese dette.",
    "Your account belongs to no buyer.": "Kontoen din hører ikke til noen oppdragsgiver.",
    "Your account belongs to no active supplier.": "Kontoen din hører ikke til noen aktiv leverandør.",
    # filters
    "Changed at or after this time (ISO 8601).": "Endret på eller etter dette tidspunktet (ISO 8601).",
    "Part of the name or registry id.": "Del av navnet eller registreringsnummeret.",
    "The supplier's id.": "Leverandørens id.",
    "Valid on this date.": "Gyldig på denne datoen.",
    "The agreement's id.": "Avtalens id.",
    "The criterion's id.": "Kriteriets id.",
    "Active or retired versions in force on this date.": "Aktive eller utgåtte versjoner som gjaldt på denne datoen.",
    "The reporting round's id.": "Rapporteringsrundens id.",
    "A supplier the finding concerns.": "En leverandør funnet gjelder.",
    "Not closed and past the deadline.": "Ikke lukket og over fristen.",
    # forms
    "30 days": "30 dager",
    "90 days": "90 dager",
    "One year": "Ett år",
    "Never (revoke it yourself when it is no longer needed)": (
        "Aldri (trekk den tilbake selv når den ikke lenger trengs)"
    ),
    "What the token is for, e.g. 'Partner exchange with Bergen'.": (
        "Hva nøkkelen brukes til, f.eks. «Utveksling med Bergen kommune»."
    ),
    "What it may read": "Hva den kan lese",
    "Everything I may read on the screens": "Alt jeg har lesetilgang til i skjermbildene",
    "Open data only: agreements, lots, awards, suppliers and the criteria catalogue": (
        "Bare åpne data: avtaler, delkontrakter, tildelinger, leverandører og kriteriekatalogen"
    ),
    "Expires after": "Utløper etter",
    # serializers
    "Only for the buyer's staff with a full token; null for everyone else.": (
        "Bare for oppdragsgiverens ansatte med full nøkkel; null for alle andre."
    ),
    "ISO 3166-1 alpha-2 country code.": "Landkode etter ISO 3166-1 alpha-2.",
    "Stable public identifier.": "Stabil offentlig identifikator.",
    "Validity ended before today.": "Gyldigheten utløp før i dag.",
    "A file is stored (downloaded only on the screens).": "En fil er lagret (lastes bare ned i skjermbildene).",
    "The version in force, if any.": "Versjonen som gjelder, om noen.",
    "The criterion versions the award was signed with.": "Kriterieversjonene tildelingen ble signert med.",
    "100 × Σ(weight × points) ÷ Σ(weight) over the counted answers; null when none is counted.": (
        "100 × Σ(vekt × poeng) ÷ Σ(vekt) over svarene som teller; null når ingen teller ennå."
    ),
    "Questions whose reviewed answer counts.": "Spørsmål der det vurderte svaret teller.",
    "Questions in the group.": "Spørsmål i gruppen.",
    "OECD due-diligence step, 1 to 6.": "Trinn i OECDs aktsomhetsvurdering, 1 til 6.",
    "Scores overall and per OECD step (followup/scoring.py).": (
        "Poengsum samlet og per OECD-trinn (followup/scoring.py)."
    ),
    "The buyer's verdict; a supplier sees it once the self-assessment is accepted.": (
        "Oppdragsgiverens konklusjon; leverandøren ser den når egenrapporteringen er godkjent."
    ),
    "What the supplier is shown once it is raised.": "Det leverandøren får se når funnet er tatt opp med dem.",
    "Severity × likelihood, 1 to 16.": "Alvorlighetsgrad × sannsynlighet, 1 til 16.",
    "The suppliers it concerns; a supplier sees only its own link.": (
        "Leverandørene funnet gjelder; en leverandør ser bare sin egen kobling."
    ),
    "Not closed and the deadline has passed.": "Ikke lukket, og fristen er passert.",
    "Suspension and higher rungs take effect only with a manager's approval.": (
        "Midlertidig stans og høyere trinn gjelder først når en leder har godkjent dem."
    ),
    "The lines that add up to the residual figure (followup/risk/engine.py).": (
        "Linjene som til sammen gir restrisikoen (followup/risk/engine.py)."
    ),
    # endpoint descriptions
    "Suppliers with an active award in the buyer's agreements. A supplier user's token reads only its own company.": (
        "Leverandører med en aktiv tildeling i oppdragsgiverens avtaler. En leverandørbrukers nøkkel leser bare "
        "eget selskap."
    ),
    "Factories and other production sites the suppliers have disclosed. A supplier user's token reads only its own.": (
        "Fabrikker og andre produksjonssteder leverandørene har oppgitt. En leverandørbrukers nøkkel leser bare sine "
        "egne."
    ),
    "The suppliers' evidence library: certificates, audit reports and accounts with their validity (files are "
    "downloaded only on the screens).": (
        "Leverandørenes dokumentasjonsarkiv: sertifikater, revisjonsrapporter og redegjørelser med gyldighet (filer "
        "lastes bare ned i skjermbildene)."
    ),
    "The buyer's framework agreements.": "Oppdragsgiverens rammeavtaler.",
    "The lots of the buyer's agreements, with DFØ's risk rating per production stage.": (
        "Delkontraktene i oppdragsgiverens avtaler, med DFØs risikovurdering per produksjonsledd."
    ),
    "Which supplier holds which lots of the buyer's agreements, and the criterion versions each award was signed "
    "with.": (
        "Hvilken leverandør som har hvilke delkontrakter i oppdragsgiverens avtaler, og kriterieversjonene hver "
        "tildeling ble signert med."
    ),
    "The criteria catalogue: selection criteria, contract clauses and self-assessment topics with their OECD "
    "due-diligence step. Readable with every token.": (
        "Kriteriekatalogen: kvalifikasjonskrav, kontraktsklausuler og temaer for egenrapportering med trinn i OECDs "
        "aktsomhetsvurdering. Kan leses med alle nøkler."
    ),
    "The wording of each criterion over time, in Bokmål and English, with the ILO instruments it cites. Drafts are "
    "shown only to the buyer's staff.": (
        "Ordlyden i hvert kriterium over tid, på bokmål og engelsk, med ILO-instrumentene det viser til. Utkast vises "
        "bare for oppdragsgiverens ansatte."
    ),
    "ILO conventions and protocols, identified by their code (C29, P29 …).": (
        "ILO-konvensjoner og -protokoller, identifisert med koden sin (C29, P29 …)."
    ),
    "Self-assessment reporting rounds of the buyer's agreements. A supplier user's token reads the rounds its "
    "company takes part in.": (
        "Rapporteringsrunder for egenrapportering i oppdragsgiverens avtaler. En leverandørbrukers nøkkel leser "
        "rundene selskapet deltar i."
    ),
    "Each supplier's self-assessment in a round: status, dates, the verdict and, for the buyer's staff, the scores "
    "overall and per OECD step.": (
        "Hver leverandørs egenrapportering i en runde: status, datoer, konklusjonen og, for oppdragsgiverens "
        "ansatte, poengsummen samlet og per OECD-trinn."
    ),
    "Desktop-research findings. A supplier user's token reads only the findings raised with its company, with the "
    "text meant for the supplier; never the internal wording or notes.": (
        "Funn fra skrivebordsundersøkelser. En leverandørbrukers nøkkel leser bare funn som er tatt opp med "
        "selskapet, med teksten til leverandøren; aldri den interne ordlyden eller notatene."
    ),
    "Corrective actions and their status. A supplier user's token reads the actions shown in its portal.": (
        "Korrigerende tiltak og status. En leverandørbrukers nøkkel leser tiltakene som vises i portalen."
    ),
    "Steps on DFØ's sanctions ladder: warnings, suspensions, replacement purchases, terminations.": (
        "Trinn på DFØs sanksjonsstige: skriftlig varsel, midlertidig stans, dekningskjøp, heving."
    ),
    "The latest inherent and residual risk figure of each supplier with an active award, with the lines that "
    "explain it. Read one supplier's figure by the supplier's id.": (
        "Siste iboende risiko og restrisiko for hver leverandør med en aktiv tildeling, med linjene som forklarer "
        "tallet. Les én leverandørs tall med leverandørens id."
    ),
    # token page
    "Token “%(name)s” revoked: programs using it are refused from now on.": (
        "Nøkkelen «%(name)s» er trukket tilbake: programmer som bruker den, blir avvist fra nå av."
    ),
    "A token lets a program read the API (for example a partner buyer's system or an open-data portal) with your "
    "role and your organisation: it reads exactly what you may read on the screens, and nothing when you leave or "
    "your account is deactivated.": (
        "En nøkkel lar et program lese API-et (for eksempel systemet til en samarbeidende oppdragsgiver eller en "
        "portal for åpne data) med din rolle og din virksomhet: den leser nøyaktig det du kan lese i skjermbildene, "
        "og ingenting når du slutter eller kontoen din deaktiveres."
    ),
    "How to use the API": "Slik bruker du API-et",
    "Your new token": "Den nye nøkkelen din",
    "Copy it now and keep it like a password. It is shown only this once: we store only a fingerprint of it.": (
        "Kopier den nå og ta vare på den som et passord. Den vises bare denne ene gangen: vi lagrer bare et "
        "fingeravtrykk av den."
    ),
    "Token": "Nøkkel",
    "Use it in the Authorization header:": "Bruk den i Authorization-overskriften:",
    "Your tokens": "Nøklene dine",
    "Starts with": "Starter med",
    "Expires": "Utløper",
    "Last used": "Sist brukt",
    "Never": "Aldri",
    "Not yet": "Ikke ennå",
    "Revoke": "Trekk tilbake",
    "You have no API tokens.": "Du har ingen API-nøkler.",
    "Make a token": "Lag en nøkkel",
    "No token was made. Please correct the errors below.": "Ingen nøkkel ble laget. Rett feilene nedenfor.",
    "Make the token": "Lag nøkkelen",
    # documentation page
    "API documentation": "API-dokumentasjon",
    "A read-only REST API for partner buyers and open-data portals: the same data as the screens, with the same "
    "permissions.": (
        "Et REST-API med lesetilgang for samarbeidende oppdragsgivere og portaler for åpne data: de samme dataene som "
        "i skjermbildene, med de samme tilgangene."
    ),
    "Getting started": "Kom i gang",
    'Log in and make a token under <a href="%(tokens_url)s">My settings → API tokens</a>. It is shown once: copy it.': (
        'Logg inn og lag en nøkkel under <a href="%(tokens_url)s">Mine innstillinger → API-nøkler</a>. Den vises én '
        "gang: kopier den."
    ),
    "Send it in the Authorization header of every request:": (
        "Send den i Authorization-overskriften i hver forespørsel:"
    ),
    "The word Bearer works as well as Token.": "Ordet Bearer virker like godt som Token.",
    'The machine-readable description is OpenAPI 3: <a href="%(schema_url)s?format=json">JSON</a> or <a '
    'href="%(schema_url)s?format=yaml">YAML</a>.': (
        'Den maskinlesbare beskrivelsen er OpenAPI 3: <a href="%(schema_url)s?format=json">JSON</a> eller <a '
        'href="%(schema_url)s?format=yaml">YAML</a>.'
    ),
    "What a token reads": "Hva en nøkkel leser",
    "A token reads with its owner's role and organisation at the moment of each request: the buyer's staff read "
    "their own buyer's records; a supplier user reads only their own company, and of the follow-up only what the "
    "portal shows them.": (
        "En nøkkel leser med eierens rolle og virksomhet i det øyeblikket hver forespørsel kommer: oppdragsgiverens "
        "ansatte leser sin egen oppdragsgivers data; en leverandørbruker leser bare eget selskap, og av oppfølgingen "
        "bare det portalen viser dem."
    ),
    "An open-data token (for the buyer's staff) reads only agreements, lots, awards, suppliers and the criteria "
    "catalogue, without internal notes.": (
        "En nøkkel for åpne data (for oppdragsgiverens ansatte) leser bare avtaler, delkontrakter, tildelinger, "
        "leverandører og kriteriekatalogen, uten interne notater."
    ),
    "Another organisation's record answers 404, as if it did not exist. Archived records are left out.": (
        "En annen virksomhets data svarer 404, som om de ikke fantes. Arkiverte poster er utelatt."
    ),
    "Internal notes, scores and the internal wording of findings are null for everyone but the buyer's staff with a "
    "full token.": (
        "Interne notater, poengsummer og den interne ordlyden i funn er null for alle andre enn oppdragsgiverens "
        "ansatte med full nøkkel."
    ),
    "Lists, errors and limits": "Lister, feil og grenser",
    "Lists come in pages of 25: <code>count</code>, <code>next</code>, <code>previous</code> and <code>results</code>. "
    "Ask for up to 100 with <code>?page_size=100</code>; <code>?updated_since=2026-01-01T00:00:00Z</code> gives what "
    "changed.": (
        "Lister kommer i sider på 25: <code>count</code>, <code>next</code>, <code>previous</code> og "
        "<code>results</code>. Be om opptil 100 med <code>?page_size=100</code>; "
        "<code>?updated_since=2026-01-01T00:00:00Z</code> gir det som er endret."
    ),
    "Records are identified by their public id (a UUID), ILO instruments by their code; coded values (status, role, "
    "country) are given as codes.": (
        "Poster identifiseres med sin offentlige id (en UUID), ILO-instrumenter med koden sin; kodede verdier (status, "
        "rolle, land) oppgis som koder."
    ),
    "<code>401</code>: no token, or a wrong, revoked or expired one. <code>403</code>: your role may not read this. "
    "<code>404</code>: no such record for you. <code>429</code>: too many requests; wait the seconds in "
    "<code>Retry-After</code>.": (
        "<code>401</code>: ingen nøkkel, eller en feil, tilbaketrukket eller utløpt nøkkel. <code>403</code>: rollen "
        "din kan ikke lese dette. <code>404</code>: ingen slik post for deg. <code>429</code>: for mange "
        "forespørsler; vent sekundene i <code>Retry-After</code>."
    ),
    "Every list page that returns records is written to the audit log with who read it, with which token, which list "
    "and filters, and how many records; each token shows when it was last used.": (
        "Hver listeside som returnerer poster, skrives i hendelsesloggen med hvem som leste, med hvilken nøkkel, "
        "hvilken liste og hvilke filtre, og hvor mange poster; hver nøkkel viser når den sist ble brukt."
    ),
    "Endpoints": "Endepunkter",
    "List": "Liste",
    "One record": "Én post",
    "The buyer's staff": "Oppdragsgiverens ansatte",
    "Yes, their buyer's records": "Ja, egen oppdragsgivers data",
    "Supplier users": "Leverandørbrukere",
    "Yes, their own company's records": "Ja, eget selskaps data",
    "No (403)": "Nei (403)",
    "Open-data tokens": "Nøkler for åpne data",
    "Query parameters of %(path)s": "Parametere for %(path)s",
    "Parameter": "Parameter",
    "Type or values": "Type eller verdier",
    "Fields of each record of %(path)s": "Feltene i hver post i %(path)s",
    "Field": "Felt",
    "(or empty)": "(eller tom)",
    "ISO 3166-1 alpha-2 country code, e.g. CN.": "Landkode etter ISO 3166-1 alpha-2, f.eks. CN.",
    "Can be null": "Kan være null",
    "yes": "ja",
    "no": "nei",
}
