"""French for the strings of issue 9, items 9 to 11 (numbers): merge with
`python scripts/translate.py scripts/fr_trust_numbers.py` after `make extract-messages`."""

FR = {
    "Enter a number such as 1 234 567,89 or 1234567.": "Saisissez un nombre tel que 1 234 567,89 ou 1234567.",
}
