"""Demo content for the audio library: two shows, three episodes each, two playlists.

The audio is made here, at load time: speech from espeak-ng where the machine has it, soft
tones otherwise, encoded to MP3 and saved through the configured storage (local files or S3).
"""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils.text import slugify

from cms.core.factories import CustomImageFactory
from cms.core.taxonomy import Pillar, Topic

from .factories import (
    AudioFileFactory,
    EpisodePageFactory,
    LibraryIndexPageFactory,
    PlaylistPageFactory,
    PodcastShowPageFactory,
    TranscriptFactory,
)
from .models import EpisodePage, LibraryIndexPage, PlaylistItem, PlaylistPage, PodcastShowPage
from .synthesis import record

ROUTE_TO_HELP = (
    "If you are struggling, you do not have to wait: call the 24/7 counselling line, "
    "or talk to one of our Mental Health First Aiders."
)

SHOWS = [
    {
        "title": "Talking Minds",
        "pillar": "conversation",
        "colour": "#5b3f8f",
        "introduction": "Colleagues talk openly about mental health, so the rest of us can too.",
        "description": (
            "Talking Minds is where colleagues share what helped them through hard times. "
            "Short, honest conversations to start your own."
        ),
        "hosts": "Sam Lee and Ana Ruiz",
        "episodes": [
            {
                "title": "Why we don't talk about it",
                "topics": ["anxiety"],
                "content_notes": "",
                "script": [
                    "Welcome to Talking Minds.",
                    "Most of us find it hard to say that we are not okay.",
                    "We worry about how others will see us at work.",
                    "Today, two colleagues share how a simple question changed things for them.",
                    "Asking how someone really is, and listening, can make a difference.",
                    ROUTE_TO_HELP,
                ],
            },
            {
                "title": "Burnout: noticing the signs",
                "topics": ["burnout"],
                "content_notes": "Discusses exhaustion and burnout.",
                "script": [
                    "Burnout rarely arrives all at once.",
                    "It can look like tiredness that sleep does not fix.",
                    "Or like losing interest in work you used to enjoy.",
                    "Our guest talks about the signs she missed, and what helped her recover.",
                    "Talking to your manager early can open up real options.",
                    ROUTE_TO_HELP,
                ],
            },
            {
                "title": "Grief at work",
                "topics": ["grief"],
                "content_notes": "Discusses bereavement and grief.",
                "script": [
                    "Grief does not stay at home when we come to work.",
                    "There is no right way, and no timetable, to grieve.",
                    "A colleague shares what his team did that helped, and what did not.",
                    "Sometimes the kindest thing is simply to say their name.",
                    ROUTE_TO_HELP,
                ],
            },
        ],
    },
    {
        "title": "Small Steps",
        "pillar": "self-care-and-support",
        "colour": "#1f6f6b",
        "introduction": "Practical self-care you can fit into a working day.",
        "description": (
            "Small Steps offers practical ideas for looking after yourself, "
            "a few minutes at a time."
        ),
        "hosts": "Priya Shah",
        "episodes": [
            {
                "title": "A better night's sleep",
                "topics": ["sleep"],
                "content_notes": "",
                "script": [
                    "Welcome to Small Steps.",
                    "Good sleep starts long before bedtime.",
                    "Try to keep the same waking time, even at weekends.",
                    "Put screens away half an hour before you sleep.",
                    "If worries keep you awake, write them down for tomorrow.",
                    ROUTE_TO_HELP,
                ],
            },
            {
                "title": "Five minutes for yourself",
                "topics": ["anxiety"],
                "content_notes": "",
                "script": [
                    "This is a short pause, just for you.",
                    "Sit comfortably, and let your shoulders drop.",
                    "Breathe in slowly for four counts, and out for six.",
                    "Notice three things you can hear right now.",
                    "When you are ready, come back to your day.",
                    ROUTE_TO_HELP,
                ],
            },
            {
                "title": "Parenting and pressure",
                "topics": ["parenting"],
                "content_notes": "Discusses stress and family pressures.",
                "script": [
                    "Working parents often carry two full-time jobs.",
                    "Feeling stretched does not mean you are failing.",
                    "Two parents share the small changes that made room to breathe.",
                    "Flexible hours and honest conversations with your team can help.",
                    ROUTE_TO_HELP,
                ],
            },
        ],
    },
]

