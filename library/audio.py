"""Recognise and describe uploaded audio by its content, never by its name.

`inspect_audio(file)` returns an `AudioInfo` (format, duration, bitrate, …) or raises
`AudioRejected` with a message an editor can act on. It reads the file in bounded chunks, so a
large upload (spooled to disk by Django) is never loaded into memory whole.
"""

import io
import struct
from dataclasses import dataclass

import mutagen
from django.utils.translation import gettext as _
from mutagen.aac import AAC
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

ACCEPTED_FORMATS_TEXT = "MP3, M4A/AAC, Ogg/Opus or WAV"
CHUNK_SIZE = 1024 * 1024


class AudioRejected(Exception):
    """The file is not audio we accept; the message says why, for the editor."""


@dataclass(frozen=True)
class AudioFormat:
    name: str
    extension: str
    mime_type: str
    parser: type


MP3_FORMAT = AudioFormat("MP3", "mp3", "audio/mpeg", MP3)
M4A_FORMAT = AudioFormat("M4A (AAC)", "m4a", "audio/mp4", MP4)
AAC_FORMAT = AudioFormat("AAC", "aac", "audio/aac", AAC)
OPUS_FORMAT = AudioFormat("Ogg Opus", "opus", "audio/ogg", OggOpus)
VORBIS_FORMAT = AudioFormat("Ogg Vorbis", "ogg", "audio/ogg", OggVorbis)
WAV_FORMAT = AudioFormat("WAV", "wav", "audio/wav", WAVE)

# What a rejected file most likely is, to name it in the error message.
NON_AUDIO_SIGNATURES = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"{\\rtf", "an RTF document"),
]


@dataclass(frozen=True)
class AudioInfo:
    format: AudioFormat
    duration_seconds: float
    size_bytes: int
    bitrate: int | None
    sample_rate: int | None
    channels: int | None

    @property
    def mime_type(self):
        return self.format.mime_type

    @property
    def extension(self):
        return self.format.extension


def inspect_audio(file, max_bytes=None):
    size = file_size(file)
    if size == 0:
        raise AudioRejected(_("The file is empty."))
    if max_bytes is not None and size > max_bytes:
        raise AudioRejected(
            _("The file is %(size)s; the largest audio file accepted is %(limit)s.")
            % {"size": human_size(size), "limit": human_size(max_bytes)}
        )
    file.seek(0)
    head = file.read(64)
    audio_format, audio_start = sniff_format(file, head)
    check_complete(audio_format, file, audio_start, size)

    file.seek(0)
    try:
        parsed = audio_format.parser(NamelessReader(file))
    except mutagen.MutagenError as error:
        raise AudioRejected(
            _("The %(format)s file is damaged and cannot be read (%(detail)s).")
            % {"format": audio_format.name, "detail": error}
        ) from error
    info = parsed.info
    duration = float(getattr(info, "length", 0) or 0)
    if duration <= 0:
        raise AudioRejected(
            _("The %(format)s file contains no audio.") % {"format": audio_format.name}
        )
    bitrate = getattr(info, "bitrate", None) or int(size * 8 / duration)
    sample_rate = getattr(info, "sample_rate", None)
    if audio_format is OPUS_FORMAT:
        sample_rate = 48000  # Opus always decodes at 48 kHz
    return AudioInfo(
        format=audio_format,
        duration_seconds=round(duration, 3),
        size_bytes=size,
        bitrate=int(bitrate) if bitrate else None,
        sample_rate=int(sample_rate) if sample_rate else None,
        channels=getattr(info, "channels", None),
    )


class NamelessReader(io.RawIOBase):
    """Hides the file name so that no parser is swayed by the extension."""

    def __init__(self, file):
        self._file = file

    def readable(self):
        return True

    def seekable(self):
        return True

    def read(self, size=-1):
        return self._file.read(size)

    def readinto(self, buffer):
        data = self._file.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset, whence=io.SEEK_SET):
        return self._file.seek(offset, whence)

    def tell(self):
        return self._file.tell()


def file_size(file):
    size = getattr(file, "size", None)
    if size is None:
        current = file.tell()
        size = file.seek(0, io.SEEK_END)
        file.seek(current)
    return size


