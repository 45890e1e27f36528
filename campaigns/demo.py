"""Demo campaigns: one running, one upcoming and one past (dates relative to today, so the
groups stay right), one per pillar, each using every body block, in every demo language.

Text follows safe-messaging guidance: no method details, hopeful, always a route to help.
Every text segment is translated (`campaign_strings`), slugs too (`SLUG_TRANSLATIONS`, so a
Swedish reader's addresses read /sv/kampanjer/…, like the library's /sv/lyssna/); only the
documents' own titles stay English.
"""

import datetime

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.rich_text import RichText

from cms.core.demo import refresh_demo_translation, translate_demo_object
from cms.core.factories import CustomImageFactory
from cms.core.models import CustomImage
from cms.core.taxonomy import Pillar, Topic
from cms.support.models import SupportPage
from library.models import EpisodePage, PlaylistPage

from .factories import CampaignIndexPageFactory, CampaignPageFactory
from .models import CampaignIndexPage, CampaignPage, CampaignTopic, campaign_today

INDEX = {
    "title": "Campaigns",
    "introduction": "Months and days when we talk about mental health together.",
}
INDEX_TRANSLATIONS = {
    "sv": ("Kampanjer", "Månader och dagar då vi pratar om psykisk hälsa tillsammans."),
    "de": (
        "Kampagnen",
        "Monate und Tage, an denen wir gemeinsam über psychische Gesundheit sprechen.",
    ),
    "es": ("Campañas", "Meses y días en los que hablamos juntos de salud mental."),
    "fr": ("Campagnes", "Des mois et des journées pour parler ensemble de santé mentale."),
    "pt-br": ("Campanhas", "Meses e dias em que falamos juntos sobre saúde mental."),
}
# The index's and each campaign's slug in every other language, keyed by the English slug.
SLUG_TRANSLATIONS = {
    "campaigns": {
        "sv": "kampanjer",
        "de": "kampagnen",
        "es": "campanas",
        "fr": "campagnes",
        "pt-br": "campanhas",
    },
    "lets-talk-about-burnout": {
        "sv": "vi-pratar-om-utbrandhet",
        "de": "lass-uns-ueber-burnout-reden",
        "es": "hablemos-del-agotamiento",
        "fr": "parlons-de-lepuisement-professionnel",
        "pt-br": "vamos-falar-sobre-burnout",
    },
    "open-up-week": {
        "sv": "oppna-upp-veckan",
        "de": "sprich-darueber-woche",
        "es": "semana-para-hablar",
        "fr": "semaine-dechanges",
        "pt-br": "semana-de-conversas",
    },
    "understanding-grief": {
        "sv": "att-forsta-sorg",
        "de": "trauer-verstehen",
        "es": "entender-el-duelo",
        "fr": "comprendre-le-deuil",
        "pt-br": "entendendo-o-luto",
    },
}
TALK_TO_SOMEONE = {
    "en": "Talk to someone",
    "sv": "Prata med någon",
    "de": "Sprich mit jemandem",
    "es": "Habla con alguien",
    "fr": "Parlez à quelqu'un",
    "pt-br": "Converse com alguém",
}
# Text every campaign shares: the conversation starter's guidance, the resource links, the
# talk-to-someone block and the campaign's button (`cta_text`).
SHARED_TEXT = {
    "guidance": {
        "en": "Nobody has to share. Listening is taking part too.",
        "sv": "Ingen behöver berätta något. Att lyssna är också att vara med.",
        "de": "Niemand muss etwas erzählen. Zuhören ist auch Mitmachen.",
        "es": "Nadie tiene que contar nada. Escuchar también es participar.",
        "fr": "Personne n'est obligé de parler. Écouter, c'est aussi participer.",
        "pt-br": "Ninguém precisa se abrir. Ouvir também é participar.",
    },
    "resources_heading": {
        "en": "Read and download",
        "sv": "Läs och ladda ner",
        "de": "Lesen und herunterladen",
        "es": "Leer y descargar",
        "fr": "Lire et télécharger",
        "pt-br": "Ler e baixar",
    },
    "guide_description": {
        "en": "A short guide for everyone.",
        "sv": "En kort guide för alla.",
        "de": "Ein kurzer Leitfaden für alle.",
        "es": "Una guía breve para todos.",
        "fr": "Un petit guide pour tout le monde.",
        "pt-br": "Um guia curto para todos.",
    },
    "support_link": {
        "en": "Where to get support",
        "sv": "Var du kan få stöd",
        "de": "Wo du Unterstützung findest",
        "es": "Dónde encontrar apoyo",
        "fr": "Où trouver du soutien",
        "pt-br": "Onde encontrar apoio",
    },
    "talk_to_someone_heading": TALK_TO_SOMEONE,
    "talk_to_someone_text": {
        "en": "If you are struggling right now, you do not have to wait. Help is there today.",
        "sv": "Om du har det tungt just nu behöver du inte vänta. Det finns hjälp att få i dag.",
        "de": "Wenn es dir gerade nicht gut geht, musst du nicht warten. Hilfe ist heute für "
        "dich da.",
        "es": "Si lo estás pasando mal ahora mismo, no tienes que esperar. Hoy mismo hay ayuda "
        "para ti.",
        "fr": "Si vous traversez un moment difficile, vous n'avez pas à attendre. De l'aide est "
        "disponible dès aujourd'hui.",
        "pt-br": "Se você está passando por um momento difícil, não precisa esperar. Há ajuda "
        "disponível hoje.",
    },
    "cta_text": {
        "en": "Find support",
        "sv": "Hitta stöd",
        "de": "Unterstützung finden",
        "es": "Encuentra apoyo",
        "fr": "Trouver du soutien",
        "pt-br": "Encontre apoio",
    },
}

