"""The registry of WCO bodies and the reading of the "Organe responsable" column.

Each body has a canonical code (what the data stores), its French and English acronym
and name, the other ways the document writes it (aliases), how many session numbers one
of its meetings carries (one, "44th session", or two, "243rd/244th sessions"), its
languages and, optionally, the rule that numbers its meetings (`MeetingRule`). English
names marked † in GLOSSARY.md are defaults users may correct in the admin.

These values are the seed: the database (the admin) holds the registry; the Django side
builds a `jalon.core.registry.Registry` from it and hands it to the core. The module
functions below read the seed registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jalon.core.vocabulary import fold


@dataclass(frozen=True)
class MeetingRule:
    """How a body numbers its meetings: `slots` are the months each yearly meeting is held
    in ((3, 5) for a spring meeting, (6, 6) for a June one), in the order of the year; the
    first meeting of `base_year` has the session number `base_number`, and every meeting
    takes the body's `numbers_per_meeting` numbers after it."""

    base_year: int
    base_number: int
    slots: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class BodyInfo:
    code: str
    acronym_fr: str
    acronym_en: str
    name_fr: str
    name_en: str
    aliases: tuple[str, ...] = field(default=())
    numbers_per_meeting: int = 1
    languages: tuple[str, ...] = ("fr", "en")
    rule: MeetingRule | None = None

    def spellings(self) -> tuple[str, ...]:
        return (self.code, self.acronym_fr, self.acronym_en, self.name_fr, self.name_en,
                *self.aliases)  # fmt: skip


BODIES: tuple[BodyInfo, ...] = (
    BodyInfo("CTP", "CTP", "PTC", "Comité technique permanent", "Permanent Technical Committee",
             numbers_per_meeting=2, rule=MeetingRule(2013, 199, ((3, 5), (9, 11)))),
    BodyInfo("CPG", "CPG", "PC", "Commission de politique générale", "Policy Commission",
             rule=MeetingRule(2022, 86, ((6, 6), (12, 12)))),
    BodyInfo("CONSEIL", "Conseil", "Council", "Conseil de coopération douanière", "Council",
             ("Customs Co-operation Council",), numbers_per_meeting=2,
             rule=MeetingRule(2015, 125, ((6, 6),))),
    BodyInfo("EPMD", "EPMD", "DMPT", "Équipe de projets chargée du Modèle de données",
             "Data Model Projects Team", ("Équipe de projets en charge du Modèle de données",)),
    BodyInfo("GTS", "GTS", "SWG", "Groupe de travail SAFE", "SAFE Working Group", ("GT-SAFE",)),
    BodyInfo("CTRO", "CTRO", "TCRO", "Comité technique des règles d'origine",
             "Technical Committee on Rules of Origin"),
    BodyInfo("CRC", "CRC", "CBC", "Comité du renforcement des capacités",
             "Capacity Building Committee"),
    BodyInfo("CLF", "CLF", "EC", "Comité de la lutte contre la fraude", "Enforcement Committee"),
    BodyInfo("CSH", "CSH", "HSC", "Comité du Système harmonisé", "Harmonized System Committee"),
    BodyInfo("CG/CKR", "CG/CKR", "RKC/MC", "Comité de gestion de la CKR",
             "Revised Kyoto Convention Management Committee", ("CG de la CKR",)),
    BodyInfo("GET-INI", "GET-INI", "TEG-NII",
             "Groupe d'experts techniques sur l'inspection non intrusive",
             "Technical Experts Group on Non-Intrusive Inspection"),
    BodyInfo("GT-QFCP", "GT-QFCP", "PFCWG",
             "Groupe de travail sur les questions de facilitation et de contrôle des passagers",
             "Passenger Facilitation and Control Working Group"),
    BodyInfo("GT-MP", "GT-MP", "WGPM", "Groupe de travail sur la mesure de la performance",
             "Working Group on Performance Measurement"),
    BodyInfo("EPMP", "EPMP", "PMM project team",
             "Équipe de projet sur le Mécanisme de mesure de la performance",
             "Performance Measurement Mechanism project team"),
    BodyInfo("CC-OMD-UPU", "CC OMD-UPU", "WCO-UPU CC", "Comité de contact OMD-UPU",
             "WCO-UPU Contact Committee"),
    BodyInfo("CC-RPCV-PNR", "CC RPCV/PNR", "API/PNR CC", "Comité de contact RPCV/PNR",
             "WCO/IATA/ICAO API/PNR Contact Committee"),
    BodyInfo("CAP", "Groupe CAP", "CAP Group", "Groupe contrefaçon et piratage",
             "Counterfeiting and Piracy Group"),
    BodyInfo("CG-ATA-ISTANBUL", "CG ATA/Istanbul", "ATA/Istanbul AC",
             "Comité de gestion de la Convention ATA et de la Convention d'Istanbul",
             "ATA/Istanbul Administrative Committee",
             ("CG de la Convention d'Istanbul", "PC à la Convention ATA")),
    BodyInfo("CG-CDC", "CG de la CDC", "CCC AC",
             "Comité de gestion de la Convention douanière relative aux conteneurs",
             "Customs Convention on Containers, 1972, Administrative Committee"),
    BodyInfo("GCSP", "GCSP", "PSCG", "Groupe consultatif du secteur privé",
             "Private Sector Consultative Group"),
)  # fmt: skip