PLAYLISTS = [
    {
        "title": "Start here",
        "pillar": "awareness",
        "introduction": "New to Heart & Soul? Three conversations to begin with.",
        "items": [
            ("Why we don't talk about it", "A good first listen: how one question can open up."),
            ("Five minutes for yourself", "Try this between meetings."),
            ("Burnout: noticing the signs", ""),
        ],
    },
    {
        "title": "Wind down",
        "pillar": "self-care-and-support",
        "introduction": "For the end of a long week.",
        "items": [
            ("Five minutes for yourself", ""),
            ("A better night's sleep", "Listen before bed, not in it."),
        ],
    },
]


def build_demo(loader):
    home = loader.homes.get("en")
    if home is None:
        return
    library = LibraryIndexPage.objects.child_of(home).first()
    if library is None:
        library = LibraryIndexPageFactory(
            parent=home,
            title="Listen",
            slug="listen",
            introduction="Podcasts and playlists to start conversations about mental health.",
            show_in_menus=True,
        )
        library.save_revision().publish()
        loader.created["library pages"] += 1

    episodes_by_title = {}
    for show_number, show_data in enumerate(SHOWS):
        show = ensure_show(loader, library, show_data)
        for number, episode_data in enumerate(show_data["episodes"], start=1):
            released = date(2026, 9, 1) + timedelta(days=14 * (number - 1) + 7 * show_number)
            episode = ensure_episode(loader, show, number, released, episode_data)
            episodes_by_title[episode.title] = episode

    for playlist_data in PLAYLISTS:
        ensure_playlist(loader, library, playlist_data, episodes_by_title)

    translate_demo(loader, library)


def ensure_show(loader, library, data):
    slug = slugify(data["title"])
    show = PodcastShowPage.objects.child_of(library).filter(slug=slug).first()
    if show:
        ensure_pillar(show, data["pillar"])
        return show
    artwork = CustomImageFactory(
        title=f"{data['title']} artwork",
        file__width=1400,
        file__height=1400,
        file__color=data["colour"],
        file__filename=f"{slug}-artwork.png",
    )
    show = PodcastShowPageFactory(
        parent=library,
        title=data["title"],
        slug=slug,
        introduction=data["introduction"],
        description=data["description"],
        host_names=data["hosts"],
        owner_email="heartandsoul@example.com",
        artwork=artwork,
        pillar=demo_pillar(data["pillar"]),
    )
    show.save_revision().publish()
    loader.created["podcast shows"] += 1
    return show


def ensure_episode(loader, show, number, released, data):
    slug = slugify(data["title"])
    episode = EpisodePage.objects.child_of(show).filter(slug=slug).first()
    if episode:
        return episode
    recording = record(data["script"])
    audio = AudioFileFactory(
        title=data["title"],
        language="en",
        file=ContentFile(recording.mp3, name=f"{slug}.mp3"),
    )
    transcript = TranscriptFactory(
        title=data["title"],
        cues=[
            ("cue", {"start": start, "end": end, "speaker": "", "text": text})
            for start, end, text in recording.cues
        ],
    )
    episode = EpisodePageFactory(
        parent=show,
        title=data["title"],
        slug=slug,
        episode_number=number,
        season_number=1,
        publish_date=released,
        introduction=data["script"][1],
        content_notes=data["content_notes"],
        audio=audio,
        transcript=transcript,
        summary=f"<p>{' '.join(data['script'][1:-1])}</p>",
    )
    episode.topics.set(Topic.objects.filter(locale=show.locale, slug__in=data["topics"]))
    episode.save_revision().publish()
    loader.created["episodes"] += 1
    return episode


def ensure_playlist(loader, library, data, episodes_by_title):
    slug = slugify(data["title"])
    existing = PlaylistPage.objects.child_of(library).filter(slug=slug).first()
    if existing:
        ensure_pillar(existing, data["pillar"])
        return
    playlist = PlaylistPageFactory(
        parent=library,
        title=data["title"],
        slug=slug,
        introduction=data["introduction"],
        pillar=demo_pillar(data["pillar"]),
    )
    for order, (title, note) in enumerate(data["items"]):
        PlaylistItem.objects.create(
            playlist=playlist, episode=episodes_by_title[title], note=note, sort_order=order
        )
    playlist.save_revision().publish()
    loader.created["playlists"] += 1


def demo_pillar(slug):
    """The default-language pillar (pages point at it; readers see its translation)."""
    return Pillar.objects.get(locale__language_code="en", slug=slug)