CAMPAIGNS = [
    {
        "slug": "lets-talk-about-burnout",
        "pillar": "self-care-and-support",
        "topics": ["burnout", "sleep"],
        # (days from today to the start, days from today to the end)
        "dates": (-10, 20),
        "colour": "#2f6f6a",
        "content_notes": "Discusses burnout, exhaustion and stress.",
        "text": {
            "en": (
                "Let's talk about burnout",
                "A month of honest conversations about exhaustion at work: how to notice it "
                "early, and where to get support.",
            ),
            "sv": (
                "Vi pratar om utbrändhet",
                "En månad av ärliga samtal om utmattning på jobbet: hur du märker den tidigt "
                "och var du får stöd.",
            ),
            "de": (
                "Lass uns über Burnout reden",
                "Ein Monat ehrlicher Gespräche über Erschöpfung bei der Arbeit: wie du sie früh "
                "bemerkst und wo du Unterstützung findest.",
            ),
            "es": (
                "Hablemos del agotamiento",
                "Un mes de conversaciones sinceras sobre el agotamiento en el trabajo: cómo "
                "detectarlo a tiempo y dónde encontrar apoyo.",
            ),
            "fr": (
                "Parlons de l'épuisement professionnel",
                "Un mois d'échanges sincères sur l'épuisement au travail : comment le repérer "
                "tôt et où trouver du soutien.",
            ),
            "pt-br": (
                "Vamos falar sobre burnout",
                "Um mês de conversas sinceras sobre exaustão no trabalho: como perceber cedo e "
                "onde encontrar apoio.",
            ),
        },
        "heading": "What burnout can look like",
        "paragraph": (
            "<p>Burnout builds slowly. You might feel tired however much you rest, distant from "
            "work you used to care about, or less effective than before. These are signs to "
            "take seriously, not a personal failing, and things can get better with support."
            "</p>"
        ),
        "caption": "Small breaks, taken often, add up.",
        "alt": "A mug of tea on a windowsill with a view of trees.",
        "quote": (
            "I thought I just needed a holiday. Talking to a counsellor helped me see what "
            "needed to change, and my manager helped me change it.",
            "A colleague in Lisbon",
        ),
        "question": "What helps you switch off at the end of the working day?",
        "document": ("Spotting the early signs of burnout", "burnout-early-signs.txt"),
        "toolkit": ("Burnout conversation slides", "burnout-conversation-slides.txt"),
        "cta": "Book a confidential counselling call",
        # The rest of the campaign's own text in each language, field by field as above (the
        # document's title is the title of its resource link).
        "body_text": {
            "sv": {
                "content_notes": "Handlar om utbrändhet, utmattning och stress.",
                "alt": "En mugg te på en fönsterbräda med utsikt över träd.",
                "heading": "Hur utbrändhet kan se ut",
                "paragraph": (
                    "<p>Utbrändhet växer fram långsamt. Du kanske känner dig trött hur mycket du "
                    "än vilar, distanserad från ett arbete som du brukade bry dig om, eller "
                    "mindre effektiv än tidigare. Det är tecken att ta på allvar, inte ett "
                    "personligt misslyckande, och med stöd kan det bli bättre.</p>"
                ),
                "caption": "Små pauser, ofta, gör skillnad i längden.",
                "quote": (
                    "Jag trodde att jag bara behövde semester. Samtalen med en samtalsterapeut "
                    "hjälpte mig att se vad som behövde förändras, och min chef hjälpte mig att "
                    "förändra det.",
                    "En kollega i Lissabon",
                ),
                "question": "Vad hjälper dig att koppla av när arbetsdagen är slut?",
                "document": "Att känna igen tidiga tecken på utbrändhet",
                "cta": "Boka ett konfidentiellt stödsamtal",
            },
            "de": {
                "content_notes": "Behandelt Burnout, Erschöpfung und Stress.",
                "alt": "Ein Becher Tee auf einer Fensterbank mit Blick auf Bäume.",
                "heading": "Wie Burnout aussehen kann",
                "paragraph": (
                    "<p>Burnout entsteht langsam. Vielleicht bist du müde, egal wie viel du dich "
                    "ausruhst, fühlst dich innerlich weit weg von einer Arbeit, die dir früher "
                    "wichtig war, oder bist weniger leistungsfähig als sonst. Das sind "
                    "Anzeichen, die du ernst nehmen "
                    "solltest, kein persönliches Versagen, und mit Unterstützung kann es besser "
                    "werden.</p>"
                ),
                "caption": "Kleine, häufige Pausen machen einen Unterschied.",
                "quote": (
                    "Ich dachte, ich bräuchte einfach Urlaub. Die Gespräche mit einer Beraterin "
                    "haben mir gezeigt, was sich ändern musste, und meine Führungskraft hat mir "
                    "geholfen, es zu ändern.",
                    "Eine Kollegin in Lissabon",
                ),
                "question": "Was hilft dir, nach Feierabend abzuschalten?",
                "document": "Frühe Anzeichen von Burnout erkennen",
                "cta": "Buche ein vertrauliches Beratungsgespräch",
            },
            "es": {
                "content_notes": "Trata sobre el agotamiento laboral, el cansancio extremo y el "
                "estrés.",
                "alt": "Una taza de té en el alféizar de una ventana con vistas a los árboles.",
                "heading": "Cómo puede manifestarse el agotamiento",
                "paragraph": (
                    "<p>El agotamiento se va acumulando poco a poco. Puede que te sientas "
                    "cansado por mucho que descanses, distanciado de un trabajo que te importaba "
                    "o menos eficaz que de costumbre. Son señales que hay que tomarse en "
                    "serio, no un fracaso personal, y con apoyo las cosas pueden mejorar.</p>"
                ),
                "caption": "Las pausas pequeñas y frecuentes suman.",
                "quote": (
                    "Pensaba que solo necesitaba unas vacaciones. Hablar con una psicóloga me "
                    "ayudó a ver qué tenía que cambiar, y mi responsable me ayudó a cambiarlo.",
                    "Una compañera en Lisboa",
                ),
                "question": "¿Qué te ayuda a desconectar al final de la jornada?",
                "document": "Cómo detectar las primeras señales del agotamiento",
                "cta": "Pide una llamada confidencial de apoyo psicológico",
            },
            "fr": {
                "content_notes": "Aborde l'épuisement professionnel, la fatigue intense et le "
                "stress.",
                "alt": "Une tasse de thé sur un rebord de fenêtre, avec vue sur des arbres.",
                "heading": "À quoi peut ressembler l'épuisement professionnel",
                "paragraph": (
                    "<p>L'épuisement professionnel s'installe lentement. Vous vous sentez "
                    "peut-être fatigué malgré le repos, détaché d'un travail qui vous tenait à "
                    "cœur, ou moins efficace qu'avant. Ce sont des signes à prendre au sérieux, "
                    "pas un échec personnel, et les choses peuvent s'améliorer avec du "
                    "soutien.</p>"
                ),
                "caption": "Les petites pauses, prises souvent, font la différence.",
                "quote": (
                    "Je pensais avoir simplement besoin de vacances. Parler à une psychologue "
                    "m'a permis de voir ce qui devait changer, et ma responsable m'a aidée à le "
                    "changer.",
                    "Une collègue à Lisbonne",
                ),
                "question": "Qu'est-ce qui vous aide à décrocher à la fin de la journée de "
                "travail ?",
                "document": "Repérer les premiers signes de l'épuisement professionnel",
                "cta": "Réservez un entretien confidentiel avec un psychologue",
            },
            "pt-br": {
                "content_notes": "Aborda burnout, exaustão e estresse.",
                "alt": "Uma caneca de chá no parapeito de uma janela com vista para árvores.",
                "heading": "Como o burnout pode se manifestar",
                "paragraph": (
                    "<p>O burnout se instala aos poucos. Você pode se sentir cansado por mais "
                    "que descanse, distante de um trabalho com o qual se importava ou menos "
                    "produtivo do que antes. São sinais para levar a sério, não uma falha "
                    "pessoal, e as coisas podem melhorar com apoio.</p>"
                ),
                "caption": "Pequenas pausas, feitas com frequência, fazem diferença.",
                "quote": (
                    "Eu achava que só precisava de férias. Conversar com uma psicóloga me ajudou "
                    "a ver o que precisava mudar, e minha gestora me ajudou a mudar.",
                    "Uma colega em Lisboa",
                ),
                "question": "O que ajuda você a se desligar no fim do dia de trabalho?",
                "document": "Como identificar os primeiros sinais de burnout",
                "cta": "Agende uma conversa confidencial com um psicólogo",
            },
        },
    },
    {
        "slug": "open-up-week",
        "pillar": "conversation",
        "topics": ["anxiety", "neurodiversity"],
        "dates": (21, 25),
        "colour": "#3f4a8a",
        "content_notes": "",
        "text": {
            "en": (
                "Open up: a week of conversations",
                "Five days, five short team conversations about how we really are. No experts "
                "needed.",
            ),
            "sv": (
                "Öppna upp: en vecka av samtal",
                "Fem dagar, fem korta samtal i teamet om hur vi egentligen mår. Inga experter "
                "behövs.",
            ),
            "de": (
                "Sprich darüber: eine Woche der Gespräche",
                "Fünf Tage, fünf kurze Teamgespräche darüber, wie es uns wirklich geht. Keine "
                "Fachleute nötig.",
            ),
            "es": (
                "Abramos la conversación: una semana para hablar",
                "Cinco días, cinco conversaciones breves en equipo sobre cómo estamos de verdad. "
                "No hace falta ser experto.",
            ),
            "fr": (
                "Ouvrons le dialogue : une semaine d'échanges",
                "Cinq jours, cinq courtes conversations en équipe sur comment nous allons "
                "vraiment. Aucun expert nécessaire.",
            ),
            "pt-br": (
                "Vamos conversar: uma semana de conversas",
                "Cinco dias, cinco conversas curtas em equipe sobre como estamos de verdade. "
                "Não é preciso ser especialista.",
            ),
        },
        "heading": "Why a conversation helps",
        "paragraph": (
            "<p>Most of us find it easier to talk once someone else has gone first. This week "
            "gives every team a simple question a day and a few minutes to listen. Nobody has "
            "to share anything they do not want to.</p>"
        ),
        "caption": "Listening is taking part too.",
        "alt": "Two colleagues talking on a bench outside the office.",
        "quote": (
            "Our team started with one question over coffee. Now checking in is just what we do.",
            "A team lead in Stockholm",
        ),
        "question": "What is one small thing that helps you on a hard day?",
        "document": ("How to host a team check-in", "team-check-in-guide.txt"),
        "toolkit": ("Open up week poster", "open-up-week-poster.txt"),
        "cta": "Sign your team up",
        # The rest of the campaign's own text in each language, field by field as above.
        "body_text": {
            "sv": {
                "content_notes": "",
                "alt": "Två kollegor som pratar på en bänk utanför kontoret.",
                "heading": "Därför hjälper ett samtal",
                "paragraph": (
                    "<p>De flesta av oss tycker att det är lättare att prata när någon annan har "
                    "börjat. Den här veckan får varje team en enkel fråga om dagen och några "
                    "minuter att lyssna. Ingen behöver berätta något som de inte vill.</p>"
                ),
                "caption": "Att lyssna är också att vara med.",
                "quote": (
                    "Vårt team började med en fråga över en kopp kaffe. Nu är det självklart för "
                    "oss att höra hur alla mår.",
                    "En teamledare i Stockholm",
                ),
                "question": "Vilken liten sak hjälper dig en tung dag?",
                "document": "Så leder du en check-in i teamet",
                "cta": "Anmäl ditt team",
            },
            "de": {
                "content_notes": "",
                "alt": "Zwei Kollegen unterhalten sich auf einer Bank vor dem Büro.",
                "heading": "Warum ein Gespräch hilft",
                "paragraph": (
                    "<p>Den meisten von uns fällt das Reden leichter, wenn jemand anderes den "
                    "Anfang gemacht hat. In dieser Woche bekommt jedes Team eine einfache Frage "
                    "pro Tag und ein paar Minuten zum Zuhören. Niemand muss mehr erzählen, als "
                    "er oder sie möchte.</p>"
                ),
                "caption": "Zuhören ist auch Mitmachen.",
                "quote": (
                    "Unser Team hat mit einer Frage beim Kaffee angefangen. Heute gehört es "
                    "einfach dazu, dass wir fragen, wie es allen geht.",
                    "Eine Teamleiterin in Stockholm",
                ),
                "question": "Was ist eine kleine Sache, die dir an einem schweren Tag hilft?",
                "document": "So leitest du einen Check-in im Team",
                "cta": "Melde dein Team an",
            },
            "es": {
                "content_notes": "",
                "alt": "Dos compañeros conversan en un banco frente a la oficina.",
                "heading": "Por qué ayuda hablar",
                "paragraph": (
                    "<p>A la mayoría nos resulta más fácil hablar cuando otra persona ha "
                    "empezado. Esta semana, cada equipo tendrá una pregunta sencilla al día y "
                    "unos minutos para escuchar. Nadie tiene que contar nada que no quiera.</p>"
                ),
                "caption": "Escuchar también es participar.",
                "quote": (
                    "Nuestro equipo empezó con una pregunta a la hora del café. Ahora "
                    "preguntarnos cómo estamos forma parte de nuestro día a día.",
                    "Un jefe de equipo en Estocolmo",
                ),
                "question": "¿Qué pequeña cosa te ayuda en un día difícil?",
                "document": "Cómo organizar un check-in de equipo",
                "cta": "Apunta a tu equipo",
            },
            "fr": {
                "content_notes": "",
                "alt": "Deux collègues discutent sur un banc devant le bureau.",
                "heading": "Pourquoi parler aide",
                "paragraph": (
                    "<p>La plupart d'entre nous parlent plus facilement quand quelqu'un d'autre "
                    "s'est lancé en premier. Cette semaine, chaque équipe reçoit une question "
                    "simple par jour et quelques minutes pour écouter. Personne n'est obligé de "
                    "partager quoi que ce soit contre son gré.</p>"
                ),
                "caption": "Écouter, c'est aussi participer.",
                "quote": (
                    "Notre équipe a commencé par une question autour d'un café. Aujourd'hui, "
                    "prendre des nouvelles les uns des autres fait partie de nos habitudes.",
                    "Un chef d'équipe à Stockholm",
                ),
                "question": "Quelle petite chose vous aide lors d'une journée difficile ?",
                "document": "Comment animer une météo d'équipe",
                "cta": "Inscrivez votre équipe",
            },
            "pt-br": {
                "content_notes": "",
                "alt": "Dois colegas conversando em um banco em frente ao escritório.",
                "heading": "Por que uma conversa ajuda",
                "paragraph": (
                    "<p>A maioria de nós acha mais fácil falar depois que outra pessoa começou. "
                    "Nesta semana, cada equipe recebe uma pergunta simples por dia e alguns "
                    "minutos para ouvir. Ninguém precisa compartilhar nada que não queira.</p>"
                ),
                "caption": "Ouvir também é participar.",
                "quote": (
                    "Nossa equipe começou com uma pergunta na hora do café. Agora, perguntar "
                    "como cada um está faz parte da nossa rotina.",
                    "Um líder de equipe em Estocolmo",
                ),
                "question": "Qual é uma pequena coisa que ajuda você em um dia difícil?",
                "document": "Como conduzir um check-in com a equipe",
                "cta": "Inscreva sua equipe",
            },
        },
    },
    {
        "slug": "understanding-grief",
        "pillar": "awareness",
        "topics": ["grief", "parenting"],
        "dates": (-90, -60),
        "colour": "#8a2f4f",
        "content_notes": "Discusses grief and bereavement.",
        "text": {
            "en": (
                "Understanding grief and loss",
                "How grief can affect us at work, and how to support a colleague who is grieving.",
            ),
            "sv": (
                "Att förstå sorg och förlust",
                "Hur sorg kan påverka oss på jobbet, och hur du kan stötta en kollega som sörjer.",
            ),
            "de": (
                "Trauer und Verlust verstehen",
                "Wie Trauer uns bei der Arbeit beeinflussen kann und wie du trauernde "
                "Kolleginnen und Kollegen unterstützt.",
            ),
            "es": (
                "Entender el duelo y la pérdida",
                "Cómo el duelo puede afectarnos en el trabajo y cómo apoyar a un compañero que "
                "está de duelo.",
            ),
            "fr": (
                "Comprendre le deuil et la perte",
                "Comment le deuil peut nous affecter au travail, et comment soutenir un collègue "
                "endeuillé.",
            ),
            "pt-br": (
                "Entendendo o luto e a perda",
                "Como o luto pode nos afetar no trabalho e como apoiar um colega enlutado.",
            ),
        },
        "heading": "Grief has no timetable",
        "paragraph": (
            "<p>Grief can come in waves, long after a loss. It can affect sleep, concentration "
            "and energy. There is no right way to grieve, and asking for flexibility or support "
            "is always okay.</p>"
        ),
        "caption": "A quiet place to pause.",
        "alt": "Autumn leaves on a path through a park.",
        "quote": (
            "What helped most was a colleague who simply asked how I was, and waited for the "
            "answer.",
            "A colleague in São Paulo",
        ),
        "question": "How can we make it easier to ask for support after a loss?",
        "document": ("Supporting a grieving colleague", "supporting-a-grieving-colleague.txt"),
        "toolkit": ("Grief awareness slides", "grief-awareness-slides.txt"),
        "cta": "Read the bereavement leave guide",
        # The rest of the campaign's own text in each language, field by field as above.
        "body_text": {
            "sv": {
                "content_notes": "Handlar om sorg och om att förlora någon närstående.",
                "alt": "Höstlöv på en gångväg genom en park.",
                "heading": "Sorg följer ingen tidtabell",
                "paragraph": (
                    "<p>Sorg kan komma i vågor, långt efter en förlust. Den kan påverka sömn, "
                    "koncentration och ork. Det finns inget rätt sätt att sörja, och det är "
                    "alltid okej att be om flexibilitet eller stöd.</p>"
                ),
                "caption": "En lugn plats att stanna upp på.",
                "quote": (
                    "Det som hjälpte mest var en kollega som helt enkelt frågade hur jag mådde, "
                    "och väntade på svaret.",
                    "En kollega i São Paulo",
                ),
                "question": "Hur kan vi göra det lättare att be om stöd efter en förlust?",
                "document": "Att stötta en kollega som sörjer",
                "cta": "Läs guiden om ledighet vid dödsfall",
            },
            "de": {
                "content_notes": "Behandelt Trauer und den Verlust nahestehender Menschen.",
                "alt": "Herbstlaub auf einem Weg durch einen Park.",
                "heading": "Trauer folgt keinem Zeitplan",
                "paragraph": (
                    "<p>Trauer kann in Wellen kommen, auch lange nach einem Verlust. Sie kann "
                    "Schlaf, Konzentration und Energie beeinträchtigen. Es gibt keinen richtigen "
                    "Weg zu trauern, und es ist immer in Ordnung, um Flexibilität oder "
                    "Unterstützung zu bitten.</p>"
                ),
                "caption": "Ein ruhiger Ort zum Innehalten.",
                "quote": (
                    "Am meisten geholfen hat mir ein Kollege, der einfach gefragt hat, wie es mir "
                    "geht, und auf die Antwort gewartet hat.",
                    "Eine Kollegin in São Paulo",
                ),
                "question": "Wie können wir es leichter machen, nach einem Verlust um "
                "Unterstützung zu bitten?",
                "document": "Trauernde Kolleginnen und Kollegen unterstützen",
                "cta": "Lies den Leitfaden zum Sonderurlaub im Trauerfall",
            },
            "es": {
                "content_notes": "Trata sobre el duelo y la pérdida de un ser querido.",
                "alt": "Hojas de otoño en un sendero que atraviesa un parque.",
                "heading": "El duelo no tiene calendario",
                "paragraph": (
                    "<p>El duelo puede llegar en oleadas, mucho tiempo después de una pérdida. "
                    "Puede afectar al sueño, la concentración y la energía. No hay una forma "
                    "correcta de vivir el duelo, y pedir flexibilidad o apoyo siempre está "
                    "bien.</p>"
                ),
                "caption": "Un lugar tranquilo para hacer una pausa.",
                "quote": (
                    "Lo que más me ayudó fue un compañero que simplemente me preguntó cómo "
                    "estaba y esperó mi respuesta.",
                    "Una compañera en São Paulo",
                ),
                "question": "¿Cómo podemos hacer que sea más fácil pedir apoyo tras una pérdida?",
                "document": "Cómo apoyar a un compañero en duelo",
                "cta": "Lee la guía sobre el permiso por fallecimiento",
            },
            "fr": {
                "content_notes": "Aborde le deuil et la perte d'un proche.",
                "alt": "Des feuilles d'automne sur une allée qui traverse un parc.",
                "heading": "Le deuil n'a pas de calendrier",
                "paragraph": (
                    "<p>Le deuil peut revenir par vagues, longtemps après une perte. Il peut "
                    "affecter le sommeil, la concentration et l'énergie. Il n'y a pas de bonne "
                    "façon de vivre un deuil, et demander de la souplesse ou du soutien est "
                    "toujours légitime.</p>"
                ),
                "caption": "Un endroit calme pour faire une pause.",
                "quote": (
                    "Ce qui m'a le plus aidée, c'est un collègue qui m'a simplement demandé "
                    "comment j'allais, et qui a attendu la réponse.",
                    "Une collègue à São Paulo",
                ),
                "question": "Comment rendre plus simple le fait de demander du soutien après "
                "une perte ?",
                "document": "Soutenir un collègue endeuillé",
                "cta": "Lisez le guide sur le congé pour deuil",
            },
            "pt-br": {
                "content_notes": "Aborda o luto e a perda de pessoas queridas.",
                "alt": "Folhas de outono em um caminho que atravessa um parque.",
                "heading": "O luto não tem prazo",
                "paragraph": (
                    "<p>O luto pode vir em ondas, muito tempo depois de uma perda. Ele pode "
                    "afetar o sono, a concentração e a energia. Não existe um jeito certo de "
                    "viver o luto, e pedir flexibilidade ou apoio é sempre válido.</p>"
                ),
                "caption": "Um lugar tranquilo para fazer uma pausa.",
                "quote": (
                    "O que mais me ajudou foi um colega que simplesmente perguntou como eu "
                    "estava e esperou a resposta.",
                    "Uma colega em São Paulo",
                ),
                "question": "Como podemos tornar mais fácil pedir apoio depois de uma perda?",
                "document": "Como apoiar um colega enlutado",
                "cta": "Leia o guia sobre a licença por luto",
            },
        },
    },
]


