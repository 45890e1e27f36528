"""Demo helplines, support resources and a support page in every demo language.

EVERY NUMBER HERE MUST BE VERIFIED WITH THE SERVICE BEFORE ANY REAL LAUNCH (see the README).
The national lines are well-known public services; `verified_on` is left empty on purpose so
the admin shows that nobody at the company has checked them yet. The programme's own
resources and contacts are placeholders (example.com addresses, fictional names).
"""

from cms.core.demo import translate_demo_object

from .factories import HelplineFactory, SupportPageFactory, SupportResourceFactory
from .models import Helpline, SupportPage, SupportResource

# language: [helpline fields]; the first crisis line of a language is the banner's.
HELPLINES = {
    "en": [
        {
            "name": "Samaritans",
            "phone_number": "116 123",
            "url": "https://www.samaritans.org/",
            "open_24_7": True,
            "countries": "UK and Ireland",
            "is_crisis_line": True,
            "description": "Free and confidential, for anyone who is struggling to cope.",
        },
        {
            "name": "988 Suicide & Crisis Lifeline",
            "phone_number": "988",
            "url": "https://988lifeline.org/",
            "open_24_7": True,
            "countries": "United States",
            "is_crisis_line": True,
            "description": "Call or text 988. Free and confidential.",
            "sort_order": 1,
        },
    ],
    "sv": [
        {
            "name": "Självmordslinjen (Mind)",
            "phone_number": "90101",
            "url": "https://mind.se/",
            "open_24_7": True,
            "countries": "Sverige",
            "is_crisis_line": True,
            "description": "För dig som har tankar på att ta ditt liv eller är orolig för någon.",
        },
        {
            "name": "1177 Vårdguiden",
            "phone_number": "1177",
            "url": "https://www.1177.se/",
            "open_24_7": True,
            "countries": "Sverige",
            "is_crisis_line": False,
            "description": "Sjukvårdsrådgivning per telefon, dygnet runt.",
            "sort_order": 1,
        },
    ],
    "de": [
        {
            "name": "TelefonSeelsorge",
            "phone_number": "0800 111 0 111",
            "url": "https://www.telefonseelsorge.de/",
            "open_24_7": True,
            "countries": "Deutschland",
            "is_crisis_line": True,
            "description": "Anonym und kostenlos. Auch erreichbar unter 0800 111 0 222.",
        },
    ],
    "es": [
        {
            "name": "Línea 024",
            "phone_number": "024",
            "open_24_7": True,
            "countries": "España",
            "is_crisis_line": True,
            "description": "Línea de atención a la conducta suicida. Gratuita y confidencial.",
        },
    ],
    "fr": [
        {
            "name": "3114, numéro national de prévention du suicide",
            "phone_number": "3114",
            "url": "https://3114.fr/",
            "open_24_7": True,
            "countries": "France",
            "is_crisis_line": True,
            "description": "Gratuit et confidentiel, pour vous ou pour un proche.",
        },
    ],
    "pt-br": [
        {
            "name": "CVV – Centro de Valorização da Vida",
            "phone_number": "188",
            "url": "https://cvv.org.br/",
            "open_24_7": True,
            "countries": "Brasil",
            "is_crisis_line": True,
            "description": "Apoio emocional gratuito e sigiloso, por telefone ou chat.",
        },
    ],
}

