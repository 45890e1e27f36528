"""WebVTT transcripts: parse an uploaded file into cues (with line-numbered errors), and write cues
back out as WebVTT or plain text."""

import html
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

TIMESTAMP = re.compile(r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
VOICE_SPAN = re.compile(r"^<v(?:\.[^\s>]+)*\s+([^>]+)>(.*?)(?:</v>)?$", re.DOTALL)
TAG = re.compile(r"<[^>]*>")


class WebVTTError(ValueError):
    def __init__(self, line_number, message):
        self.line_number = line_number
        self.message = message
        super().__init__(
            _("Line %(line)s: %(message)s") % {"line": line_number, "message": message}
        )


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str
    speaker: str = ""

    def as_block_value(self):
        return {"start": self.start, "end": self.end, "speaker": self.speaker, "text": self.text}


def parse_timestamp(value, line_number):
    match = TIMESTAMP.match(value.strip())
    if not match:
        raise WebVTTError(
            line_number,
            _("“%(value)s” is not a WebVTT timestamp (use 00:01:02.500 or 01:02.500).")
            % {"value": value.strip()},
        )
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse_webvtt(content):
    """Parse WebVTT text (str or UTF-8 bytes) into a list of Cues."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line_number = content[: error.start].count(b"\n") + 1
            raise WebVTTError(line_number, _("the file is not UTF-8 text.")) from error
    content = content.lstrip("\ufeff")
    lines = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not re.match(r"^WEBVTT([ \t].*)?$", lines[0]):
        raise WebVTTError(1, _("a WebVTT file must start with the line “WEBVTT”."))

    cues = []
    index = 1
    # Skip the header block.
    while index < len(lines) and lines[index].strip():
        index += 1
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        block_start = index
        block = []
        while index < len(lines) and lines[index].strip():
            block.append(lines[index])
            index += 1
        first = block[0]
        if first.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in first:
            continue
        timing_offset = 0 if "-->" in first else 1
        if timing_offset >= len(block) or "-->" not in block[timing_offset]:
            # A first line that starts like a time was meant as the timing line.
            looks_like_timing = bool(re.match(r"^\s*\d", first))
            raise WebVTTError(
                block_start + 1 + (0 if looks_like_timing else timing_offset),
                _("expected a cue timing line like “00:00:01.000 --> 00:00:04.000”."),
            )
        timing_line_number = block_start + 1 + timing_offset
        start_text, _arrow, rest = block[timing_offset].partition("-->")
        end_text = rest.strip().split()[0] if rest.strip() else ""
        start = parse_timestamp(start_text, timing_line_number)
        end = parse_timestamp(end_text, timing_line_number)
        if end <= start:
            raise WebVTTError(timing_line_number, _("the cue ends before it starts."))
        if cues and start < cues[-1].start:
            raise WebVTTError(
                timing_line_number, _("cues must be in order: this one starts before the last.")
            )
        text_lines = block[timing_offset + 1 :]
        if any("-->" in line for line in text_lines):
            raise WebVTTError(
                timing_line_number + 1 + next(i for i, t in enumerate(text_lines) if "-->" in t),
                _("a cue's text is missing, or a blank line is missing between cues."),
            )
        speaker, text = split_voice("\n".join(text_lines))
        if text:
            cues.append(Cue(start=start, end=end, text=text, speaker=speaker))
    if not cues:
        raise WebVTTError(len(lines), _("the file has no cues with text."))
    return cues


def split_voice(raw_text):
    speaker = ""
    match = VOICE_SPAN.match(raw_text.strip())
    if match:
        speaker = match.group(1).strip()
        raw_text = match.group(2)
    text = html.unescape(TAG.sub("", raw_text)).strip()
    return speaker, text


def format_timestamp(seconds):
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def escape_cue_text(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_webvtt(cues):
    parts = ["WEBVTT", ""]
    for cue in cues:
        parts.append(f"{format_timestamp(cue.start)} --> {format_timestamp(cue.end)}")
        text = escape_cue_text(cue.text)
        parts.append(f"<v {escape_cue_text(cue.speaker)}>{text}" if cue.speaker else text)
        parts.append("")
    return "\n".join(parts)


def render_plain_text(cues):
    lines = []
    previous_speaker = None
    for cue in cues:
        if cue.speaker and cue.speaker != previous_speaker:
            lines.append(f"{cue.speaker}: {cue.text}")
        else:
            lines.append(cue.text)
        previous_speaker = cue.speaker or previous_speaker
    return "\n".join(lines) + "\n"