def demo_document(title, filename, loader):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, collection=Collection.get_first_root_node())
        text = f"{title}\n\nDemo content for the Heart & Soul campaign toolkit.\n"
        document.file.save(filename, ContentFile(text.encode()), save=False)
        document.save()
        loader.created["documents"] += 1
    return document


def demo_image(title, colour, loader):
    image = CustomImage.objects.filter(title=title).first()
    if image is None:
        image = CustomImageFactory(title=title, file__color=colour)
        loader.created["images"] += 1
    return image


def featured_audio():
    """The demo library's first episode and playlist (built before campaigns), when present."""
    episode = EpisodePage.objects.filter(locale__language_code="en").live().first()
    playlist = PlaylistPage.objects.filter(locale__language_code="en").live().first()
    blocks = []
    if episode:
        blocks.append(("featured_episode", {"episode": episode, "note": ""}))
    if playlist:
        blocks.append(("featured_playlist", {"playlist": playlist, "note": ""}))
    return blocks


def campaign_body(spec, image, document, support_page):
    quote, attribution = spec["quote"]
    return [
        ("heading", {"text": spec["heading"], "level": "h2"}),
        ("paragraph", RichText(spec["paragraph"])),
        (
            "figure",
            {
                "image": {"image": image, "alt_text": spec["alt"], "decorative": False},
                "caption": spec["caption"],
            },
        ),
        ("quote", {"quote": quote, "attribution": attribution}),
        (
            "conversation_starter",
            {
                "question": spec["question"],
                "guidance": SHARED_TEXT["guidance"]["en"],
            },
        ),
        (
            "resource_links",
            {
                "heading": SHARED_TEXT["resources_heading"]["en"],
                "links": [
                    {
                        "title": document.title,
                        "document": document,
                        "url": "",
                        "description": SHARED_TEXT["guide_description"]["en"],
                    },
                    {
                        "title": SHARED_TEXT["support_link"]["en"],
                        "document": None,
                        "url": "https://example.com/support",
                        "description": "",
                    },
                ],
            },
        ),
        *featured_audio(),
        ("call_to_action", {"text": spec["cta"], "page": support_page, "url": ""}),
        (
            "talk_to_someone",
            {
                "heading": SHARED_TEXT["talk_to_someone_heading"]["en"],
                "text": SHARED_TEXT["talk_to_someone_text"]["en"],
            },
        ),
    ]