# The programme's own routes to help (placeholders): kind -> {language: (title, description)}
RESOURCES = {
    "counselling": {
        "en": (
            "Talk to a counsellor, any time",
            "Free, confidential short-term counselling by phone or video, 24 hours a day, for "
            "you and your household. Nobody at work is told that you got in touch.",
        ),
        "sv": (
            "Prata med en samtalsterapeut, när som helst",
            "Kostnadsfri och konfidentiell korttidsrådgivning per telefon eller video, dygnet "
            "runt, för dig och ditt hushåll. Ingen på jobbet får veta att du hört av dig.",
        ),
        "de": (
            "Sprich mit einer Beraterin oder einem Berater, jederzeit",
            "Kostenlose, vertrauliche Kurzzeitberatung per Telefon oder Video, rund um die Uhr, "
            "für dich und deinen Haushalt. Niemand bei der Arbeit erfährt davon.",
        ),
        "es": (
            "Habla con un profesional, cuando lo necesites",
            "Asesoramiento breve, gratuito y confidencial por teléfono o vídeo, las 24 horas, "
            "para ti y tu familia. Nadie en el trabajo sabrá que has llamado.",
        ),
        "fr": (
            "Parler à un psychologue, à tout moment",
            "Un accompagnement court, gratuit et confidentiel par téléphone ou en visio, 24 h "
            "sur 24, pour vous et votre foyer. Personne au travail n'en est informé.",
        ),
        "pt-br": (
            "Converse com um profissional, a qualquer hora",
            "Aconselhamento breve, gratuito e confidencial por telefone ou vídeo, 24 horas por "
            "dia, para você e sua família. Ninguém no trabalho fica sabendo do contato.",
        ),
    },
    "first-aiders": {
        "en": (
            "Talk to a Mental Health First Aider",
            "Colleagues trained to listen without judging and to help you find the right "
            "support. You will find them on this page.",
        ),
        "sv": (
            "Prata med en första hjälpen-person för psykisk hälsa",
            "Kollegor som är utbildade i att lyssna utan att döma och hjälpa dig att hitta rätt "
            "stöd. Du hittar dem på den här sidan.",
        ),
        "de": (
            "Sprich mit einem Ersthelfer für psychische Gesundheit",
            "Kolleginnen und Kollegen, die gelernt haben, ohne Urteil zuzuhören und dir zu "
            "helfen, die richtige Unterstützung zu finden. Du findest sie auf dieser Seite.",
        ),
        "es": (
            "Habla con un agente de primeros auxilios en salud mental",
            "Compañeros formados para escuchar sin juzgar y ayudarte a encontrar el apoyo "
            "adecuado. Los encontrarás en esta página.",
        ),
        "fr": (
            "Parler à un secouriste en santé mentale",
            "Des collègues formés pour écouter sans juger et vous aider à trouver le bon "
            "soutien. Vous les trouverez sur cette page.",
        ),
        "pt-br": (
            "Converse com um socorrista em saúde mental",
            "Colegas treinados para ouvir sem julgar e ajudar você a encontrar o apoio certo. "
            "Você os encontra nesta página.",
        ),
    },
    "ambassadors": {
        "en": (
            "Meet our ambassadors",
            "Colleagues who share their own experience and host open conversations in their teams.",
        ),
        "sv": (
            "Möt våra ambassadörer",
            "Kollegor som delar med sig av egna erfarenheter och leder öppna samtal i sina team.",
        ),
        "de": (
            "Lerne unsere Botschafterinnen und Botschafter kennen",
            "Kolleginnen und Kollegen, die ihre eigenen Erfahrungen teilen und offene Gespräche "
            "in ihren Teams leiten.",
        ),
        "es": (
            "Conoce a nuestros embajadores",
            "Compañeros que comparten su propia experiencia y abren conversaciones en sus equipos.",
        ),
        "fr": (
            "Rencontrer nos ambassadeurs",
            "Des collègues qui partagent leur propre expérience et animent des échanges dans "
            "leurs équipes.",
        ),
        "pt-br": (
            "Conheça nossos embaixadores",
            "Colegas que compartilham a própria experiência e conduzem conversas abertas em "
            "suas equipes.",
        ),
    },
    "self-care": {
        "en": (
            "Self-care tools",
            "Short audio exercises for sleep, stress and difficult days, in the library.",
        ),
        "sv": (
            "Verktyg för egenvård",
            "Korta ljudövningar för sömn, stress och tunga dagar, i biblioteket.",
        ),
        "de": (
            "Werkzeuge für die Selbstfürsorge",
            "Kurze Audio-Übungen für Schlaf, Stress und schwere Tage, in der Bibliothek.",
        ),
        "es": (
            "Herramientas de autocuidado",
            "Ejercicios de audio breves para el sueño, el estrés y los días difíciles, en la "
            "biblioteca.",
        ),
        "fr": (
            "Outils pour prendre soin de soi",
            "De courts exercices audio pour le sommeil, le stress et les jours difficiles, dans "
            "la bibliothèque.",
        ),
        "pt-br": (
            "Ferramentas de autocuidado",
            "Exercícios curtos em áudio para sono, estresse e dias difíceis, na biblioteca.",
        ),
    },
}
RESOURCE_LINKS = {
    "counselling": ("https://example.com/counselling", "Book a call"),
}
LINK_TEXT_TRANSLATIONS = {
    "Book a call": {
        "sv": "Boka ett samtal",
        "de": "Gespräch buchen",
        "es": "Reservar una llamada",
        "fr": "Réserver un appel",
        "pt-br": "Agendar uma conversa",
    }
}

