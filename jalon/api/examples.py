"""Examples for the schema's components, from the real PTC programme (April 2024): every
operation's request and answer shows one. tests/test_api_contract.py validates each
against its component; Redocly and Spectral check them too."""

STATUS_REPORT = {
    "id": 102,
    "activity": "I.8",
    "session": "CTP-245-246",
    "keyword": "completed",
    "progress": "completed",
    "execution_level": "green",
    "text": {"fr": "Achevé en octobre 2024.", "en": "Completed in October 2024."},
    "version": 2,
    "carried_forward": False,
}
ACTIVITY = {
    "id": "0f8c2d3e-5b7a-4c1e-9d2f-6a4b8e1c3d5f",
    "ref": "I.8",
    "section": "time_bound",
    "number": 8,
    "priority": "B",
    "strategic_link": True,
    "title": {
        "fr": "Prendre note des nouveaux modules de formation sur la GCF pour l'accréditation "
        "et l'apprentissage en ligne"
    },
    "strategic_codes": ["PS3"],
    "task_type": "update",
    "task_type_raw": "Mise à jour",
    "responsible_bodies": ["CTP", "CRC"],
    "responsible_raw": "CTP, CRC",
    "resources": {
        "fr": "Deux agents de la Sous-direction de la facilitation et les Membres intéressés"
    },  # fmt: skip
    "kpi": {"fr": "Les nouveaux modules de formation sont présentés et pris en compte"},
    "deadline": {"fr": "Printemps 2023 (CTP)"},
    "due": "2023-04-27",
    "status": STATUS_REPORT,
}
SESSION = {
    "id": "CTP-243-244",
    "body": "CTP",
    "numbers": [243, 244],
    "start": "2024-04-23",
    "end": "2024-04-26",
    "frozen": True,
}
PROGRAMME = {
    "id": "CTP-2022-2025",
    "body": "CTP",
    "title": {"fr": "Programme de travail révisé 2022-2025 du CTP"},
    "period": [2022, 2025],
}
FINDING = {
    "rule": "execution-level",
    "severity": "warning",
    "activity": {"section": "time_bound", "number": 2},
    "message": {
        "fr": "Niveau d'exécution manquant (note 7) ; suggéré : vert.",
        "en": "Execution level missing (footnote 7); suggested: green.",
    },
    "suggestion": {"execution_level": "green", "basis": "keyword"},
}
FINDINGS_SUMMARY = {
    "activities": 94,
    "linked": 93,
    "linked_share": 0.9894,
    "by_rule": {"execution-level": 42, "overdue": 1, "priority": 6, "strategic-link": 1},
    "by_severity": {"error": 10, "warning": 186},
}


def page(name: str, item: dict, count: int) -> dict:
    return {
        "count": count,
        "next": f"http://127.0.0.1:8000/api/v1/{name}/?page=2" if count > 50 else None,
        "previous": None,
        "results": [item],
    }


# Component name → example.
EXAMPLES = {
    "StatusReport": STATUS_REPORT,
    "Activity": ACTIVITY,
    "Session": SESSION,
    "Programme": PROGRAMME,
    "Finding": FINDING,
    "FindingActivity": FINDING["activity"],
    "LevelSuggestion": FINDING["suggestion"],
    "Message": FINDING["message"],
    "FindingsSummary": FINDINGS_SUMMARY,
    "Findings": {
        "session": "CTP-243-244",
        "as_of": None,
        "findings": [FINDING],
        "summary": FINDINGS_SUMMARY,
    },  # fmt: skip
    "PaginatedActivityList": page("activities", ACTIVITY, 94),
    "PaginatedStatusReportList": page("status-reports", STATUS_REPORT, 188),
    "PaginatedProgrammeList": page("programmes", PROGRAMME, 1),
    "OpenSessionRequest": {"id": "CTP-247-248"},
    "UnfreezeRequest": {"reason": "The status of I.8 was recorded for the wrong activity."},
    "StatusWriteRequest": {
        "activity": "I.8",
        "session": "CTP-245-246",
        "keyword": "completed",
        "execution_level": "green",
        "text": {"fr": "Achevé en octobre 2024.", "en": "Completed in October 2024."},
        "version": 1,
    },
    "StatusUpdateRequest": {
        "keyword": "completed",
        "execution_level": "green",
        "text": {"fr": "Achevé en octobre 2024.", "en": "Completed in October 2024."},
        "version": 2,
    },
    "PatchedStatusUpdateRequest": {"text": {"en": "Completed in October 2024."}, "version": 2},
    "Agenda": {
        "body": "CONSEIL",
        "session": "CONSEIL-145-146",
        "start": "2025-06-26",
        "end": "2025-06-28",
        "entries": [
            {
                "programme": "CTP-2022-2025",
                "activity": "7a5588af-6c2d-4d8b-a377-e88039269d33",
                "ref": "I.12",
                "title": {
                    "fr": "Élaborer l'annexe aux Directives ferroviaires relative à "
                    "l'ensemble de données"
                },
                "deadline": {"fr": "Printemps 2025 (CTP) Juin 2025 (Conseil)"},
                "lead_body": "CTP",
                "milestone": {"bodies": ["CONSEIL"], "start": "2025-06-01", "end": "2025-06-30"},
                "latest_status": {
                    "session": "CTP-243-244",
                    "keyword": "in_progress",
                    "execution_level": "blue",
                    "text": {
                        "fr": "En cours : le jeu de données sera soumis au CTP au printemps 2025."
                    },
                },
            }
        ],
    },
}