def ensure_pillar(page, slug):
    """Give a show or playlist from an older demo its pillar, in every language (the field is
    synchronised, so each copy carries the same one), through a published revision."""
    pillar = demo_pillar(slug)
    for version in type(page).objects.filter(
        translation_key=page.translation_key, pillar__isnull=True
    ):
        version.pillar = pillar
        version.save_revision().publish()


# Versions of the library in every other language, the first show, its first episode with its
# transcript, and the "Start here" playlist with its notes. The recording
# stays in English: the episode page says so. Strings not listed keep the English text.
EPISODE_SCRIPT = SHOWS[0]["episodes"][0]["script"]
# The playlist's notes are translated too (each item's note is a segment of the playlist).
START_HERE_NOTES = [note for _title, note in PLAYLISTS[0]["items"] if note]
TRANSLATIONS = {
    "sv": {
        "Listen": "Lyssna",
        "listen": "lyssna",
        "Podcasts and playlists to start conversations about mental health.": (
            "Poddar och spellistor som öppnar för samtal om psykisk hälsa."
        ),
        "Colleagues talk openly about mental health, so the rest of us can too.": (
            "Kollegor pratar öppet om psykisk hälsa, så att vi andra också kan göra det."
        ),
        SHOWS[0]["description"]: (
            "I Talking Minds berättar kollegor om vad som hjälpte dem genom svåra perioder. "
            "Korta, ärliga samtal som kan få igång dina egna."
        ),
        "Sam Lee and Ana Ruiz": "Sam Lee och Ana Ruiz",
        "Why we don't talk about it": "Därför pratar vi inte om det",
        "why-we-dont-talk-about-it": "darfor-pratar-vi-inte-om-det",
        EPISODE_SCRIPT[0]: "Välkommen till Talking Minds.",
        EPISODE_SCRIPT[1]: "De flesta av oss tycker att det är svårt att säga att vi inte mår bra.",
        EPISODE_SCRIPT[2]: "Vi oroar oss för hur andra ska se på oss på jobbet.",
        EPISODE_SCRIPT[3]: (
            "I dag berättar två kollegor hur en enkel fråga förändrade saker för dem."
        ),
        EPISODE_SCRIPT[4]: "Att fråga hur någon verkligen mår, och lyssna, kan göra skillnad.",
        ROUTE_TO_HELP: (
            "Om du har det tungt behöver du inte vänta: ring stödlinjen som är öppen dygnet "
            "runt, eller prata med någon av våra första hjälpen-personer för psykisk hälsa."
        ),
        "Start here": "Börja här",
        "start-here": "borja-har",
        "New to Heart & Soul? Three conversations to begin with.": (
            "Ny på Heart & Soul? Tre samtal att börja med."
        ),
        START_HERE_NOTES[0]: "Bra att börja med: hur en enda fråga kan öppna upp.",
        START_HERE_NOTES[1]: "Prova mellan två möten.",
    },
    "es": {
        "Listen": "Escuchar",
        "listen": "escuchar",
        "Podcasts and playlists to start conversations about mental health.": (
            "Pódcasts y listas para empezar a hablar de salud mental."
        ),
        "Colleagues talk openly about mental health, so the rest of us can too.": (
            "Compañeros hablan abiertamente de salud mental, para que los demás también podamos."
        ),
        SHOWS[0]["description"]: (
            "En Talking Minds, compañeros cuentan qué les ayudó en momentos difíciles. "
            "Conversaciones breves y sinceras para empezar las tuyas."
        ),
        "Sam Lee and Ana Ruiz": "Sam Lee y Ana Ruiz",
        "Why we don't talk about it": "Por qué no hablamos de ello",
        "why-we-dont-talk-about-it": "por-que-no-hablamos-de-ello",
        EPISODE_SCRIPT[0]: "Te damos la bienvenida a Talking Minds.",
        EPISODE_SCRIPT[1]: "A la mayoría nos cuesta decir que no estamos bien.",
        EPISODE_SCRIPT[2]: "Nos preocupa cómo nos verán los demás en el trabajo.",
        EPISODE_SCRIPT[3]: (
            "Hoy, dos compañeros cuentan cómo una simple pregunta cambió las cosas para ellos."
        ),
        EPISODE_SCRIPT[4]: "Preguntar a alguien cómo está de verdad, y escuchar, puede ayudar.",
        ROUTE_TO_HELP: (
            "Si lo estás pasando mal, no tienes que esperar: llama a la línea de apoyo "
            "psicológico 24/7 o habla con una de nuestras personas de primeros auxilios en "
            "salud mental."
        ),
        "Start here": "Empieza aquí",
        "start-here": "empieza-aqui",
        "New to Heart & Soul? Three conversations to begin with.": (
            "¿Eres nuevo en Heart & Soul? Tres conversaciones para empezar."
        ),
        START_HERE_NOTES[0]: "Para empezar: cómo una sola pregunta puede abrir la conversación.",
        START_HERE_NOTES[1]: "Pruébalo entre reuniones.",
    },
    # German addresses the listener with "du", as the rest of the site does.
    "de": {
        "Listen": "Anhören",
        "listen": "anhoeren",
        "Podcasts and playlists to start conversations about mental health.": (
            "Podcasts und Playlists, die Gespräche über psychische Gesundheit anstoßen."
        ),
        "Colleagues talk openly about mental health, so the rest of us can too.": (
            "Kolleginnen und Kollegen sprechen offen über psychische Gesundheit, damit wir "
            "anderen es auch können."
        ),
        SHOWS[0]["description"]: (
            "In Talking Minds erzählen Kolleginnen und Kollegen, was ihnen durch schwere Zeiten "
            "geholfen hat. Kurze, ehrliche Gespräche, die dir Mut für deine eigenen machen."
        ),
        "Sam Lee and Ana Ruiz": "Sam Lee und Ana Ruiz",
        "Why we don't talk about it": "Warum wir nicht darüber sprechen",
        "why-we-dont-talk-about-it": "warum-wir-nicht-darueber-sprechen",
        EPISODE_SCRIPT[0]: "Willkommen bei Talking Minds.",
        EPISODE_SCRIPT[1]: (
            "Den meisten von uns fällt es schwer zu sagen, dass es uns nicht gut geht."
        ),
        EPISODE_SCRIPT[2]: "Wir machen uns Sorgen, wie andere uns bei der Arbeit sehen.",
        EPISODE_SCRIPT[3]: (
            "Heute erzählen zwei Kollegen, wie eine einfache Frage für sie etwas verändert hat."
        ),
        EPISODE_SCRIPT[4]: (
            "Zu fragen, wie es jemandem wirklich geht, und zuzuhören, kann viel bewirken."
        ),
        ROUTE_TO_HELP: (
            "Wenn es dir nicht gut geht, musst du nicht warten: Ruf die Beratungslinie an, die "
            "rund um die Uhr erreichbar ist, oder sprich mit einer unserer Ersthelferinnen oder "
            "einem unserer Ersthelfer für psychische Gesundheit."
        ),
        "Start here": "Hier anfangen",
        "start-here": "hier-anfangen",
        "New to Heart & Soul? Three conversations to begin with.": (
            "Neu bei Heart & Soul? Drei Gespräche für den Anfang."
        ),
        START_HERE_NOTES[0]: "Ein guter Einstieg: wie eine einzige Frage Türen öffnen kann.",
        START_HERE_NOTES[1]: "Probier das zwischen zwei Meetings aus.",
    },
    "fr": {
        "Listen": "Écouter",
        "listen": "ecouter",
        "Podcasts and playlists to start conversations about mental health.": (
            "Des podcasts et des playlists pour lancer la conversation sur la santé mentale."
        ),
        "Colleagues talk openly about mental health, so the rest of us can too.": (
            "Des collègues parlent ouvertement de santé mentale, pour que nous puissions tous "
            "le faire aussi."
        ),
        SHOWS[0]["description"]: (
            "Dans Talking Minds, des collègues racontent ce qui les a aidés à traverser des "
            "moments difficiles. Des conversations courtes et sincères pour lancer les vôtres."
        ),
        "Sam Lee and Ana Ruiz": "Sam Lee et Ana Ruiz",
        "Why we don't talk about it": "Pourquoi on n'en parle pas",
        "why-we-dont-talk-about-it": "pourquoi-on-nen-parle-pas",
        EPISODE_SCRIPT[0]: "Bienvenue dans Talking Minds.",
        EPISODE_SCRIPT[1]: "La plupart d'entre nous ont du mal à dire que ça ne va pas.",
        EPISODE_SCRIPT[2]: (
            "Nous nous inquiétons de ce que les autres penseront de nous au travail."
        ),
        EPISODE_SCRIPT[3]: (
            "Aujourd'hui, deux collègues racontent comment une simple question a tout changé "
            "pour eux."
        ),
        EPISODE_SCRIPT[4]: (
            "Demander à quelqu'un comment il va vraiment, et l'écouter, peut faire la différence."
        ),
        ROUTE_TO_HELP: (
            "Si vous traversez une période difficile, n'attendez pas : appelez la ligne "
            "d'écoute disponible 24 h/24, ou parlez à l'un de nos secouristes en santé mentale."
        ),
        "Start here": "Commencer ici",
        "start-here": "commencer-ici",
        "New to Heart & Soul? Three conversations to begin with.": (
            "Nouveau sur Heart & Soul ? Trois conversations pour commencer."
        ),
        START_HERE_NOTES[0]: (
            "Une bonne première écoute : comment une seule question peut ouvrir le dialogue."
        ),
        START_HERE_NOTES[1]: "À essayer entre deux réunions.",
    },
    "pt-br": {
        "Listen": "Ouvir",
        "listen": "ouvir",
        "Podcasts and playlists to start conversations about mental health.": (
            "Podcasts e playlists para começar conversas sobre saúde mental."
        ),
        "Colleagues talk openly about mental health, so the rest of us can too.": (
            "Colegas falam abertamente sobre saúde mental, para que todos nós possamos falar "
            "também."
        ),
        SHOWS[0]["description"]: (
            "No Talking Minds, colegas contam o que os ajudou em momentos difíceis. Conversas "
            "curtas e sinceras para você começar as suas."
        ),
        "Sam Lee and Ana Ruiz": "Sam Lee e Ana Ruiz",
        "Why we don't talk about it": "Por que não falamos sobre isso",
        "why-we-dont-talk-about-it": "por-que-nao-falamos-sobre-isso",
        EPISODE_SCRIPT[0]: "Boas-vindas ao Talking Minds.",
        EPISODE_SCRIPT[1]: "A maioria de nós tem dificuldade em dizer que não está bem.",
        EPISODE_SCRIPT[2]: "Nos preocupamos com o que os outros vão pensar de nós no trabalho.",
        EPISODE_SCRIPT[3]: (
            "Hoje, dois colegas contam como uma pergunta simples mudou as coisas para eles."
        ),
        EPISODE_SCRIPT[4]: "Perguntar como alguém realmente está, e ouvir, pode fazer a diferença.",
        ROUTE_TO_HELP: (
            "Se você está passando por um momento difícil, não precisa esperar: ligue para a "
            "linha de apoio 24 horas ou converse com uma das nossas pessoas de primeiros "
            "socorros em saúde mental."
        ),
        "Start here": "Comece aqui",
        "start-here": "comece-aqui",
        "New to Heart & Soul? Three conversations to begin with.": (
            "Novo no Heart & Soul? Três conversas para começar."
        ),
        START_HERE_NOTES[0]: "Para começar: como uma única pergunta pode abrir a conversa.",
        START_HERE_NOTES[1]: "Experimente entre uma reunião e outra.",
    },
}


def translate_demo(loader, library):
    """Idempotent: translate_demo_object leaves an existing translation alone."""
    from cms.core.demo import translate_demo_object

    show = PodcastShowPage.objects.child_of(library).filter(slug=slugify(SHOWS[0]["title"])).first()
    playlist = PlaylistPage.objects.child_of(library).filter(slug="start-here").first()
    if show is None or playlist is None:
        return
    episode = EpisodePage.objects.child_of(show).order_by("path").first()
    for code, strings in TRANSLATIONS.items():
        locale = loader.locales.get(code)
        if locale is None or loader.homes.get(code) is None:
            continue
        # The summary is one paragraph of the script's middle lines.
        summary = " ".join(EPISODE_SCRIPT[1:-1])
        strings = {**strings, summary: " ".join(strings[line] for line in EPISODE_SCRIPT[1:-1])}
        # Parents first: a page is translated under its parent's translation.
        translate_demo_object(library, locale, strings)
        translate_demo_object(show, locale, strings)
        if episode.transcript:
            translate_demo_object(episode.transcript, locale, strings)
        translate_demo_object(episode, locale, strings)
        translate_demo_object(playlist, locale, strings)
