"""Every label, legend and footnote of the session document, in French and English.

French is the document's own wording; English follows GLOSSARY.md.
"""

FR = {
    "title_suffix": "et état d'avancement",
    "presented": "(présenté au {body} en {month} {year})",
    "to_be_presented": "(à présenter au {body} en {month} {year})",
    "default_title": "Programme de travail {start}-{end} du {body}",
    "sections": {
        "time_bound": "I. Activités entreprises dans un délai spécifique",
        "permanent": "II. Activités permanentes",
    },
    "columns": {
        "number": ("N°", ""),
        "priority": ("Niveau de priorité", ""),
        "strategic_link": ("Lien avec le Plan stratégique", "1"),
        "title": ("Activités", "2"),
        "strategic_codes": ("Plan stratégique de l'OMD", "3"),
        "task_type": ("Type de tâches associées", "4"),
        "responsible": ("Organe responsable", "5"),
        "resources": ("Ressources", ""),
        "kpi": ("Indicateurs de performance clés", ""),
        "deadline": ("Délai", ""),
        "status": ("Etat d'avancement", "6"),
        "execution_level": ("Niveau d'exécution", "7"),
    },
    "explanations": {
        "number": "",
        "priority": "Quel est le niveau de priorité de l'activité ? A=élevé B=moyen C=bas",
        "strategic_link": "Cette activité a-t-elle un lien direct avec les principaux domaines "
        "du Plan stratégique ? Oui (O) ou Non (N)",
        "title": "Activités planifiées ?",
        "strategic_codes": "Rapport avec le Plan stratégique en termes de processus, de "
        "domaines et d'amélioration organisationnelle ?",
        "task_type": "Tenue à jour, mise à jour ou développement de nouvelles initiatives ?",
        "responsible": "Organe en charge + organes de soutien et de prise de décisions",
        "resources": "Ressources mobilisées pour la conduite de cette activité ?",
        "kpi": "Objectifs à atteindre avant que la tâche ne soit considérée comme totalement "
        "achevée ?",
        "deadline": "Délai ?",
        "status": "Situation de la mise en œuvre de cette activité spécifique ? - Niveau "
        "d'exécution - Brève description des étapes clés déjà atteintes - Etapes suivantes",
        "execution_level": "Vert = Achevé Bleu = En cours Rouge = Reporté ou non commencé",
    },
    "permanent_deadline_mark": "8",
    "footnotes": [
        "Le Plan stratégique se concentre sur un nombre limité de questions stratégiques pour "
        "l'OMD. Dans cette colonne, il convient d'indiquer si l'activité à mener a un lien "
        "direct avec au moins l'un des principaux domaines couverts par le Plan stratégique, "
        "en cochant simplement « Oui » ou « Non ». Afin de s'assurer que les activités menées "
        "par les organes de travail de l'OMD sont conformes à la stratégie globale, 100 % "
        "d'entre elles doivent présenter un lien direct avec les principaux domaines du Plan "
        "stratégique.",
        "Toutes les activités énoncées seront financées. Lorsque le financement de l'une "
        "quelconque de ces tâches doit être approuvé par le Comité financier, cette précision "
        "sera mentionnée dans la colonne « Etat d'avancement » du modèle.",
        "Processus stratégiques (PS) : PS1 - Développer, mettre à jour et mettre en œuvre des "
        "instruments; PS2 - Encourager la coopération douanière; PS3 - Renforcer les "
        "capacités; PS4 - Recherche; SP5 - Communiquer; Axes (FA) : FA1 - Axe 1; FA2 - Axe 2; "
        "FA3 - Axe 3; Capacité organisationnelle (ORG) : ORG1 - Plan de modernisation; ORG2 - "
        "Politique de financement.",
        "Le programme de travail distingue trois types de tâches : 1. « Mise au point » qui se "
        "réfère aux ajustements, clarifications ou décisions techniques concernant des "
        "instruments existants; 2. « Mise à jour » qui se réfère à une révision plus "
        "approfondie d'instruments existants; et 3. « Développement » qui se réfère à "
        "l'élaboration de nouveaux instruments et au lancement de nouvelles initiatives.",
        "Outre l'organe lui-même, les organes responsables incluent ceux qui font rapport ou "
        "qui informent l'organe lui-même, ainsi que la Commission de politique générale et le "
        "Conseil et ont un rôle à jouer (discussion, orientation, approbation) dans "
        "l'exécution de la tâche.",
        "Un rapport de situation doit être établi dans le cadre des documents de chaque "
        "session des organes de travail. Les informations fournies doivent contenir les "
        "éléments suivants : 1. « Etat d'avancement » clairement stipulé, avec des mots clés "
        "tels que « Reporté », « Pas encore commencé », « En cours », « Achevé »; 2. « Brève "
        "description des étapes clés déjà atteintes » qui englobe la rédaction des documents, "
        "leur présentation aux organes de travail, le retour d'information reçu des organes de "
        "travail, avec une indication du calendrier pour chacune de ces étapes; 3. « Etapes "
        "suivantes » qui fournit des indications sur les actions clés à suivre pour achever "
        "l'activité.",
        "Le niveau d'exécution est un code couleur indiquant l'état d'avancement de l'activité "
        "au moment de la session de l'organe de travail. Il doit mettre en évidence, de manière "
        "simple et directe, la situation de l'organe de travail concernant l'exécution de "
        "l'activité en question. Trois couleurs doivent être utilisées : vert pour « Achevé », "
        "bleu pour « En cours » et rouge pour « Reporté ou non commencé ».",
        "En cas d'activité permanente, il y a lieu d'indiquer « Travail continu »",
    ],
    "levels": {"green": "Vert", "blue": "Bleu", "red": "Rouge"},
    "keywords": {
        "completed": "Achevé",
        "in_progress": "En cours",
        "postponed": "Reporté",
        "not_started": "Pas encore commencé",
    },
    "keyword_marker": "Avancement : {keyword}",
    "keyword_column": "Mot clé d'avancement",
    "yes": "Oui",
    "no": "Non",
    "original_marker": {"fr": "[original français]", "en": "[original anglais]"},
    "untranslated_note": "Les textes en italique précédés de « [original anglais] » n'ont pas "
    "encore été traduits ; ils sont donnés en anglais.",
    "organisation": {"fr": "Organisation mondiale des douanes", "en": "World Customs Organization"},
    "ordinal": "{n}ème",
    "sessions_one": "{numbers} session",
    "sessions_many": "{numbers} sessions",
    "and": "et",
    "place": "Bruxelles",
    "date": "{day} {month} {year}",
    "reference": "Programme de travail {start}-{end} – {body} {numbers}",
    "original_line": "Original : {language}",
    "language_names": {"fr": "français", "en": "anglais"},
    "annex": "Annexe",
    "months": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],  # fmt: skip
    "task_types": {
        "fine_tuning": "Mise au point",
        "update": "Mise à jour",
        "development": "Développement",
        "maintenance": "Suivi",
    },
    "page": "Page",
    "of": "sur",
    "summary": {
        "heading": "Synthèse de la session {session}",
        "no_session": "Aucune session",
        "activities": "{n} activités : {time_bound} dans un délai spécifique, "
        "{permanent} permanentes",
        "levels": "Niveau d'exécution (section I)",
        "levels_note": "{n} niveau(x) non enregistré(s), suggéré(s) par jalon d'après "
        "l'état d'avancement",
        "not_set": "non défini",
        "priorities": "Niveau de priorité",
        "missing": "manquant",
        "areas": "Domaines du Plan stratégique",
        "overdue": "Activités en retard",
        "none": "Aucune",
        "findings": "Constats du contrôle des règles",
        "rule": "Règle",
        "errors": "Erreurs",
        "warnings": "Avertissements",
        "linked": "{linked} activités sur {total} liées au Plan stratégique ({share})",
    },
    "areas": {
        "PS": "Processus (PS)",
        "FA": "Axes (FA)",
        "ORG": "Capacité org. (ORG)",
        "OS": "Objectifs (OS)",
        "other": "Autres",
    },  # fmt: skip
    "section_short": {"time_bound": "I. Délai spécifique", "permanent": "II. Permanentes"},
}