BODIES_BY_CODE = {body.code: body for body in BODIES}

# Words that join bodies in a cell: ",", "et", "and", "avec le soutien du/de la …".
_SEPARATORS = re.compile(
    r"\s*,\s*|\s+et\s+|\s+and\s+|\s+avec le soutien d(?:u|e la|e l'|es)\s+"
    r"|\s+with the support of(?: the)?\s+",
    re.IGNORECASE,
)


class BodyNames:
    """Reading body names against a set of bodies (the seed's, or the database's)."""

    def __init__(self, bodies: tuple[BodyInfo, ...]):
        self.aliases = {
            fold(spelling): body.code for body in bodies for spelling in body.spellings()
        }
        compound = sorted(
            {s for body in bodies for s in body.spellings() if _SEPARATORS.search(s) or "," in s},
            key=len,
            reverse=True,
        )
        self.compound = re.compile(
            "|".join(r"\s+".join(map(re.escape, spelling.split())) for spelling in compound)
            or r"(?!)",
            re.IGNORECASE,
        )

    def body_code(self, spelling: str) -> str | None:
        """The canonical code of a body written any known way, or None."""
        return self.aliases.get(fold(spelling).removeprefix("le ").removeprefix("la "))

    def parse_responsible(self, cell: str) -> list[str]:
        """Canonical codes of the bodies named in a cell, lead first, in the cell's order.

        A piece that names no known body is kept as written, so nothing is lost; a piece of
        space-separated acronyms ("CTP CPG Conseil") is read word by word when every word
        is a known body.
        """
        codes: list[str] = []
        # Names that themselves contain "et"/"and" ("Groupe contrefaçon et piratage") are
        # replaced by their code before the cell is split at its separators.
        cell = self.compound.sub(lambda m: self.body_code(m[0]) or m[0], cell.strip())
        for piece in _SEPARATORS.split(cell):
            piece = piece.strip(" .;")
            if not piece:
                continue
            code = self.body_code(piece)
            if code is None:
                words = [self.body_code(word) for word in piece.split()]
                found = words if words and all(words) else [piece]
            else:
                found = [code]
            codes.extend(code for code in found if code not in codes)
        return codes


SEED_NAMES = BodyNames(BODIES)


def body_code(spelling: str) -> str | None:
    """The canonical code of a body written any known way (in the seed), or None."""
    return SEED_NAMES.body_code(spelling)


def parse_responsible(cell: str) -> list[str]:
    """Canonical codes of the bodies named in a cell (read against the seed)."""
    return SEED_NAMES.parse_responsible(cell)
