"""French for the strings of issue 9, items 9 to 11 (numbers): merge with
`python scripts/translate.py scripts/fr_trust_numbers.py` after `make extract-messages`."""

FR = {
    "Enter a number such as 1 234 567,89 or 1234567.": "Saisissez un nombre tel que 1 234 567,89 ou 1234567.",
    "The value cannot be negative: its unit (%(unit)s) is not a change or a balance.":
        "La valeur ne peut pas être négative : son unité (%(unit)s) n’est ni une variation ni un solde.",
    "Values may be negative only for a unit of change or balance, e.g. “net change”.":
        "Les valeurs ne peuvent être négatives que pour une unité de variation ou de solde, "
        "p. ex. « variation nette ».",
}
