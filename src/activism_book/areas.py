"""The countries and aggregates the book covers: one definition, with the names it uses.

Codes are ISO 3166 alpha-3 for countries and the World Bank's codes for its aggregates. The
derivations recode every source's own spelling of a name to these codes.
"""

COUNTRIES = {
    "PAK": "Pakistan",
    "IND": "India",
    "BGD": "Bangladesh",
    "LKA": "Sri Lanka",
    "NPL": "Nepal",
}
AGGREGATES = {"SAS": "South Asia", "WLD": "World"}
AREAS = {**COUNTRIES, **AGGREGATES}  # code -> name
CODE_OF_NAME = {name: code for code, name in AREAS.items()}

# Pakistan's provinces as the PSLM files name them -> as the 2017 census names them.
CENSUS_NAME_OF_PROVINCE = {
    "Punjab": "Punjab",
    "Sindh": "Sindh",
    "KP": "Khyber Pakhtunkhwa",
    "Balochistan": "Balochistan",
}
