"""The Children in Need census code lists, as choices for what a social worker records.

The values are the department's codes, so what is stored is what the return sends: nothing is
translated on the way out except the category of harm, which the product names in words
(`Category`) and the census names in three letters (`CENSUS_CATEGORY`).
"""

from __future__ import annotations

import re

from django.db import models


class Sex(models.TextChoices):
    """The census's Sex item (it replaced GenderCurrent): an unborn child is always U."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known (and every unborn child)"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy or Roma"
    WOTH = "WOTH", "Any other White background"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability"


class UPNUnknown(models.TextChoices):
    """Why a child has no unique pupil number (the census accepts UN1 to UN7)."""

    UN1 = "UN1", "UN1: child is not of school age and has no UPN yet"
    UN2 = "UN2", "UN2: child has never attended a school in England"
    UN3 = "UN3", "UN3: child lives or is educated outside England"
    UN4 = "UN4", "UN4: UPN not yet obtained"
    UN5 = "UN5", "UN5: sources collating UPNs disagree"
    UN6 = "UN6", "UN6: child is an unaccompanied asylum-seeking child"
    UN7 = "UN7", "UN7: referral with no further action"


class ReferralSource(models.TextChoices):
    FAMILY = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance (including neighbours and child minders)"
    SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other (including strangers, MPs)"
    SCHOOLS = "2A", "Schools"
    EDUCATION = "2B", "Education services"
    GP = "3A", "Health: GP"
    HEALTH_VISITOR = "3B", "Health: health visitor"
    SCHOOL_NURSE = "3C", "Health: school nurse"
    PRIMARY_HEALTH = "3D", "Health: other primary health services"
    HOSPITAL_ED = "3E", "Health: A&E"
    HEALTH_OTHER = "3F", "Health: other (secondary) health services"
    HOUSING = "4", "Housing"
    SOCIAL_CARE = "5A", "LA services: social care"
    LA_INTERNAL = "5B", "LA services: other internal departments"
    LA_EXTERNAL = "5C", "LA services: external (e.g. from another authority)"
    EARLY_HELP = "5D", "LA services: early help"
    POLICE = "6", "Police"
    LEGAL = "7", "Other legal agency (courts, probation, prison, immigration)"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    """The main reason the child needs services, as assessed (PrimaryNeedCode)."""

    ABUSE_OR_NEGLECT = "N1", "N1: abuse or neglect"
    DISABILITY = "N2", "N2: child's disability or illness"
    PARENTAL_ILLNESS = "N3", "N3: parental illness or disability"
    ACUTE_STRESS = "N4", "N4: family in acute stress"
    DYSFUNCTION = "N5", "N5: family dysfunction"
    BEHAVIOUR = "N6", "N6: socially unacceptable behaviour"
    LOW_INCOME = "N7", "N7: low income"
    ABSENT_PARENTING = "N8", "N8: absent parenting"
    NOT_IN_NEED = "N9", "N9: cases other than children in need"
    NOT_STATED = "N0", "N0: not stated"


# The product's categories of harm (CATEGORY) and the census codes for them. MUL (more than one
# category) is never sent: every plan here has one primary category, decided by the chair.
CENSUS_CATEGORY: dict[str, str] = {
    "neglect": "NEG",
    "physical": "PHY",
    "sexual": "SAB",
    "emotional": "EMO",
}

LA_CHILD_ID = re.compile(r"^[A-Za-z0-9]{1,20}$")
# A UPN: a check letter, the three-digit LA code, eight more digits (establishment and serial), and a
# last character that is a digit or a letter (a temporary UPN). Check-letter arithmetic is the DfE's.
UPN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # I, O and S are never used


def upn_check_letter_ok(upn: str) -> bool:
    """The DfE check letter: sum of characters 2-13 weighted 2..13, modulo 23, as a letter."""
    total = 0
    for weight, char in enumerate(upn[1:], start=2):
        value = int(char) if char.isdigit() else _UPN_LETTERS.index(char) if char in _UPN_LETTERS else -1
        if value < 0:
            return False
        total += value * weight
    return upn[0] == _UPN_LETTERS[total % 23]
