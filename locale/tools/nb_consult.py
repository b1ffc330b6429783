# ruff: noqa: E501  (a translation table: one msgid per line reads best)
"""Bokmål for market dialogue, lessons learned and the next procurement draft (issue 7,
"Closing the loop"). Applied with locale/tools/apply_nb.py."""

NB = {
    # --- Market dialogue: models -------------------------------------------------------------
    "Market consultation": "Markedsundersøkelse",
    "Dialogue conference": "Dialogkonferanse",
    "Information meeting": "Informasjonsmøte",
    "Online": "Digitalt",
    "In person and online": "Fysisk og digitalt",
    "Held": "Gjennomført",
    "kind of event": "type arrangement",
    "topic": "tema",
    "place or link": "sted eller lenke",
    "agreement it concerns": "avtalen det gjelder",
    "procurement it concerns": "anskaffelsen det gjelder",
    "For a procurement that has no agreement yet, for example the next ICT tender.": (
        "For en anskaffelse som ikke har noen avtale ennå, for eksempel neste IKT-konkurranse."
    ),
    "deadline for written input": "frist for skriftlige innspill",
    "Suppliers can send and change their written input in the portal until this day. Empty: the day of the event.": (
        "Leverandørene kan sende og endre skriftlige innspill i portalen til og med denne dagen. "
        "Tom: dagen for arrangementet."
    ),
    "market dialogue event": "markedsdialogarrangement",
    "market dialogue events": "markedsdialogarrangementer",
    "The catalogue criterion it concerns, if any.": "Kravet i kravkatalogen det gjelder, om noe.",
    "short title": "kort tittel",
    "proposed wording": "foreslått ordlyd",
    "proposed criterion": "foreslått krav",
    "proposed criteria": "foreslåtte krav",
    "This criterion version is already proposed at this event.": "Denne kravversjonen er allerede foreslått på arrangementet.",
    "invitation emails sent": "invitasjoner sendt på e-post",
    "attended": "deltok",
    "Empty: not recorded yet.": "Tom: ikke registrert ennå.",
    "who came": "hvem som kom",
    "The names of the people who came.": "Navnene på dem som kom.",
    "written input": "skriftlig innspill",
    "written input sent": "skriftlig innspill sendt",
    "written input sent by": "skriftlig innspill sendt av",
    "invitation to a market dialogue event": "invitasjon til et markedsdialogarrangement",
    "invitations to market dialogue events": "invitasjoner til markedsdialogarrangementer",
    "This supplier is already invited.": "Denne leverandøren er allerede invitert.",
    "Names of people who came only when the supplier attended.": "Navn på dem som kom, bare når leverandøren deltok.",
    "Ready now": "Klar nå",
    "Ready with a transition period": "Klar med en overgangsperiode",
    "Not feasible": "Ikke gjennomførbart",
    "Recorded by the officer": "Registrert av saksbehandler",
    "Sent through the portal": "Sendt gjennom portalen",
    "readiness": "hvor klar",
    "transition period in months": "overgangsperiode i måneder",
    "reasons": "begrunnelse",
    "source": "kilde",
    "readiness feedback": "tilbakemelding om hvor klar leverandøren er",
    "Give the transition period (1 to 60 months) only for that answer.": (
        "Oppgi overgangsperiode (1 til 60 måneder) bare for det svaret."
    ),
    # --- Market dialogue: forms, services, views ---------------------------------------------------
    "The address, or the link to the online meeting.": "Adressen, eller lenken til det digitale møtet.",
    "A criterion version from the catalogue": "En kravversjon fra kravkatalogen",
    "Leave empty to propose new wording below.": "La stå tom for å foreslå ny ordlyd nedenfor.",
    "Catalogue criterion the new wording would change": "Kravet i katalogen som den nye ordlyden vil endre",
    "Optional. Empty: a new criterion.": "Valgfritt. Tom: et nytt krav.",
    "Short title of the new wording": "Kort tittel på den nye ordlyden",
    "Proposed wording": "Foreslått ordlyd",
    "Choose a criterion version or write new wording, not both.": "Velg en kravversjon eller skriv ny ordlyd, ikke begge.",
    "Give the new wording a short title.": "Gi den nye ordlyden en kort tittel.",
    "Write the proposed wording.": "Skriv den foreslåtte ordlyden.",
    "holds a contract": "har kontrakt",
    "not in a contract": "uten kontrakt",
    "Suppliers to invite": "Leverandører som skal inviteres",
    "Every supplier in the registry, also those without a contract.": (
        "Alle leverandører i registeret, også de som ikke har kontrakt."
    ),
    "Email the invitation to the suppliers' portal users": "Send invitasjonen på e-post til leverandørenes portalbrukere",
    "Not recorded": "Ikke registrert",
    "Came": "Kom",
    "Did not come": "Kom ikke",
    "Attendance": "Oppmøte",
    "Who came": "Hvem som kom",
    "Names, separated by commas.": "Navn, skilt med komma.",
    "Names only for a supplier that came.": "Navn bare for en leverandør som kom.",
    "How ready": "Hvor klar",
    "No answer": "Ikke svart",
    "Transition period in months": "Overgangsperiode i måneder",
    "Only for 'ready with a transition period'.": "Bare for «klar med en overgangsperiode».",
    "Reasons": "Begrunnelse",
    "General written input": "Generelle skriftlige innspill",
    "Anything else the buyer should know before it sets the criteria.": (
        "Annet oppdragsgiver bør vite før kravene fastsettes."
    ),
    "How many months of transition are needed?": "Hvor mange måneders overgang trengs?",
    "A transition period only goes with 'ready with a transition period'.": (
        "En overgangsperiode hører bare til «klar med en overgangsperiode»."
    ),
    "Choose how ready you are, or leave the reasons empty.": "Velg hvor klare dere er, eller la begrunnelsen stå tom.",
    "Kind of event": "Type arrangement",
    "Your input is saved.": "Innspillene deres er lagret.",
    "Nothing changed.": "Ingenting ble endret.",
    "The deadline for written input has passed.": "Fristen for skriftlige innspill er ute.",
    "The event is cancelled.": "Arrangementet er avlyst.",
    "The event has been held; it cannot be cancelled.": "Arrangementet er gjennomført og kan ikke avlyses.",
    "This criterion is archived.": "Dette kravet er arkivert.",
    "Choose a criterion version or write the proposed wording and its title.": (
        "Velg en kravversjon, eller skriv den foreslåtte ordlyden og tittelen på den."
    ),
    "Suppliers have answered on this criterion; it stays on the list.": (
        "Leverandører har svart på dette kravet; det blir stående på listen."
    ),
    "A next procurement draft refers to this criterion; it stays on the list.": (
        "Et utkast til neste anskaffelse viser til dette kravet; det blir stående på listen."
    ),
    "Attendance can be recorded from the day of the event.": "Oppmøte kan registreres fra og med dagen for arrangementet.",
    "This supplier is not invited to the event.": "Denne leverandøren er ikke invitert til arrangementet.",
    "This invitation belongs to another supplier.": "Denne invitasjonen tilhører en annen leverandør.",
    "This criterion is not proposed at the event.": "Dette kravet er ikke foreslått på arrangementet.",
    "Choose how ready you are.": "Velg hvor klare dere er.",
    "Give the transition period in months, from 1 to %(max)d, for %(criterion)s.": (
        "Oppgi overgangsperioden i måneder, fra 1 til %(max)d, for %(criterion)s."
    ),
    "Plan a market dialogue event": "Planlegg et markedsdialogarrangement",
    "Change the event": "Endre arrangementet",
    "Propose a criterion for discussion": "Foreslå et krav til drøfting",
    "Choose a criterion version from the catalogue, or write the new wording you are considering. Suppliers will say "
    "how ready they are for each criterion on the list.": (
        "Velg en kravversjon fra kravkatalogen, eller skriv den nye ordlyden dere vurderer. Leverandørene sier hvor "
        "klare de er for hvert krav på listen."
    ),
    "The criterion is taken off the list.": "Kravet er tatt av listen.",
    "%(count)d supplier invited": ("%(count)d leverandør invitert", "%(count)d leverandører invitert"),
    "%(emails)d email sent.": ("%(emails)d e-post sendt.", "%(emails)d e-poster sendt."),
    "No email went to %(suppliers)s: no portal users yet. Invite their people to the portal from the supplier page.": (
        "Ingen e-post gikk til %(suppliers)s: ingen portalbrukere ennå. Inviter deres folk til portalen fra "
        "leverandørsiden."
    ),
    "Feedback from %(supplier)s": "Tilbakemelding fra %(supplier)s",
    # --- Market dialogue: emails -----------------------------------------------------------------
    "%(buyer)s invites you: %(kind)s on %(topic)s": "%(buyer)s inviterer dere: %(kind)s om %(topic)s",
    '%(buyer)s invites your company to a %(kind)s on "%(topic)s". We want to know whether the market can meet the '
    "social criteria we are planning.": (
        "%(buyer)s inviterer virksomheten deres til %(kind)s om «%(topic)s». Vi vil vite om markedet kan oppfylle "
        "de sosiale kravene vi planlegger."
    ),
    "Criteria under discussion:": "Krav som drøftes:",
    "You can tell us in the supplier portal, until %(day)s, how ready you are for each criterion and why.": (
        "I leverandørportalen kan dere til og med %(day)s fortelle oss hvor klare dere er for hvert krav, og hvorfor."
    ),
    "Open the event in the supplier portal": "Åpne arrangementet i leverandørportalen",
    # --- Market dialogue: templates ----------------------------------------------------------------
    "Market dialogue": "Markedsdialog",
    "Lessons": "Erfaringer",
    "Market dialogue and the next procurement": "Markedsdialog og neste anskaffelse",
    "No market dialogue event concerns this agreement yet.": "Ingen markedsdialog gjelder denne avtalen ennå.",
    "Open the next procurement draft": "Åpne utkastet til neste anskaffelse",
    "Start the next procurement draft": "Start utkastet til neste anskaffelse",
    "Lessons learned": "Erfaringer",
    "No criteria proposed yet.": "Ingen krav er foreslått ennå.",
    "Closing the loop": "Fra oppfølging til neste anskaffelse",
    "Market dialogue events": "Markedsdialoger",
    "Market readiness per criterion": "Markedets modenhet per krav",
    "Next procurement drafts": "Utkast til neste anskaffelse",
    "up to %(months)s month": ("opptil %(months)s måned", "opptil %(months)s måneder"),
    "%(no_answer)s of %(invited)s": "%(no_answer)s av %(invited)s",
    "With a transition period": "Med overgangsperiode",
    "Asked, no answer": "Spurt, ikke svart",
    "%(months)s month": ("%(months)s måned", "%(months)s måneder"),
    "Market dialogue events this supplier was invited to": "Markedsdialoger leverandøren er invitert til",
    "Event": "Arrangement",
    "Criteria answered": "Krav besvart",
    "No supplier invited yet.": "Ingen leverandør er invitert ennå.",
    "Market readiness for %(code)s": "Markedets modenhet for %(code)s",
    "The criterion in the catalogue": "Kravet i kravkatalogen",
    "Per event, and in total": "Per arrangement, og samlet",
    "Discussed as": "Drøftet som",
    "Answers and reasons": "Svar og begrunnelser",
    "This criterion has not been discussed at an event yet.": "Dette kravet er ikke drøftet på noe arrangement ennå.",
    "Total": "Samlet",
    "Cancel this event?": "Avlyse dette arrangementet?",
    "Cancel the event": "Avlys arrangementet",
    "Concerns": "Gjelder",
    "Written input until": "Skriftlige innspill til og med",
    "Criteria under discussion and how ready the market is": "Krav som drøftes, og hvor klart markedet er",
    "Propose a criterion": "Foreslå et krav",
    "Shares are of the suppliers that answered; the last column counts the invited suppliers that did not answer.": (
        "Andelene er av leverandørene som svarte; siste kolonne teller de inviterte leverandørene som ikke svarte."
    ),
    "Readiness per proposed criterion": "Hvor klart markedet er, per foreslått krav",
    "New wording": "Ny ordlyd",
    "%(code)s across all events": "%(code)s på tvers av alle arrangementer",
    "Take off the list": "Ta av listen",
    "Invited suppliers and attendance": "Inviterte leverandører og oppmøte",
    "Invite suppliers": "Inviter leverandører",
    "Record attendance": "Registrer oppmøte",
    "Invited suppliers": "Inviterte leverandører",
    "Contract": "Kontrakt",
    "Emails sent": "E-poster sendt",
    "Written input": "Skriftlige innspill",
    "Holds a contract": "Har kontrakt",
    "Not in a contract": "Uten kontrakt",
    "%(answered)s of %(total)s": "%(answered)s av %(total)s",
    "sent %(when)s": "sendt %(when)s",
    "Record feedback": "Registrer tilbakemelding",
    "Plan an event": "Planlegg et arrangement",
    "Market consultations, dialogue conferences and information meetings: ask the market whether it can meet the "
    "social criteria you are planning, and record how ready each supplier says it is.": (
        "Markedsundersøkelser, dialogkonferanser og informasjonsmøter: spør markedet om det kan oppfylle de sosiale "
        "kravene dere planlegger, og registrer hvor klar hver leverandør sier at den er."
    ),
    "Topic": "Tema",
    "Invited": "Invitert",
    "No event matches the filter.": "Ingen arrangementer passer med filteret.",
    "For each criterion: is the supplier ready now, ready with a transition period, or is it not feasible, and why? "
    "'No answer' removes an earlier answer.": (
        "For hvert krav: er leverandøren klar nå, klar med en overgangsperiode, eller er det ikke gjennomførbart, og "
        "hvorfor? «Ikke svart» fjerner et tidligere svar."
    ),
    "Every supplier in the registry is invited already.": "Alle leverandørene i registeret er allerede invitert.",
    "Each criterion's answers added up over every market dialogue event that discussed it (cancelled events left out). Shares are of the answers; the last column counts the questions invited suppliers left unanswered (one per supplier and proposed wording).": (
        "Svarene på hvert krav lagt sammen over alle markedsdialoger som drøftet det (avlyste arrangementer er holdt "
        "utenfor). Andelene er av svarene; siste kolonne teller spørsmålene inviterte leverandører ikke svarte på "
        "(ett per leverandør og foreslått ordlyd)."
    ),
    "Catalogue criteria": "Krav i kravkatalogen",
    "Events": "Arrangementer",
    "No catalogue criterion has been discussed at an event yet.": "Ingen krav fra katalogen er drøftet ennå.",
    "New wording not tied to a catalogue criterion": "Ny ordlyd som ikke hører til et krav i katalogen",
    # --- Portal -----------------------------------------------------------------------------------
    "Tell the buyer how ready you are for the criteria it is planning.": (
        "Fortell oppdragsgiveren hvor klare dere er for kravene som planlegges."
    ),
    "Your input was last sent": "Innspillene ble sist sendt",
    "Your readiness for the criteria under discussion": "Hvor klare dere er for kravene som drøftes",
    "For each criterion: are you ready now, ready with a transition period, or is it not feasible, and why? You can "
    "change your answers until %(day)s.": (
        "For hvert krav: er dere klare nå, klare med en overgangsperiode, eller er det ikke gjennomførbart, og hvorfor? "
        "Dere kan endre svarene til og med %(day)s."
    ),
    "Send your input": "Send innspillene",
    "The deadline for written input has passed. These are the answers the buyer has on record.": (
        "Fristen for skriftlige innspill er ute. Dette er svarene oppdragsgiveren har registrert."
    ),
    "Your answers": "Svarene deres",
    "Market consultations and dialogue conferences you are invited to. Tell the buyer how ready you are for the "
    "criteria it is planning, until the deadline for written input.": (
        "Markedsundersøkelser og dialogkonferanser dere er invitert til. Fortell oppdragsgiveren hvor klare dere er "
        "for kravene som planlegges, innen fristen for skriftlige innspill."
    ),
    "passed": "utløpt",
    "You have not been invited to any market dialogue event yet.": "Dere er ikke invitert til noen markedsdialog ennå.",
    # --- Lessons learned -------------------------------------------------------------------------
    "Tighten the criterion": "Skjerpe kravet",
    "Add a criterion": "Legge til et krav",
    "Clarify the wording": "Klargjøre ordlyden",
    "Retire the criterion": "Fase ut kravet",
    "Change the follow-up": "Endre oppfølgingen",
    "Agreed": "Omforent",
    "what was learned": "hva vi lærte",
    "criterion it concerns": "kravet det gjelder",
    "clause or point": "klausul eller punkt",
    "The clause, point or paragraph it concerns, for example 'point 2, documentation on request'.": (
        "Klausulen, punktet eller avsnittet det gjelder, for eksempel «punkt 2, dokumentasjon på forespørsel»."
    ),
    "proposed change": "foreslått endring",
    "what we propose": "hva vi foreslår",
    "reviewed answers": "vurderte svar",
    "meetings": "møter",
    "made from suggestion": "laget fra forslag",
    "agreed by": "omforent av",
    "agreed": "omforent",
    "lesson learned": "erfaring",
    "lessons learned": "erfaringer",
    "suggestion": "forslag",
    "dismissed by": "avvist av",
    "dismissed suggestion": "avvist forslag",
    "dismissed suggestions": "avviste forslag",
    "Reviewed answers": "Vurderte svar",
    "Answers found non-compliant or returned for clarification.": "Svar vurdert som avvik eller sendt tilbake for avklaring.",
    "Lesson status": "Status for erfaringen",
    "Proposed change": "Foreslått endring",
    "All proposals": "Alle forslag",
    "Evidence must be records of your own buyer.": "Dokumentasjonen må være registreringer hos deres egen oppdragsgiver.",
    "An archived lesson cannot be agreed. Restore it first.": (
        "En arkivert erfaring kan ikke gjøres omforent. Gjenopprett den først."
    ),
    "This suggestion no longer applies: the figures behind it have changed.": (
        "Dette forslaget gjelder ikke lenger: tallene bak det har endret seg."
    ),
    "Most suppliers failed %(code)s in the self-assessment reviews": (
        "De fleste leverandørene oppfylte ikke %(code)s i vurderingen av egenrapporteringen"
    ),
    "%(failed)d of the %(reviewed)d suppliers whose answers on %(code)s were reviewed (%(share)d %%) were found "
    "non-compliant; the threshold is %(threshold)d %%.": (
        "%(failed)d av de %(reviewed)d leverandørene som fikk svarene på %(code)s vurdert (%(share)d %%), hadde avvik; "
        "terskelen er %(threshold)d %%."
    ),
    "%(failed)d of %(reviewed)d suppliers did not meet %(code)s. The requirement may be unclear, or the market may "
    "not be ready for it.": (
        "%(failed)d av %(reviewed)d leverandører oppfylte ikke %(code)s. Kravet kan være uklart, eller markedet er "
        "kanskje ikke klart for det."
    ),
    "%(issue)s recurs across suppliers": "%(issue)s går igjen hos flere leverandører",
    '%(findings)d findings of the issue type "%(issue)s" concern %(suppliers)d different suppliers; the threshold is '
    "%(threshold)d suppliers.": (
        "%(findings)d funn av typen «%(issue)s» gjelder %(suppliers)d ulike leverandører; terskelen er "
        "%(threshold)d leverandører."
    ),
    '"%(issue)s" is found at %(suppliers)d suppliers: a problem of the industry rather than of one supplier. The '
    "criteria and the follow-up should address it directly.": (
        "«%(issue)s» er funnet hos %(suppliers)d leverandører: et problem i bransjen snarere enn hos én leverandør. "
        "Kravene og oppfølgingen bør ta det opp direkte."
    ),
    "Evidence always missing for a question on %(code)s": "Dokumentasjon mangler alltid på et spørsmål om %(code)s",
    "Evidence mostly missing for a question on %(code)s": "Dokumentasjon mangler som regel på et spørsmål om %(code)s",
    '%(missing)d of %(answers)d submitted answers (%(share)d %%) to "%(question)s" came without evidence; the '
    "threshold is %(threshold)d %%.": (
        "%(missing)d av %(answers)d innsendte svar (%(share)d %%) på «%(question)s» kom uten dokumentasjon; "
        "terskelen er %(threshold)d %%."
    ),
    'Suppliers rarely attach the evidence asked for in "%(question)s" (%(missing)d of %(answers)d answers without '
    "it). Say more precisely what is accepted as evidence, or ask for it differently.": (
        "Leverandørene legger sjelden ved dokumentasjonen det spørres om i «%(question)s» (%(missing)d av "
        "%(answers)d svar uten). Si tydeligere hva som godtas som dokumentasjon, eller spør på en annen måte."
    ),
    "Corrective actions on %(subject)s are repeatedly overdue": "Korrigerende tiltak om %(subject)s går gjentatte ganger over fristen",
    "%(late)d of %(total)d corrective actions on %(subject)s are overdue or were closed after their deadline; the "
    "threshold is %(threshold)d.": (
        "%(late)d av %(total)d korrigerende tiltak om %(subject)s er over fristen eller ble lukket etter fristen; "
        "terskelen er %(threshold)d."
    ),
    "Actions on %(subject)s take longer than the deadlines we set (%(late)d of %(total)d late). Deadlines, support "
    "or the follow-up of these actions should change.": (
        "Tiltak om %(subject)s tar lengre tid enn fristene vi setter (%(late)d av %(total)d for sent). Fristene, "
        "støtten eller oppfølgingen av disse tiltakene bør endres."
    ),
    "A draft lesson is made from the suggestion. Check it and agree on it.": (
        "Et utkast til erfaring er laget fra forslaget. Gå gjennom det og gjør det omforent."
    ),
    "The suggestion is dismissed; it will not be suggested again.": "Forslaget er avvist og blir ikke foreslått igjen.",
    "Record a lesson learned": "Registrer en erfaring",
    "Change the lesson": "Endre erfaringen",
    "The lesson is agreed.": "Erfaringen er omforent.",
    "The lesson is a draft again.": "Erfaringen er et utkast igjen.",
    "Hold Ctrl (or Cmd) to choose several.": "Hold nede Ctrl (eller Cmd) for å velge flere.",
    "Mark as agreed": "Marker som omforent",
    "Back to draft": "Tilbake til utkast",
    "Clause or point": "Klausul eller punkt",
    "Recorded by": "Registrert av",
    "What was learned": "Hva vi lærte",
    "What we propose": "Hva vi foreslår",
    "No evidence linked yet.": "Ingen dokumentasjon er koblet til ennå.",
    "Record a lesson": "Registrer en erfaring",
    "Suggested from your follow-up data": "Foreslått ut fra oppfølgingsdataene",
    "Patterns found in self-assessment reviews, findings and corrective actions. Each suggestion shows its figures "
    "and the records behind them.": (
        "Mønstre funnet i vurderinger av egenrapportering, funn og korrigerende tiltak. Hvert forslag viser tallene "
        "og registreringene bak dem."
    ),
    "Make it a lesson": "Gjør det til en erfaring",
    "Dismiss": "Avvis",
    "Nothing to suggest right now.": "Ingen forslag akkurat nå.",
    "Dismissed suggestions": "Avviste forslag",
    "Lesson": "Erfaring",
    "No lesson matches the filter.": "Ingen erfaringer passer med filteret.",
    # --- Next procurement draft --------------------------------------------------------------------
    "agreement it follows": "avtalen det bygger på",
    "next procurement draft": "utkast til neste anskaffelse",
    "next procurement drafts": "utkast til neste anskaffelse",
    "In the current agreement": "I gjeldende avtale",
    "Proposed at a market dialogue event": "Foreslått i en markedsdialog",
    "version in the agreement": "versjon i avtalen",
    "criterion in a next procurement draft": "krav i et utkast til neste anskaffelse",
    "criteria in next procurement drafts": "krav i utkast til neste anskaffelse",
    "Keep": "Beholde",
    "Tighten": "Skjerpe",
    "Clarify": "Klargjøre",
    "Replace": "Erstatte",
    "decision": "beslutning",
    "decided by": "besluttet av",
    "new criterion version": "ny kravversjon",
    "decision on a criterion": "beslutning om et krav",
    "decisions on criteria": "beslutninger om krav",
    "Give the reason for the decision.": "Oppgi begrunnelsen for beslutningen.",
    "Why: the lessons, the market's readiness, or anything else the decision rests on.": (
        "Hvorfor: erfaringene, hvor klart markedet er, eller annet beslutningen bygger på."
    ),
    "Next procurement after %(reference)s": "Neste anskaffelse etter %(reference)s",
    "The draft is archived.": "Utkastet er arkivert.",
    "Choose a decision.": "Velg en beslutning.",
    "A decision to %(decision)s does not change the wording.": "En beslutning om å %(decision)s endrer ikke ordlyden.",
    "This is new wording: create the criterion instead.": "Dette er ny ordlyd: opprett kravet i stedet.",
    "This criterion is in the catalogue: create a new version of it instead.": (
        "Dette kravet finnes i kravkatalogen: lag en ny versjon av det i stedet."
    ),
    "%(count)d criterion added.": ("%(count)d krav lagt til.", "%(count)d krav lagt til."),
    "The draft is up to date.": "Utkastet er oppdatert.",
    "The decision is recorded.": "Beslutningen er registrert.",
    "This decision already has its new version: %(version)s.": "Denne beslutningen har allerede sin nye versjon: %(version)s.",
    "New wording from the decision: %(decision)s": "Ny ordlyd fra beslutningen: %(decision)s",
    "Not discussed with the market": "Ikke drøftet med markedet",
    "Add newly proposed criteria": "Legg til nye foreslåtte krav",
    "Follows": "Bygger på",
    "Each decision is kept with its reason; the latest one counts.": (
        "Hver beslutning lagres med begrunnelsen; den siste gjelder."
    ),
    "Proposed criteria set": "Foreslått kravsett",
    "Market readiness": "Hvor klart markedet er",
    "None": "Ingen",
    "%(count)s decision": ("%(count)s beslutning", "%(count)s beslutninger"),
    "Not decided": "Ikke besluttet",
    "The agreement has no criteria and none were proposed at market dialogue events.": (
        "Avtalen har ingen krav, og ingen ble foreslått i markedsdialoger."
    ),
    "Start from an existing framework agreement: the draft proposes its criteria and those proposed at market "
    "dialogue events, each with the lessons learned and the market's readiness, and keeps your decision on each.": (
        "Start fra en eksisterende rammeavtale: utkastet foreslår kravene i den og kravene som ble foreslått i "
        "markedsdialoger, hvert med erfaringene og hvor klart markedet er, og tar vare på beslutningen deres om hvert."
    ),
    "Agreement it follows": "Avtalen det bygger på",
    "Decided": "Besluttet",
    "No draft yet.": "Ingen utkast ennå.",
    "Start a draft from an agreement": "Start et utkast fra en avtale",
    "The draft starts from %(agreement)s: the criteria versions its awards were signed with, and the criteria "
    "proposed at market dialogue events for it (or for no agreement in particular). Beside each criterion you will "
    "see the lessons learned and how ready the market said it is, and you decide what to do with it.": (
        "Utkastet starter fra %(agreement)s: kravversjonene tildelingene ble signert med, og kravene som ble foreslått "
        "i markedsdialoger om den (eller om ingen bestemt avtale). Ved hvert krav ser dere erfaringene og hvor klart "
        "markedet sa at det er, og dere bestemmer hva som skal skje med det."
    ),
    "Wording in the agreement": "Ordlyden i avtalen",
    "New wording proposed at market dialogue events": "Ny ordlyd foreslått i markedsdialoger",
    "Answers and reasons per event": "Svar og begrunnelser per arrangement",
    "Your decision": "Deres beslutning",
    "Record the decision": "Registrer beslutningen",
    "Decisions, newest first": "Beslutninger, nyeste først",
    "Decisions on this criterion": "Beslutninger om dette kravet",
    "By": "Av",
    "Create a new criterion version": "Lag en ny kravversjon",
    "Create the criterion": "Opprett kravet",
    "This creates a new draft version of %(code)s in the criteria catalogue, prefilled from its latest version. It is "
    "activated in the catalogue, where its dates must not overlap another version.": (
        "Dette lager en ny utkastversjon av %(code)s i kravkatalogen, forhåndsutfylt fra siste versjon. Den aktiveres "
        "i kravkatalogen, der datoene ikke kan overlappe en annen versjon."
    ),
    "The criterion already has a draft, version %(version)s. The catalogue allows one draft at a time: <a "
    'href="%(url)s">edit that draft</a> instead.': (
        "Kravet har allerede et utkast, versjon %(version)s. Kravkatalogen tillater ett utkast om gangen: "
        '<a href="%(url)s">rediger det utkastet</a> i stedet.'
    ),
    "This creates a new criterion in the catalogue, with its first version as a draft, prefilled with the wording "
    "proposed at the market dialogue event.": (
        "Dette oppretter et nytt krav i kravkatalogen, med første versjon som utkast, forhåndsutfylt med ordlyden som "
        "ble foreslått i markedsdialogen."
    ),
    "Create the draft version": "Lag utkastversjonen",
}
