"""Interface strings: message catalogues for all six languages, compiled, complete for the
front end, with matching placeholders, and not stale (CI fails when code or templates gain a
string that `make messages` has not added)."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.core.management.commands.compile_catalogues import placeholders

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "locale"
TRANSLATED = ["sv", "de", "es", "fr", "pt_BR"]
LANGUAGES = ["en", *TRANSLATED]
# Interface strings of pages employees see (the admin's own screens may stay in English).
FRONT_END = ("templates/",)


def catalogue(language):
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def msgids(po):
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in po if not e.obsolete}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_a_compiled_catalogue(language):
    assert (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").exists()
    assert (LOCALE_DIR / language / "LC_MESSAGES" / "django.mo").exists()


def test_compiled_catalogues_match_their_sources():
    call_command("compile_catalogues", "--check")


def test_every_language_lists_the_same_strings():
    english = msgids(catalogue("en"))
    assert len(english) > 100
    for language in TRANSLATED:
        assert msgids(catalogue(language)) == english, language


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_front_end_string_is_translated(language):
    missing = [
        entry.msgid
        for entry in catalogue(language)
        if any(path.startswith(FRONT_END) for path, _line in entry.occurrences)
        and not entry.translated()
    ]
    assert not missing, f"{language}: {missing}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_source_placeholders(language):
    for entry in catalogue(language).translated_entries():
        source = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural or ""))
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert set(placeholders(text)) == source, (language, entry.msgid, text)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="makemessages needs GNU gettext")
def test_catalogues_are_not_stale(tmp_path):
    """Run makemessages on a copy of the code and compare its strings with the committed ones."""
    ignore = shutil.ignore_patterns("locale", "static", "__pycache__", "*.pyc", "media")
    for name in ("cms", "campaigns", "library", "search", "templates"):
        if (BASE_DIR / name).exists():
            shutil.copytree(BASE_DIR / name, tmp_path / name, ignore=ignore)
    shutil.copy(BASE_DIR / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "--ignore=tests"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    fresh = msgids(polib.pofile(str(tmp_path / "locale" / "sv" / "LC_MESSAGES" / "django.po")))
    committed = msgids(catalogue("sv"))
    assert fresh - committed == set(), "New strings: run `make messages` and translate them."
    assert committed - fresh == set(), "Strings no longer used: run `make messages`."


def test_a_translation_with_a_foreign_placeholder_is_refused(tmp_path, settings):
    path = tmp_path / "sv" / "LC_MESSAGES"
    path.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(
        polib.POEntry(msgid="Call %(number)s", msgstr="Ring %(nummer)s", flags=["python-format"])
    )
    po.save(str(path / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]

    with pytest.raises(CommandError, match="placeholders"):
        call_command("compile_catalogues")
    assert not (path / "django.mo").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, expected",
    [
        ("sv", ["Logga in", "Hoppa till huvudinnehållet", "Allt du lyssnar på här är privat."]),
        ("de", ["Anmelden", "Zum Hauptinhalt springen"]),
        ("es", ["Iniciar sesión", "Si estás en peligro inmediato"]),
        ("fr", ["Se connecter", "appelez le numéro d'urgence"]),
        ("pt-br", ["Entrar", "Pular para o conteúdo principal"]),
    ],
)
def test_the_login_page_speaks_the_language_of_its_address(client, language, expected):
    html = client.get(f"/{language}/login/").content.decode()
    assert f'<html lang="{language}">' in html
    for text in expected:
        assert text in html


@pytest.mark.django_db
def test_a_swedish_page_has_swedish_interface_strings(client, employee, site_tree):
    client.force_login(employee)
    html = client.get(site_tree["sv"].url).content.decode()
    assert "Logga ut" in html
    assert "Hoppa till huvudinnehållet" in html
    assert ">Log out<" not in html
