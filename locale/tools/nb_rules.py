"""Bokmål for plausibility rules in questionnaires (followup/plausibility.py, the question
builder, the portal answer page, the review) and the factory list per lot."""

NB = {
    # The question builder
    "For a number question: a lower answer is refused. Leave empty for no limit.": (
        "For tallspørsmål: et lavere svar avvises. La feltet stå tomt for ingen grense."
    ),
    "For a number question: a higher answer is refused. Leave empty for no limit.": (
        "For tallspørsmål: et høyere svar avvises. La feltet stå tomt for ingen grense."
    ),
    "For a number question: a lower answer is saved, but the supplier must explain why.": (
        "For tallspørsmål: et lavere svar lagres, men leverandøren må forklare hvorfor."
    ),
    "For a number question: a higher answer is saved, but the supplier must explain why "
    "(for example 60 hours a week, the RBA limit).": (
        "For tallspørsmål: et høyere svar lagres, men leverandøren må forklare hvorfor "
        "(for eksempel 60 timer i uken, RBA-grensen)."
    ),
    "For a text question. Leave empty for no limit.": "For tekstspørsmål. La feltet stå tomt for ingen grense.",
    "For a date question, for example the date of the last audit.": (
        "For datospørsmål, for eksempel datoen for siste revisjon."
    ),
    "For a date question: how recent the date must be. Leave empty for no limit.": (
        "For datospørsmål: hvor ny datoen må være. La feltet stå tomt for ingen grense."
    ),
    "A date in the future": "En dato fram i tid",
    "Allowed": "Tillatt",
    "Plausibility rules, as the supplier is told:": "Rimelighetsregler, slik leverandøren ser dem:",
    "Refuse the answer": "Avvis svaret",
    "Save it, but ask the supplier why": "Lagre det, men be leverandøren forklare hvorfor",
    "unit (Bokmål)": "enhet (bokmål)",
    "For example 'timer i uken'.": "For eksempel «timer i uken».",
    "unit (English)": "enhet (engelsk)",
    "For example 'hours a week'.": "For eksempel «hours a week».",
    "lowest possible number": "laveste mulige tall",
    "highest possible number": "høyeste mulige tall",
    "lowest usual number": "laveste vanlige tall",
    "highest usual number": "høyeste vanlige tall",
    "maximum length (characters)": "største lengde (tegn)",
    "when the text is longer": "når teksten er lengre",
    "a date in the future": "en dato fram i tid",
    "not older than (months)": "ikke eldre enn (måneder)",
    "when the date is older": "når datoen er eldre",
    "The lowest possible number cannot be above the highest.": (
        "Det laveste mulige tallet kan ikke være høyere enn det høyeste."
    ),
    "The lowest usual number cannot be above the highest usual number.": (
        "Det laveste vanlige tallet kan ikke være høyere enn det høyeste vanlige tallet."
    ),
    "The highest possible number cannot be below the lowest.": (
        "Det høyeste mulige tallet kan ikke være lavere enn det laveste."
    ),
    "The highest usual number cannot be below the lowest usual number.": (
        "Det høyeste vanlige tallet kan ikke være lavere enn det laveste vanlige tallet."
    ),
    "The usual range must lie within the possible range.": (
        "Det vanlige spennet må ligge innenfor det mulige spennet."
    ),
    "A maximum length must be at least 1 character.": "En største lengde må være minst 1 tegn.",
    "The window must be at least 1 month.": "Perioden må være minst 1 måned.",
    # The answer
    "reason for an unusual answer": "begrunnelse for et uvanlig svar",
    "The supplier's explanation of an answer outside the question's usual range.": (
        "Leverandørens forklaring på et svar utenfor det vanlige spennet for spørsmålet."
    ),
    "Why is the answer outside the usual range?": "Hvorfor er svaret utenfor det vanlige spennet?",
    "Required before you submit": "Må fylles ut før du sender inn",
    "These answers are outside the usual range. Explain why in the field under each answer:": (
        "Disse svarene er utenfor det vanlige spennet. Forklar hvorfor i feltet under hvert svar:"
    ),
    "Nothing was saved. Please correct these answers:": "Ingenting ble lagret. Rett disse svarene:",
    "Enter a valid date.": "Skriv inn en gyldig dato.",
    # The rules' messages
    "%(value)s is not possible here: enter a number from %(min)s to %(max)s.": (
        "%(value)s er ikke mulig her: skriv inn et tall fra %(min)s til %(max)s."
    ),
    "%(value)s is not possible here: enter %(min)s or more.": (
        "%(value)s er ikke mulig her: skriv inn %(min)s eller mer."
    ),
    "%(value)s is not possible here: enter %(max)s or less.": (
        "%(value)s er ikke mulig her: skriv inn %(max)s eller mindre."
    ),
    "%(value)s is above the usual limit of %(max)s. Please explain why.": (
        "%(value)s er over den vanlige grensen på %(max)s. Forklar hvorfor."
    ),
    "%(value)s is below the usual minimum of %(min)s. Please explain why.": (
        "%(value)s er under det vanlige minimumet på %(min)s. Forklar hvorfor."
    ),
    "The answer is %(length)d characters long; shorten it to at most %(max)d.": (
        "Svaret er %(length)d tegn langt; kort det ned til høyst %(max)d."
    ),
    "The answer is %(length)d characters long, more than the usual %(max)d. Please explain why.": (
        "Svaret er %(length)d tegn langt, mer enn de vanlige %(max)d. Forklar hvorfor."
    ),
    "The date cannot be in the future.": "Datoen kan ikke være fram i tid.",
    "The date is in the future. Please explain why.": "Datoen er fram i tid. Forklar hvorfor.",
    "The date is more than %(months)d months ago; it cannot be older than %(earliest)s.": (
        "Datoen er mer enn %(months)d måneder tilbake; den kan ikke være eldre enn %(earliest)s."
    ),
    "The date is more than %(months)d months ago. Please explain why.": (
        "Datoen er mer enn %(months)d måneder tilbake. Forklar hvorfor."
    ),
    "From %(min)s to %(max)s.": "Fra %(min)s til %(max)s.",
    "At least %(min)s.": "Minst %(min)s.",
    "At most %(max)s.": "Høyst %(max)s.",
    "In %(unit)s.": "I %(unit)s.",
    "Above %(max)s you will be asked why.": "Over %(max)s blir du bedt om å forklare hvorfor.",
    "Below %(min)s you will be asked why.": "Under %(min)s blir du bedt om å forklare hvorfor.",
    "At most %(max)d characters.": "Høyst %(max)d tegn.",
    "Not in the future.": "Ikke fram i tid.",
    "If in the future you will be asked why.": "Er datoen fram i tid, blir du bedt om å forklare hvorfor.",
    "Not older than %(months)d months.": "Ikke eldre enn %(months)d måneder.",
    "If older than %(months)d months you will be asked why.": (
        "Er datoen eldre enn %(months)d måneder, blir du bedt om å forklare hvorfor."
    ),
    "Question %(numbers)s has an answer outside the usual range: explain why before you submit.": (
        "Spørsmål %(numbers)s har et svar utenfor det vanlige spennet: forklar hvorfor før du sender inn.",
        "Spørsmål %(numbers)s har svar utenfor det vanlige spennet: forklar hvorfor før du sender inn.",
    ),
    # The review
    "Outside the usual range": "Utenfor det vanlige spennet",
    "Reason given by the supplier": "Leverandørens begrunnelse",
    "Not explained yet": "Ikke forklart ennå",
    # Factories per lot (Electronics Watch disclosure)
    "Products (models)": "Produkter (modeller)",
    "The contracted products made there, for example 'EliteBook 840 G11, final assembly'.": (
        "Produktene i avtalen som lages der, for eksempel «EliteBook 840 G11, sluttmontering»."
    ),
    "factory": "fabrikk",
    "products (models)": "produkter (modeller)",
    "factory disclosure": "oppgitt fabrikk",
    "factory disclosures": "oppgitte fabrikker",
    "This factory is already disclosed for this lot and stage.": (
        "Denne fabrikken er allerede oppgitt for dette delkontrakten og produksjonsleddet."
    ),
    "The factory is disclosed for this lot.": "Fabrikken er oppgitt for dette delkontrakten.",
    "%(factory)s is withdrawn from lot %(lot)s.": "%(factory)s er trukket tilbake fra delkontrakt %(lot)s.",
    "This award is no longer in force.": "Denne tildelingen gjelder ikke lenger.",
    "Choose one of the lots of your award.": "Velg et av delkontraktene i tildelingen deres.",
    "Choose one of your own factories.": "Velg en av deres egne fabrikker.",
    "Name the products made there.": "Oppgi produktene som lages der.",
    "Street address": "Gateadresse",
    "Products": "Produkter",
    "Factory list": "Fabrikkliste",
    "of lot %(number)s": "for delkontrakt %(number)s",
    "lot %(number)s %(title)s": "delkontrakt %(number)s %(title)s",
    "The factories that make the products delivered under each lot, as the suppliers disclosed them in the "
    "portal: one row per factory and lot, the list public buyers publish under Electronics Watch's disclosure "
    "condition.": (
        "Fabrikkene som lager produktene som leveres under hvert delkontrakt, slik leverandørene har oppgitt dem i "
        "portalen: én rad per fabrikk og delkontrakt, listen offentlige innkjøpere publiserer etter Electronics "
        "Watchs krav om åpenhet."
    ),
    "Choose a lot": "Velg et delkontrakt",
    "All lots": "Alle delkontrakter",
    "Download as CSV": "Last ned som CSV",
    "Download as Excel": "Last ned som Excel",
    "%(counter)s factory and lot": ("%(counter)s fabrikk og delkontrakt", "%(counter)s fabrikker og delkontrakter"),
    "No supplier has disclosed a factory for this yet.": "Ingen leverandør har oppgitt en fabrikk for dette ennå.",
    "Factories per lot": "Fabrikker per delkontrakt",
    "Say which of your factories make the products you deliver under each lot, with the products and the "
    "production stage. The buyer publishes this list, as the contract's disclosure condition requires.": (
        "Oppgi hvilke av fabrikkene deres som lager produktene dere leverer under hvert delkontrakt, med produktene "
        "og produksjonsleddet. Oppdragsgiveren publiserer listen, slik kontraktens krav om åpenhet krever."
    ),
    "You hold no award in a framework agreement, so there is nothing to disclose.": (
        "Dere har ingen tildeling i en rammeavtale, så det er ingenting å oppgi."
    ),
    "Disclose a factory for a lot": "Oppgi en fabrikk for et delkontrakt",
    "First add the factory to your sites.": "Legg først til fabrikken blant produksjonsstedene deres.",
    "Disclose": "Oppgi",
    "A factory that is missing from the list?": "Mangler en fabrikk i listen?",
    "Add it to your sites first": "Legg den til blant produksjonsstedene først",
    "Lot %(number)s %(title)s": "Delkontrakt %(number)s %(title)s",
    "%(factory)s from lot %(number)s": "%(factory)s fra delkontrakt %(number)s",
    "No factory disclosed for this lot yet.": "Ingen fabrikk er oppgitt for dette delkontrakten ennå.",
    "This award has no lots.": "Denne tildelingen har ingen delkontrakter.",
    "Say which factories make each lot's products": "Oppgi hvilke fabrikker som lager produktene i hvert delkontrakt",
}
