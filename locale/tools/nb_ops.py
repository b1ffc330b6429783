"""Bokmål for the strings of the operations work (health, logs, backup/restore)."""

NB = {
    "Operations": "Drift",
    "Worker heartbeat": "Livstegn fra bakgrunnsprosessene",
    "The archive holds a file with an unsafe name: %(name)s.": (
        "Arkivet inneholder en fil med et utrygt navn: %(name)s."
    ),
    "No such backup file: %(path)s": "Finner ingen sikkerhetskopi: %(path)s",
    "The archive holds something that is not a file: %(name)s.": (
        "Arkivet inneholder noe som ikke er en fil: %(name)s."
    ),
    "%(name)s is not a readable backup archive (%(error)s).": (
        "%(name)s er ikke et lesbart arkiv med sikkerhetskopi (%(error)s)."
    ),
    "%(name)s is not an Oslo Procurement backup (no manifest).": (
        "%(name)s er ikke en sikkerhetskopi fra Oslo Procurement (manifestet mangler)."
    ),
    "%(name)s has backup format %(found)s; this version reads format %(wanted)s.": (
        "%(name)s har sikkerhetskopiformat %(found)s; denne versjonen leser format %(wanted)s."
    ),
    "The archive does not match its manifest: missing %(missing)s, unexpected %(extra)s.": (
        "Arkivet stemmer ikke med manifestet sitt: mangler %(missing)s, uventet %(extra)s."
    ),
    "Checksums differ, the archive is damaged: %(names)s.": "Sjekksummene er ulike, arkivet er skadet: %(names)s.",
    "The backup was made with other migrations than this database has (only in the backup: "
    "%(backup)s; only here: %(here)s). Restore with the version of Oslo Procurement that made "
    "the backup (%(version)s), then upgrade with migrate.": (
        "Sikkerhetskopien ble laget med andre migreringer enn denne databasen har (bare i "
        "sikkerhetskopien: %(backup)s; bare her: %(here)s). Gjenopprett med den versjonen av "
        "Oslo Procurement som laget sikkerhetskopien (%(version)s), og oppgrader deretter med migrate."
    ),
    "The target is not empty: %(rows)s rows in %(models)s models (%(tables)s) and %(files)s "
    "stored files. Restore only into an empty database and storage, or pass --force to "
    "replace everything in them.": (
        "Målet er ikke tomt: %(rows)s rader i %(models)s modeller (%(tables)s) og %(files)s "
        "lagrede filer. Gjenopprett bare til en tom database og et tomt fillager, eller bruk "
        "--force for å erstatte alt som ligger der."
    ),
    "The storage saved %(name)s as %(saved)s; is it really empty?": (
        "Fillageret lagret %(name)s som %(saved)s; er det virkelig tomt?"
    ),
    "Row counts after loading differ from the backup's (now, expected): %(wrong)s.": (
        "Antall rader etter innlesingen avviker fra sikkerhetskopien (nå, forventet): %(wrong)s."
    ),
    "Backup written to %(path)s (%(size)s): %(rows)s rows, %(files)s files.": (
        "Sikkerhetskopi skrevet til %(path)s (%(size)s): %(rows)s rader, %(files)s filer."
    ),
    "Restored %(rows)s rows and %(files)s files from the backup of %(date)s.": (
        "Gjenopprettet %(rows)s rader og %(files)s filer fra sikkerhetskopien tatt %(date)s."
    ),
}