def human_size(size):
    megabytes = size / (1024 * 1024)
    if megabytes >= 1:
        return f"{megabytes:,.0f} MB" if megabytes >= 10 else f"{megabytes:,.1f} MB"
    return f"{size / 1024:,.0f} KB"


def sniff_format(file, head):
    """Returns (format, offset of the first audio byte) or raises AudioRejected."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV_FORMAT, 0
    if head[:4] == b"OggS":
        file.seek(0)
        first_page = file.read(512)
        if b"OpusHead" in first_page:
            return OPUS_FORMAT, 0
        if b"\x01vorbis" in first_page:
            return VORBIS_FORMAT, 0
        raise AudioRejected(_("This Ogg file holds neither Opus nor Vorbis audio."))
    if head[4:8] == b"ftyp":
        return M4A_FORMAT, 0
    audio_start = 0
    if head[:3] == b"ID3" and len(head) >= 10:
        tag_size = syncsafe_int(head[6:10]) + 10
        if head[5] & 0x10:  # footer present
            tag_size += 10
        audio_start = tag_size
        file.seek(audio_start)
        head = file.read(4)
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        layer_bits = (head[1] >> 1) & 0b11
        if layer_bits == 0:
            return AAC_FORMAT, audio_start
        return MP3_FORMAT, audio_start
    raise AudioRejected(describe_non_audio(head if audio_start == 0 else b""))


def describe_non_audio(head):
    looks_like = None
    for signature, description in NON_AUDIO_SIGNATURES:
        if head.startswith(signature):
            looks_like = description
            break
    if looks_like is None:
        text = head.lstrip().lower()
        if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
            looks_like = "an HTML page"
        elif text.startswith(b"<"):
            looks_like = "an XML or HTML document"
    accepted = _("Upload %(formats)s audio.") % {"formats": ACCEPTED_FORMATS_TEXT}
    if looks_like:
        return _("This file is %(kind)s, not audio. %(accepted)s") % {
            "kind": looks_like,
            "accepted": accepted,
        }
    return _("This file is not audio in a format we accept. %(accepted)s") % {"accepted": accepted}


def syncsafe_int(data):
    return (data[0] << 21) | (data[1] << 14) | (data[2] << 7) | data[3]


def truncated(audio_format):
    return AudioRejected(
        _(
            "The %(format)s file is incomplete: it ends part-way through. "
            "The upload or export may have been interrupted; export it again."
        )
        % {"format": audio_format.name}
    )


def damaged(audio_format, offset):
    return AudioRejected(
        _("The %(format)s file is damaged at byte %(offset)s and cannot be played reliably.")
        % {"format": audio_format.name, "offset": f"{offset:,}"}
    )


def check_complete(audio_format, file, audio_start, size):
    checks = {
        MP3_FORMAT: check_mpeg_frames,
        AAC_FORMAT: check_adts_frames,
        M4A_FORMAT: check_mp4_boxes,
        WAV_FORMAT: check_riff_chunks,
        OPUS_FORMAT: check_ogg_ending,
        VORBIS_FORMAT: check_ogg_ending,
    }
    checks[audio_format](audio_format, file, audio_start, size)


class ChunkReader:
    """Random access to a file through one sliding buffer: frame walks without loading it."""

    def __init__(self, file):
        self.file = file
        self.buffer_start = 0
        self.buffer = b""

    def read_at(self, offset, length):
        end = offset + length
        if offset < self.buffer_start or end > self.buffer_start + len(self.buffer):
            self.file.seek(offset)
            self.buffer = self.file.read(max(CHUNK_SIZE, length))
            self.buffer_start = offset
        start = offset - self.buffer_start
        return self.buffer[start : start + length]


# MPEG audio header tables: bitrates (kbit/s) by (is MPEG-1, layer); sample rates by version.
MPEG_BITRATES = {
    (True, 1): [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    (True, 2): [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    (True, 3): [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    (False, 1): [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    (False, 2): [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    (False, 3): [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
}
MPEG_SAMPLE_RATES = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}
TRAILING_TAGS = (b"TAG", b"APETAGEX", b"LYRICS")


def mpeg_frame_length(header):
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version_bits = (header[1] >> 3) & 0b11
    layer = 4 - ((header[1] >> 1) & 0b11)
    bitrate_index = header[2] >> 4
    rate_index = (header[2] >> 2) & 0b11
    padding = (header[2] >> 1) & 1
    if version_bits == 1 or layer == 4 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    mpeg1 = version_bits == 3
    bitrate = MPEG_BITRATES[(mpeg1, layer)][bitrate_index] * 1000
    sample_rate = MPEG_SAMPLE_RATES[version_bits][rate_index]
    if layer == 1:
        return (12 * bitrate // sample_rate + padding) * 4
    if layer == 3 and not mpeg1:
        return 72 * bitrate // sample_rate + padding
    return 144 * bitrate // sample_rate + padding


def ends_with_tags(reader, offset, size):
    tail = reader.read_at(offset, min(size - offset, 16))
    return tail.startswith(TRAILING_TAGS)


def check_mpeg_frames(audio_format, file, audio_start, size):
    reader = ChunkReader(file)
    offset = audio_start
    frames = 0
    while offset < size:
        header = reader.read_at(offset, 4)
        length = mpeg_frame_length(header)
        if length is None:
            if frames and ends_with_tags(reader, offset, size):
                return
            if len(header) < 4 and frames:
                raise truncated(audio_format)
            raise damaged(audio_format, offset)
        if offset + length > size:
            raise truncated(audio_format)
        offset += length
        frames += 1
    if frames == 0:
        raise AudioRejected(_("The MP3 file contains no audio."))


def check_adts_frames(audio_format, file, audio_start, size):
    reader = ChunkReader(file)
    offset = audio_start
    while offset < size:
        header = reader.read_at(offset, 7)
        if len(header) < 7:
            raise truncated(audio_format)
        if header[0] != 0xFF or header[1] & 0xF6 != 0xF0:
            if ends_with_tags(reader, offset, size):
                return
            raise damaged(audio_format, offset)
        length = ((header[3] & 0x03) << 11) | (header[4] << 3) | (header[5] >> 5)
        if length < 7:
            raise damaged(audio_format, offset)
        if offset + length > size:
            raise truncated(audio_format)
        offset += length


def check_mp4_boxes(audio_format, file, audio_start, size):
    offset = 0
    seen = set()
    while offset < size:
        file.seek(offset)
        header = file.read(16)
        if len(header) < 8:
            raise truncated(audio_format)
        box_size, box_type = struct.unpack(">I4s", header[:8])
        if box_size == 1:
            if len(header) < 16:
                raise truncated(audio_format)
            box_size = struct.unpack(">Q", header[8:16])[0]
        elif box_size == 0:
            box_size = size - offset
        if box_size < 8:
            raise damaged(audio_format, offset)
        if offset + box_size > size:
            raise truncated(audio_format)
        seen.add(box_type)
        offset += box_size
    if b"moov" not in seen or b"mdat" not in seen:
        raise truncated(audio_format)


def check_riff_chunks(audio_format, file, audio_start, size):
    file.seek(0)
    riff_header = file.read(12)
    declared = struct.unpack("<I", riff_header[4:8])[0] + 8
    if declared > size:
        raise truncated(audio_format)
    offset = 12
    seen = set()
    while offset + 8 <= declared:
        file.seek(offset)
        chunk_id, chunk_size = struct.unpack("<4sI", file.read(8))
        if offset + 8 + chunk_size > size:
            raise truncated(audio_format)
        seen.add(chunk_id)
        offset += 8 + chunk_size + (chunk_size & 1)
    if b"fmt " not in seen or b"data" not in seen:
        raise truncated(audio_format)


def check_ogg_ending(audio_format, file, audio_start, size):
    """The last Ogg page must be complete and marked end-of-stream."""
    tail_start = max(0, size - 70 * 1024)  # an Ogg page is at most ~65 KB
    file.seek(tail_start)
    tail = file.read()
    last_page = tail.rfind(b"OggS")
    if last_page < 0 or len(tail) - last_page < 27:
        raise truncated(audio_format)
    header = tail[last_page : last_page + 27]
    segment_count = header[26]
    lacing = tail[last_page + 27 : last_page + 27 + segment_count]
    page_length = 27 + segment_count + sum(lacing)
    if len(lacing) < segment_count or last_page + page_length != len(tail):
        raise truncated(audio_format)
    if not header[5] & 0x04:
        raise truncated(audio_format)