EN = {
    "title_suffix": "and status report",
    "presented": "(presented to the {body} in {month} {year})",
    "to_be_presented": "(to be presented to the {body} in {month} {year})",
    "default_title": "{body} work programme {start}-{end}",
    "sections": {
        "time_bound": "I. Time-bound activities",
        "permanent": "II. Permanent activities",
    },
    "columns": {
        "number": ("No.", ""),
        "priority": ("Level of priority", ""),
        "strategic_link": ("Link to the Strategic Plan", "1"),
        "title": ("Activities", "2"),
        "strategic_codes": ("WCO Strategic Plan", "3"),
        "task_type": ("Type of associated tasks", "4"),
        "responsible": ("Responsible body", "5"),
        "resources": ("Resources", ""),
        "kpi": ("Key performance indicators (KPI)", ""),
        "deadline": ("Timeline", ""),
        "status": ("Status (progress report)", "6"),
        "execution_level": ("Execution level", "7"),
    },
    "explanations": {
        "number": "",
        "priority": "What is the level of priority of the activity? A=high B=medium C=low",
        "strategic_link": "Is the activity directly linked to the main areas of the "
        "Strategic Plan? Yes (Y) or No (N)",
        "title": "Planned activities?",
        "strategic_codes": "Relation to the Strategic Plan in terms of processes, focus "
        "areas and organisational improvement?",
        "task_type": "Maintenance, update or development of new initiatives?",
        "responsible": "Body in charge + supporting and decision-making bodies",
        "resources": "Resources mobilised to carry out this activity?",
        "kpi": "Objectives to be met before the task is considered fully completed?",
        "deadline": "Timeline?",
        "status": "Implementation status of this specific activity? - Execution level - "
        "Brief description of the milestones already reached - Next steps",
        "execution_level": "Green = Completed Blue = In progress Red = Postponed or not started",
    },
    "permanent_deadline_mark": "8",
    "footnotes": [
        "The Strategic Plan focuses on a limited number of strategic issues for the WCO. This "
        "column should indicate whether the activity has a direct link with at least one of "
        "the main areas covered by the Strategic Plan, by simply ticking “Yes” or “No”. To "
        "ensure that the activities of the WCO working bodies are in line with the overall "
        "strategy, 100% of them must be directly linked to the main areas of the Strategic "
        "Plan.",
        "All the activities listed will be funded. Where the funding of any of these tasks "
        "must be approved by the Finance Committee, this will be mentioned in the “Status” "
        "column of the template.",
        "Strategic processes (SP): SP1 - Develop, maintain and implement instruments; SP2 - "
        "Foster Customs cooperation; SP3 - Build capacity; SP4 - Research; SP5 - Communicate; "
        "Focus areas (FA): FA1 - Focus area 1; FA2 - Focus area 2; FA3 - Focus area 3; "
        "Organisational capacity (ORG): ORG1 - Modernisation plan; ORG2 - Funding policy.",
        "The work programme distinguishes three types of tasks: 1. “Fine-tuning”, meaning "
        "adjustments, clarifications or technical decisions on existing instruments; 2. "
        "“Update”, meaning a more thorough revision of existing instruments; and 3. "
        "“Development”, meaning the drafting of new instruments and the launch of new "
        "initiatives.",
        "Besides the body itself, the responsible bodies include those reporting to or "
        "informing the body itself, as well as the Policy Commission and the Council, which "
        "have a role (discussion, guidance, approval) in carrying out the task.",
        "A status report must be drawn up as part of the documents of each session of the "
        "working bodies. It must contain: 1. the “Status”, clearly stated with keywords such "
        "as “Postponed”, “Not started”, “In progress”, “Completed”; 2. a “Brief description of "
        "the milestones already reached”, covering the drafting of documents, their "
        "presentation to the working bodies and the feedback received, with dates for each of "
        "these steps; 3. “Next steps”, indicating the key actions still needed to complete the "
        "activity.",
        "The execution level is a colour code showing the progress of the activity at the "
        "time of the working body's session. It must show simply and directly where the "
        "working body stands on the activity. Three colours are used: green for “Completed”, "
        "blue for “In progress” and red for “Postponed or not started”.",
        "For a permanent activity, indicate “Ongoing work”.",
    ],
    "levels": {"green": "Green", "blue": "Blue", "red": "Red"},
    "keywords": {
        "completed": "Completed",
        "in_progress": "In progress",
        "postponed": "Postponed",
        "not_started": "Not started",
    },
    "keyword_marker": "Progress: {keyword}",
    "keyword_column": "Progress keyword",
    "yes": "Yes",
    "no": "No",
    "original_marker": {"fr": "[French original]", "en": "[English original]"},
    "untranslated_note": "Text in italics introduced by “[French original]” has not been "
    "translated into English yet; it is given in French.",
    "organisation": {"fr": "Organisation mondiale des douanes", "en": "World Customs Organization"},
    "ordinal": "{n}th",  # see report.ordinal: 1st, 2nd, 3rd
    "sessions_one": "{numbers} Session",
    "sessions_many": "{numbers} Sessions",
    "and": "and",
    "place": "Brussels",
    "date": "{day} {month} {year}",
    "reference": "Work programme {start}-{end} – {body} {numbers}",
    "original_line": "Original: {language}",
    "language_names": {"fr": "French", "en": "English"},
    "annex": "Annex",
    "months": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],  # fmt: skip
    "task_types": {
        "fine_tuning": "Fine-tuning",
        "update": "Update",
        "development": "Development",
        "maintenance": "Maintenance (follow-up)",
    },
    "page": "Page",
    "of": "of",
    "summary": {
        "heading": "Summary of session {session}",
        "no_session": "No session",
        "activities": "{n} activities: {time_bound} time-bound, {permanent} permanent",
        "levels": "Execution level (section I)",
        "levels_note": "{n} level(s) not recorded, suggested by jalon from the status text",
        "not_set": "not set",
        "priorities": "Level of priority",
        "missing": "missing",
        "areas": "Strategic Plan areas",
        "overdue": "Overdue activities",
        "none": "None",
        "findings": "Rule checker findings",
        "rule": "Rule",
        "errors": "Errors",
        "warnings": "Warnings",
        "linked": "{linked} of {total} activities linked to the Strategic Plan ({share})",
    },
    "areas": {
        "PS": "Processes (SP)",
        "FA": "Focus areas (FA)",
        "ORG": "Org. capacity (ORG)",
        "OS": "Objectives (SO)",
        "other": "Other",
    },  # fmt: skip
    "section_short": {"time_bound": "I. Time-bound", "permanent": "II. Permanent"},
}

LABELS = {"fr": FR, "en": EN}

LEVEL_COLOURS = {"green": "92D050", "blue": "00B0F0", "red": "FF0000"}  # Word's own shades
# Black on every shade: the word stays readable when the page is printed in black and white.
LEVEL_TEXT_COLOURS = {"green": "000000", "blue": "000000", "red": "000000"}