def own_segments(text):
    """A campaign's own text (its spec, or one language of its `body_text`) as the strings
    wagtail-localize extracts, in a fixed order: a paragraph's segment is the text inside its
    `<p>`, the quote is two segments and the document gives its resource link's title."""
    quote, attribution = text["quote"]
    document = text["document"]
    return [
        text["content_notes"],
        text["alt"],
        text["heading"],
        text["paragraph"].removeprefix("<p>").removesuffix("</p>"),
        text["caption"],
        quote,
        attribution,
        text["question"],
        document[0] if isinstance(document, tuple) else document,
        text["cta"],
    ]


def campaign_strings(spec, code):
    """Every English string of the campaign's page mapped to its translation into `code`."""
    strings = dict(zip(spec["text"]["en"], spec["text"][code], strict=True))
    strings.update(zip(own_segments(spec), own_segments(spec["body_text"][code]), strict=True))
    strings.update((texts["en"], texts[code]) for texts in SHARED_TEXT.values())
    strings.pop("", None)  # a campaign without content notes
    return strings


def slug_strings(slug, code):
    translated = SLUG_TRANSLATIONS.get(slug, {}).get(code)
    return {slug: translated} if translated else {}


def translate_english_slug(source, locale, strings, code):
    """A demo loaded before slugs were translated: give the copy its slug in `code`."""
    if source.get_translation(locale).slug == source.slug and slug_strings(source.slug, code):
        refresh_demo_translation(source, locale, {**strings, **slug_strings(source.slug, code)})


