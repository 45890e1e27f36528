"""The copy of the small world (tests/world_support.py): its languages, pillars, topics, slugs,
the strings a test reads in another language, and a crisis line per language. Written for the
tests, never the demo's."""

LANGUAGES = ["en", "sv", "de", "es", "fr", "pt-br"]

PILLARS = [
    ("awareness", "lightbulb", "plum", "Know the signs", "Learning what mental health looks like."),
    (
        "self-care-and-support",
        "heart",
        "teal",
        "Care for yourself and find support",
        "Small habits and professional help, early.",
    ),
    (
        "conversation",
        "speech",
        "indigo",
        "Talk openly about how we are",
        "Conversations that make it easier to ask for help.",
    ),
]
TOPICS = {
    "burnout": "Burnout",
    "anxiety": "Anxiety",
    "sleep": "Sleep",
    "grief": "Grief",
    "neurodiversity": "Neurodiversity",
}
HELP_KINDS = ["counselling", "first-aiders", "ambassadors"]
# The sections' addresses in each language.
SLUGS = {
    "listen": {
        "sv": "lyssna",
        "de": "hoeren",
        "es": "escuchar",
        "fr": "ecouter",
        "pt-br": "ouvir",
    },
    "campaigns": {
        "sv": "kampanjer",
        "de": "kampagnen",
        "es": "campanas",
        "fr": "campagnes",
        "pt-br": "campanhas",
    },
    "support": {
        "sv": "stod",
        "de": "unterstuetzung",
        "es": "apoyo",
        "fr": "soutien",
        "pt-br": "apoio",
    },
}
# Strings a test reads in another language: {language: {English: translation}}.
TRANSLATIONS = {
    "sv": {
        "Know the signs": "Känn igen tecknen",
        "Care for yourself and find support": "Ta hand om dig och hitta stöd",
        "Talk openly about how we are": "Prata öppet om hur vi mår",
        "Burnout": "Utmattning",
        "Sleep": "Sömn",
        "Grief": "Sorg",
        "Campaigns": "Kampanjer",
        "Listen": "Lyssna",
        "Get support": "Få stöd",
        "Tired of being tired? Let's talk": "Trött på att vara trött? Vi pratar om det",
        "Open voices": "Öppna röster",
        "First steps": "Första stegen",
    },
    "fr": {"Burnout": "Épuisement professionnel"},
    "pt-br": {"Grief": "Luto e perda"},
    "de": {
        "Know the signs": "Die Anzeichen kennen",
        "Care for yourself and find support": "Für dich sorgen und Unterstützung finden",
        "Talk openly about how we are": "Offen darüber reden, wie es uns geht",
        "Burnout": "Erschöpfung",
        "Sleep": "Schlaf",
        "Grief": "Trauer",
        "Campaigns": "Kampagnen",
        "Listen": "Hören",
        "Get support": "Unterstützung finden",
        "Tired of being tired? Let's talk": "Müde vom Müdesein? Lass uns reden",
        "Open voices": "Offene Stimmen",
        "First steps": "Erste Schritte",
        "Counselling is free and confidential, day and night.": (
            "Die Beratung ist kostenlos und vertraulich, wann immer du sie brauchst."
        ),
    },
}
CRISIS_LINES = {
    "en": ("Night line", "0800 100 100"),
    "sv": ("Nattlinjen", "020 100 100"),
    "de": ("Nachttelefon", "0800 200 200"),
    "es": ("Línea de noche", "900 300 300"),
    "fr": ("Ligne de nuit", "0800 400 400"),
    "pt-br": ("Linha da noite", "188"),
}