SUPPORT_PAGE = {
    "title": "Get support",
    "slug": "support",
    "introduction": "You do not have to face things alone. Here is where to turn, day or night.",
    "banner_text": "Need to talk to someone now?",
    "banner_link_text": "All ways to get support",
    "fallback_text": (
        "If your country is not listed, an international directory lists free, confidential "
        "helplines in many countries. If you are in immediate danger, call your local "
        "emergency number."
    ),
}
SUPPORT_PAGE_TRANSLATIONS = {
    "sv": {
        "title": "Få stöd",
        "slug": "stod",
        "introduction": "Du behöver inte klara allt ensam. Här hittar du hjälp, dag som natt.",
        "banner_text": "Behöver du prata med någon nu?",
        "banner_link_text": "Alla sätt att få stöd",
        "fallback_text": "Om ditt land inte finns med listar en internationell katalog "
        "kostnadsfria, konfidentiella stödlinjer i många länder. Om du är i akut fara, ring "
        "ditt lokala nödnummer.",
    },
    "de": {
        "title": "Unterstützung finden",
        "slug": "unterstuetzung",
        "introduction": "Du musst nicht alles allein schaffen. Hier findest du Hilfe, bei Tag "
        "und Nacht.",
        "banner_text": "Brauchst du jetzt jemanden zum Reden?",
        "banner_link_text": "Alle Wege zur Unterstützung",
        "fallback_text": "Wenn dein Land nicht aufgeführt ist, findest du in einem "
        "internationalen Verzeichnis kostenlose, vertrauliche Hilfetelefone in vielen Ländern. "
        "Bist du in akuter Gefahr, ruf die örtliche Notrufnummer an.",
    },
    "es": {
        "title": "Buscar apoyo",
        "slug": "apoyo",
        "introduction": "No tienes que afrontarlo todo solo. Aquí encontrarás ayuda, de día y "
        "de noche.",
        "banner_text": "¿Necesitas hablar con alguien ahora?",
        "banner_link_text": "Todas las formas de pedir apoyo",
        "fallback_text": "Si tu país no aparece, un directorio internacional reúne líneas de "
        "ayuda gratuitas y confidenciales de muchos países. Si estás en peligro inmediato, "
        "llama al número de emergencias local.",
    },
    "fr": {
        "title": "Trouver du soutien",
        "slug": "soutien",
        "introduction": "Vous n'avez pas à tout affronter seul. Voici vers qui vous tourner, "
        "de jour comme de nuit.",
        "banner_text": "Besoin de parler à quelqu'un maintenant ?",
        "banner_link_text": "Toutes les façons d'obtenir du soutien",
        "fallback_text": "Si votre pays n'est pas listé, un annuaire international recense des "
        "lignes d'écoute gratuites et confidentielles dans de nombreux pays. En cas de danger "
        "immédiat, appelez le numéro d'urgence local.",
    },
    "pt-br": {
        "title": "Buscar apoio",
        "slug": "apoio",
        "introduction": "Você não precisa enfrentar tudo sozinho. Aqui você encontra ajuda, de "
        "dia ou de noite.",
        "banner_text": "Precisa conversar com alguém agora?",
        "banner_link_text": "Todas as formas de buscar apoio",
        "fallback_text": "Se o seu país não estiver na lista, um diretório internacional reúne "
        "linhas de apoio gratuitas e confidenciais em muitos países. Se você estiver em perigo "
        "imediato, ligue para o número de emergência local.",
    },
}
DEMO_CONTACTS = [
    # Fictional people with reserved example.com addresses.
    {
        "role": "first-aider",
        "name": "Sam Example",
        "location": "Stockholm office",
        "email": "sam.example@example.com",
        "phone_number": "",
    },
    {
        "role": "ambassador",
        "name": "Kim Example",
        "location": "Remote, Europe",
        "email": "kim.example@example.com",
        "phone_number": "",
    },
]


def build_helplines(loader):
    for code, lines in HELPLINES.items():
        locale = loader.locales[code]
        for fields in lines:
            if Helpline.objects.filter(locale=locale, name=fields["name"]).exists():
                continue
            HelplineFactory(locale=locale, **fields)
            loader.created["helplines"] += 1


def build_resources(loader):
    default = loader.locales["en"]
    for sort_order, (kind, texts) in enumerate(RESOURCES.items()):
        title, description = texts["en"]
        resource = SupportResource.objects.filter(locale=default, kind=kind).first()
        if resource is None:
            link_url, link_text = RESOURCE_LINKS.get(kind, ("", ""))
            resource = SupportResourceFactory(
                locale=default,
                kind=kind,
                title=title,
                description=description,
                link_url=link_url,
                link_text=link_text,
                sort_order=sort_order,
            )
            loader.created["support resources"] += 1
        for code, locale in loader.locales.items():
            if code == "en" or resource.has_translation(locale):
                continue
            strings = {title: texts[code][0], description: texts[code][1]}
            for source, translations in LINK_TEXT_TRANSLATIONS.items():
                strings[source] = translations[code]
            translate_demo_object(resource, locale, strings)
            loader.created["support resources"] += 1


def build_support_pages(loader):
    english_home = loader.homes["en"]
    page = SupportPage.objects.filter(locale=english_home.locale).first()
    if page is None:
        page = SupportPageFactory(
            parent=english_home,
            locale=english_home.locale,
            contacts=[("contact", contact) for contact in DEMO_CONTACTS],
            show_in_menus=True,
            **SUPPORT_PAGE,
        )
        page.save_revision().publish()
        loader.created["support pages"] += 1
    for code, locale in loader.locales.items():
        if code == "en" or page.has_translation(locale):
            continue
        translations = SUPPORT_PAGE_TRANSLATIONS[code]
        translate_demo_object(
            page, locale, {SUPPORT_PAGE[key]: value for key, value in translations.items()}
        )
        loader.created["support pages"] += 1


def build_demo(loader):
    build_helplines(loader)
    build_resources(loader)
    build_support_pages(loader)