def build_demo(loader):
    english_home = loader.homes["en"]
    english = english_home.locale
    index = CampaignIndexPage.objects.filter(locale=english).first()
    if index is None:
        index = CampaignIndexPageFactory(
            parent=english_home, locale=english, show_in_menus=True, **INDEX
        )
        index.save_revision().publish()
        loader.created["campaign index pages"] += 1
    for code, locale in loader.locales.items():
        if code == "en":
            continue
        title, introduction = INDEX_TRANSLATIONS[code]
        strings = {INDEX["title"]: title, INDEX["introduction"]: introduction}
        if not index.has_translation(locale):
            translate_demo_object(index, locale, {**strings, **slug_strings(index.slug, code)})
            loader.created["campaign index pages"] += 1
        else:
            translate_english_slug(index, locale, strings, code)

    support_page = SupportPage.objects.filter(locale=english).first()
    today = campaign_today()
    for spec in CAMPAIGNS:
        campaign = CampaignPage.objects.filter(locale=english, slug=spec["slug"]).first()
        if campaign is None:
            title, introduction = spec["text"]["en"]
            image = demo_image(f"{title} (campaign image)", spec["colour"], loader)
            document = demo_document(*spec["document"], loader)
            toolkit_document = demo_document(*spec["toolkit"], loader)
            starts, ends = spec["dates"]
            campaign = CampaignPageFactory(
                parent=index,
                locale=english,
                slug=spec["slug"],
                title=title,
                introduction=introduction,
                content_notes=spec["content_notes"],
                pillar=Pillar.objects.get(locale=english, slug=spec["pillar"]),
                starts_on=today + datetime.timedelta(days=starts),
                ends_on=today + datetime.timedelta(days=ends),
                hero_image=image,
                hero_image_alt=spec["alt"],
                listing_image=image,
                body=campaign_body(spec, image, document, support_page),
                toolkit=[
                    ("document", {"document": toolkit_document, "title": "", "description": ""})
                ],
                cta_text=SHARED_TEXT["cta_text"]["en"],
                cta_page=support_page,
            )
            for sort_order, slug in enumerate(spec["topics"]):
                CampaignTopic.objects.create(
                    page=campaign,
                    topic=Topic.objects.get(locale=english, slug=slug),
                    sort_order=sort_order,
                )
            campaign.save_revision().publish()
            loader.created["campaigns"] += 1
        for code, locale in loader.locales.items():
            if code == "en":
                continue
            if campaign.has_translation(locale):
                translate_english_slug(campaign, locale, campaign_strings(spec, code), code)
                continue
            strings = {**campaign_strings(spec, code), **slug_strings(campaign.slug, code)}
            translate_demo_object(campaign, locale, strings)
            loader.created["campaigns"] += 1
